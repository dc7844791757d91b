/* Officials' signatures: a signature verifies, a changed code, file hash or
 * time does not, another operator key cannot open the key, and a revoked
 * key is replaced while what it signed still verifies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org/org.h"
#include "org/signing.h"

static char dir[] = "/tmp/xaso-signing-XXXXXX";
static store *s;
static int64_t account;
static unsigned char key[SIGNING_KEY_BYTES];

static int setup(void **state)
{
    (void)state;
    char db[128], err[256];
    assert_int_equal(sodium_init() >= 0, 1);
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/s.db", dir);
    store_config cfg = {.db_path = db, .sync_full = false};
    s = store_open(&cfg, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(org_create_demo(s), 1);
    org_account_input a = {.username = "lanhdao", .full_name = "Lãnh đạo", .unit_code = "000.00.01.H42",
                           .role = "leader", .password = "Mây trắng bay 2026"};
    org_error e;
    assert_int_equal(org_account_add(s, &a, "test", &account, &e), 0);
    assert_true(signing_operator_key("8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f", key));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

typedef struct {
    const unsigned char *key;
    int64_t key_id;
    char signature[SIGNATURE_HEX];
    int rc;
} sign_job;

static const char CODE[] = "000.04.01.H42-261123-0001";
static const char SHA[] = "7c622677e5daa788671246faf86eb85aaf96585ecae62ddad8f07dadc6907ab2";
static const char AT[] = "2026-11-23T02:00:00.000Z";

static int sign(store_conn *c, void *ctx)
{
    sign_job *j = ctx;
    j->rc = signing_sign(c, account, j->key, CODE, SHA, AT, &j->key_id, j->signature);
    return j->rc < 0 ? j->rc : 0;
}

static char *public_key_of(int64_t id, char out[PUBLIC_KEY_HEX])
{
    store_stmt *st = store_prepare(store_reader(s), "SELECT public_key FROM signing_key WHERE id = ?");
    store_bind_int64(st, 1, id);
    assert_int_equal(store_step(st), STORE_ROW);
    snprintf(out, PUBLIC_KEY_HEX, "%s", store_col_text(st, 0));
    store_reset(st);
    return out;
}

static void verify_tamper_revoke(void **state)
{
    (void)state;
    sign_job j = {.key = key};
    assert_int_equal(store_write(s, sign, &j), 0);
    assert_int_equal(j.rc, 0);
    char pk[PUBLIC_KEY_HEX];
    public_key_of(j.key_id, pk);
    assert_true(signing_verify(pk, CODE, SHA, AT, j.signature));
    assert_false(signing_verify(pk, "000.04.01.H42-261123-0002", SHA, AT, j.signature));
    assert_false(signing_verify(pk, CODE, "0c622677e5daa788671246faf86eb85aaf96585ecae62ddad8f07dadc6907ab2", AT, j.signature));
    assert_false(signing_verify(pk, CODE, SHA, "2026-11-23T02:00:01.000Z", j.signature));
    char forged[SIGNATURE_HEX];
    memcpy(forged, j.signature, sizeof forged);
    forged[0] = forged[0] == 'a' ? 'b' : 'a';
    assert_false(signing_verify(pk, CODE, SHA, AT, forged));
    assert_false(signing_verify(pk, CODE, SHA, AT, "xyz"));

    /* The same key signs again; another operator key cannot open it. */
    sign_job again = {.key = key};
    assert_int_equal(store_write(s, sign, &again), 0);
    assert_int_equal(again.key_id, j.key_id);
    unsigned char other[SIGNING_KEY_BYTES];
    memset(other, 7, sizeof other);
    sign_job wrong = {.key = other};
    assert_int_equal(store_write(s, sign, &wrong), 0);
    assert_int_equal(wrong.rc, 1);

    /* Revoked: the next signature uses a new key; the old one still verifies. */
    org_error e;
    assert_int_equal(signing_revoke(s, j.key_id, "Chuyển công tác", "quantri", &e), 0);
    assert_int_equal(signing_revoke(s, j.key_id, "lần hai", "quantri", &e), -1);
    assert_int_equal(e.status, 404);
    assert_int_equal(signing_revoke(s, j.key_id, "", "quantri", &e), -1);
    sign_job fresh = {.key = key};
    assert_int_equal(store_write(s, sign, &fresh), 0);
    assert_true(fresh.key_id != j.key_id);
    assert_true(signing_verify(pk, CODE, SHA, AT, j.signature));
    assert_false(signing_operator_key("8f8f", key));
    assert_false(signing_operator_key(NULL, key));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(verify_tamper_revoke)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
