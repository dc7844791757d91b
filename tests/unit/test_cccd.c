/* The structure of the 12-digit căn cước number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cccd.h"

static void well_formed_numbers(void **state)
{
    (void)state;
    cccd_info info;
    assert_true(cccd_parse("042090001234", &info)); /* Hà Tĩnh, male, 1990 */
    assert_int_equal(info.province, 42);
    assert_false(info.female);
    assert_int_equal(info.birth_year, 1990);
    assert_true(cccd_parse("001305123456", &info)); /* Hà Nội, female, 2005 */
    assert_true(info.female);
    assert_int_equal(info.birth_year, 2005);
    assert_true(cccd_parse("096400000001", &info)); /* Cà Mau, male, 2100 */
    assert_int_equal(info.birth_year, 2100);
    assert_true(cccd_parse("038187654321", NULL));
}

static void malformed_numbers(void **state)
{
    (void)state;
    const char *bad[] = {
        NULL, "", "04209000123", "0420900012345", "04209000123a", " 42090001234",
        "003090001234", /* 003 is no province */
        "000090001234", "097090001234", "999090001234", "042-90001234",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(cccd_parse(bad[i], NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(well_formed_numbers),
        cmocka_unit_test(malformed_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
