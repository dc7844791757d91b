/* Sealed TOTP secrets: a secret opens with the key and account it was sealed
 * for, and with nothing else; the two-factor key is not the operator's key;
 * each seal uses a fresh nonce; a changed or cut text does not open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "org/totp.h"
#include "org/totp_seal.h"

static unsigned char operator_key[TOTP_SEAL_KEY_BYTES];
static const unsigned char secret[TOTP_SECRET_BYTES] = "12345678901234567890";

static int setup(void **state)
{
    (void)state;
    assert_true(sodium_init() >= 0);
    memset(operator_key, 0x8f, sizeof operator_key);
    return 0;
}

static void derived_key_differs_and_is_stable(void **state)
{
    (void)state;
    unsigned char a[TOTP_SEAL_KEY_BYTES], b[TOTP_SEAL_KEY_BYTES], other_operator[TOTP_SEAL_KEY_BYTES];
    totp_seal_key(operator_key, a);
    totp_seal_key(operator_key, b);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, operator_key, sizeof a);
    memset(other_operator, 0x90, sizeof other_operator);
    totp_seal_key(other_operator, b);
    assert_memory_not_equal(a, b, sizeof a);
}

static void round_trip(void **state)
{
    (void)state;
    unsigned char key[TOTP_SEAL_KEY_BYTES], out[TOTP_SEAL_MAX_SECRET];
    char sealed[TOTP_SEALED_HEX_MAX], again[TOTP_SEALED_HEX_MAX];
    size_t len = 0;
    totp_seal_key(operator_key, key);
    assert_true(totp_seal(key, 42, secret, sizeof secret, sealed, sizeof sealed));
    assert_int_equal(strlen(sealed), 2 * (24 + sizeof secret + 16));
    assert_true(totp_open(key, 42, sealed, out, sizeof out, &len));
    assert_int_equal(len, sizeof secret);
    assert_memory_equal(out, secret, sizeof secret);
    /* Nothing of the clear secret shows in the sealed text. */
    char hex[2 * sizeof secret + 1];
    sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
    assert_null(strstr(sealed, hex));
    /* A fresh nonce each time. */
    assert_true(totp_seal(key, 42, secret, sizeof secret, again, sizeof again));
    assert_string_not_equal(sealed, again);
}

static void refuses_other_key_account_or_changes(void **state)
{
    (void)state;
    unsigned char key[TOTP_SEAL_KEY_BYTES], wrong[TOTP_SEAL_KEY_BYTES], out[TOTP_SEAL_MAX_SECRET];
    char sealed[TOTP_SEALED_HEX_MAX];
    size_t len = 99;
    totp_seal_key(operator_key, key);
    assert_true(totp_seal(key, 42, secret, sizeof secret, sealed, sizeof sealed));
    /* The operator key itself is not the two-factor key. */
    assert_false(totp_open(operator_key, 42, sealed, out, sizeof out, &len));
    assert_int_equal(len, 0);
    memset(wrong, 7, sizeof wrong);
    assert_false(totp_open(wrong, 42, sealed, out, sizeof out, &len));
    /* Copied onto another account's row it does not open. */
    assert_false(totp_open(key, 43, sealed, out, sizeof out, &len));
    /* One changed digit, a cut, junk, nothing. */
    char kept = sealed[60];
    sealed[60] = kept == '0' ? '1' : '0';
    assert_false(totp_open(key, 42, sealed, out, sizeof out, &len));
    sealed[60] = kept;
    assert_true(totp_open(key, 42, sealed, out, sizeof out, &len));
    sealed[strlen(sealed) - 2] = '\0';
    assert_false(totp_open(key, 42, sealed, out, sizeof out, &len));
    assert_false(totp_open(key, 42, "xyz", out, sizeof out, &len));
    assert_false(totp_open(key, 42, "", out, sizeof out, &len));
    assert_false(totp_open(key, 42, NULL, out, sizeof out, &len));
    /* Too small a buffer for the secret. */
    assert_true(totp_seal(key, 42, secret, sizeof secret, sealed, sizeof sealed));
    assert_false(totp_open(key, 42, sealed, out, sizeof secret - 1, &len));
}

static void refuses_sizes_out_of_range(void **state)
{
    (void)state;
    unsigned char key[TOTP_SEAL_KEY_BYTES], big[TOTP_SEAL_MAX_SECRET + 1] = {0};
    char sealed[TOTP_SEALED_HEX_MAX];
    totp_seal_key(operator_key, key);
    assert_false(totp_seal(key, 1, secret, 0, sealed, sizeof sealed));
    assert_false(totp_seal(key, 1, big, sizeof big, sealed, sizeof sealed));
    assert_false(totp_seal(key, 1, secret, sizeof secret, sealed, 2 * (24 + 20 + 16)));
    assert_true(totp_seal(key, 1, secret, sizeof secret, sealed, 2 * (24 + 20 + 16) + 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(derived_key_differs_and_is_stable),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(refuses_other_key_account_or_changes),
        cmocka_unit_test(refuses_sizes_out_of_range),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
