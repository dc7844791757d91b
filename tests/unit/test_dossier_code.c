/* Dossier codes: the national shape, formatted and checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/dossier_code.h"

static void format(void **state)
{
    (void)state;
    char code[DOSSIER_CODE_LEN];
    assert_true(dossier_code_format("000.00.12.H40", (civil_date){2026, 7, 14}, 1, code));
    assert_string_equal(code, "000.00.12.H40-260714-0001");
    assert_true(dossier_code_valid(code));
    assert_true(dossier_code_format("000.04.01.H42", (civil_date){2026, 11, 23}, 12345, code));
    assert_string_equal(code, "000.04.01.H42-261123-12345");
    assert_true(dossier_code_valid(code));
    assert_false(dossier_code_format("H40", (civil_date){2026, 7, 14}, 1, code));
    assert_false(dossier_code_format("000.00.12.H40", (civil_date){2026, 2, 30}, 1, code));
    assert_false(dossier_code_format("000.00.12.H40", (civil_date){2026, 7, 14}, 0, code));
    assert_false(dossier_code_format("000.00.12.H40", (civil_date){2026, 7, 14}, 1000000, code));
}

static void malformed(void **state)
{
    (void)state;
    const char *bad[] = {NULL, "", "000.00.12.H40-260714", "000.00.12.H40-260714-", "000.00.12.H40-261332-0001",
                         "000.00.12.H40-260714-0000", "000.00.12.H40-2607140001", "000.00.12.h40-260714-0001",
                         "000.00.12.H40-260714-00a1", "000.00.12.H40-260714-0001234"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(dossier_code_valid(bad[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(format), cmocka_unit_test(malformed)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
