#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/agency_code.h"

static void valid_codes_and_depths(void **state)
{
    (void)state;
    assert_int_equal(agency_code_depth("000.00.00.H40"), 1); /* the province itself */
    assert_int_equal(agency_code_depth("000.00.12.H40"), 2); /* a commune */
    assert_int_equal(agency_code_depth("000.03.12.H40"), 3); /* an office of the commune */
    assert_int_equal(agency_code_depth("001.03.12.H40"), 4);
    assert_true(agency_code_valid("000.00.00.G01"));
}

static void malformed_codes(void **state)
{
    (void)state;
    const char *bad[] = {
        NULL, "", "000.00.12.H4", "000.00.12.H400", "000-00-12-H40", "000.00.12.h40",
        "000.00.12.140", "00A.00.12.H40", "000.0A.12.H40", "000.00.1B.H40", "000.00.12.HA0",
        "000.05.00.H40", /* level 3 used, level 2 not */
        "001.00.12.H40", /* level 4 used, level 3 not */
        " 000.00.12.H40",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(agency_code_valid(bad[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_codes_and_depths),
        cmocka_unit_test(malformed_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
