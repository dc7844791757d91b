#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/password_policy.h"

static void accepts_a_reasonable_password(void **state)
{
    (void)state;
    assert_null(password_policy_check("Ruộng lúa xanh 2026", "tiepnhan1"));
    assert_null(password_policy_check("đồng-xanh-mát", "admin")); /* 13 characters, more bytes */
}

static void refuses_what_the_policy_forbids(void **state)
{
    (void)state;
    assert_non_null(strstr(password_policy_check("ngắn quá", "a"), "10 ký tự"));
    assert_non_null(strstr(password_policy_check("đồng xanh", "a"), "10 ký tự")); /* 9 chars, 13 bytes */
    assert_non_null(strstr(password_policy_check("xx-TiepNhan1-yy", "tiepnhan1"), "tên đăng nhập"));
    assert_non_null(strstr(password_policy_check("Password123", "u"), "phổ biến"));
    assert_non_null(strstr(password_policy_check("1234567890", "u"), "phổ biến"));
    assert_non_null(password_policy_check(NULL, "u"));
    char long_one[300];
    memset(long_one, 'a', sizeof long_one - 1);
    long_one[sizeof long_one - 1] = '\0';
    assert_non_null(strstr(password_policy_check(long_one, "u"), "quá dài"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_a_reasonable_password),
        cmocka_unit_test(refuses_what_the_policy_forbids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
