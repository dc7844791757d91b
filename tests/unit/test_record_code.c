/* Work record codes and retention periods (NĐ 30/2020 PL VI Phần II Mục III). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/record_code.h"

static void notations(void **state)
{
    (void)state;
    const char *good[] = {"01.VP", "1", "12-TCKT", "05/VX", "01.VP.2026", "99.A-b/c", "12345678901234567890"};
    const char *bad[] = {"", "VP.01", ".01", "01 VP", "01.VĂN", "01.VP;", "123456789012345678901", "01_VP"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!record_notation_valid(good[i]))
            fail_msg("\"%s\" refused", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (record_notation_valid(bad[i]))
            fail_msg("\"%s\" taken", bad[i]);
    assert_false(record_notation_valid(NULL));
}

static void retention_periods(void **state)
{
    (void)state;
    const char *good[] = {"Vĩnh viễn", "1 năm", "5 năm", "10 năm", "20 năm", "70 năm", "100 năm"};
    const char *bad[] = {"", "vĩnh viễn", "Vinh vien", "0 năm", "05 năm", "101 năm", "10năm", "10  năm",
                         "10 nam", "năm", "10 năm ", "mười năm", "1000 năm"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!record_maintenance_valid(good[i]))
            fail_msg("\"%s\" refused", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (record_maintenance_valid(bad[i]))
            fail_msg("\"%s\" taken", bad[i]);
    assert_false(record_maintenance_valid(NULL));
}

static void file_codes(void **state)
{
    (void)state;
    char code[RECORD_FILE_CODE_LEN];
    assert_true(record_file_code("000.00.01.H42", 2026, "01.VP", code, sizeof code));
    assert_string_equal(code, "000.00.01.H42.2026.01.VP");
    /* The longest of each part fits. */
    assert_true(record_file_code("000.03.01.H42", 9999, "12345678901234567890", code, sizeof code));
    assert_int_equal(strlen(code), RECORD_FILE_CODE_LEN - 1);
    /* Bad parts give no code. */
    assert_false(record_file_code("H42", 2026, "01.VP", code, sizeof code));
    assert_string_equal(code, "");
    assert_false(record_file_code("000.00.01.H42", 26, "01.VP", code, sizeof code));
    assert_false(record_file_code("000.00.01.H42", 2026, "VP", code, sizeof code));
    char small[10];
    assert_false(record_file_code("000.00.01.H42", 2026, "01.VP", small, sizeof small));
    assert_string_equal(small, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notations),
        cmocka_unit_test(retention_periods),
        cmocka_unit_test(file_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
