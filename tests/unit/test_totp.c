/* RFC 6238 Appendix B and RFC 4648 §10 test vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/base32.h"
#include "org/totp.h"

static const unsigned char rfc_secret[] = "12345678901234567890";

static void rfc6238_sha1_vectors(void **state)
{
    (void)state;
    const struct { int64_t t; uint32_t code; } v[] = {
        {59, 94287082},         {1111111109, 7081804},  {1111111111, 14050471},
        {1234567890, 89005924}, {2000000000, 69279037}, {20000000000, 65353130},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        assert_int_equal(totp_code(rfc_secret, 20, v[i].t, 8), v[i].code);
    assert_int_equal(totp_code(rfc_secret, 20, 59, 6), 287082);
}

static void verify_allows_one_step_of_drift(void **state)
{
    (void)state;
    int64_t step;
    assert_true(totp_verify(rfc_secret, 20, "287082", 59, &step));
    assert_int_equal(step, 1);
    assert_true(totp_verify(rfc_secret, 20, "287082", 59 + 30, &step)); /* one step late */
    assert_true(totp_verify(rfc_secret, 20, "287082", 59 - 30, &step)); /* one step early */
    assert_false(totp_verify(rfc_secret, 20, "287082", 59 + 60, &step));
    assert_false(totp_verify(rfc_secret, 20, "28708", 59, &step));
    assert_false(totp_verify(rfc_secret, 20, "28708a", 59, &step));
    assert_false(totp_verify(rfc_secret, 20, NULL, 59, &step));
}

static void base32_vectors(void **state)
{
    (void)state;
    const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *coded[] = {"", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"};
    for (int i = 0; i < 7; i++) {
        char out[32];
        unsigned char back[16];
        base32_encode((const unsigned char *)plain[i], strlen(plain[i]), out);
        assert_string_equal(out, coded[i]);
        assert_int_equal(base32_decode(coded[i], back, sizeof back), (long)strlen(plain[i]));
        assert_memory_equal(back, plain[i], strlen(plain[i]));
    }
    unsigned char buf[8];
    assert_int_equal(base32_decode("mzxw 6ytb-oi======", buf, sizeof buf), 6);
    assert_int_equal(base32_decode("MZXW1", buf, sizeof buf), -1);
    assert_int_equal(base32_decode("MZXW6YTBOI", buf, 3), -1);
}

static void otpauth_uri(void **state)
{
    (void)state;
    char uri[256];
    assert_true(totp_uri("Xã Thượng Đức", "tiep nhan", rfc_secret, 20, uri, sizeof uri) > 0);
    assert_string_equal(uri,
                        "otpauth://totp/X%C3%A3%20Th%C6%B0%E1%BB%A3ng%20%C4%90%E1%BB%A9c:tiep%20nhan"
                        "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        "&issuer=X%C3%A3%20Th%C6%B0%E1%BB%A3ng%20%C4%90%E1%BB%A9c"
                        "&algorithm=SHA1&digits=6&period=30");
    assert_int_equal(totp_uri("x", "y", rfc_secret, 20, uri, 20), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc6238_sha1_vectors),
        cmocka_unit_test(verify_allows_one_step_of_drift),
        cmocka_unit_test(base32_vectors),
        cmocka_unit_test(otpauth_uri),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
