/* See signing.h. */
#include "org/signing.h"

#include "core/timefmt.h"
#include "org/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

bool signing_operator_key(const char *hex, unsigned char key[SIGNING_KEY_BYTES])
{
    size_t len = 0;
    return hex && strlen(hex) == 2 * SIGNING_KEY_BYTES &&
           sodium_hex2bin(key, SIGNING_KEY_BYTES, hex, strlen(hex), NULL, &len, NULL) == 0 &&
           len == SIGNING_KEY_BYTES;
}

static void message(char *out, size_t cap, const char *code, const char *sha, const char *at)
{
    snprintf(out, cap, "xaso-result-v1\n%s\n%s\n%s", code, sha, at);
}

/* The account's active key: its id and its secret, opened. 0 found, 2 none. */
static int open_key(store_conn *c, int64_t account_id, const unsigned char *operator_key,
                    int64_t *key_id, unsigned char secret[crypto_sign_SECRETKEYBYTES])
{
    store_stmt *st = store_prepare(c, "SELECT id, secret_sealed FROM signing_key WHERE account_id = ? "
                                      "AND revoked_at IS NULL ORDER BY id DESC LIMIT 1");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, account_id);
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        store_reset(st);
        return rc == STORE_DONE ? 2 : rc;
    }
    *key_id = store_col_int64(st, 0);
    unsigned char sealed[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES];
    size_t len = 0;
    const char *hex = store_col_text(st, 1);
    bool ok = sodium_hex2bin(sealed, sizeof sealed, hex, strlen(hex), NULL, &len, NULL) == 0 &&
              len == sizeof sealed &&
              crypto_secretbox_open_easy(secret, sealed + crypto_secretbox_NONCEBYTES,
                                         sizeof sealed - crypto_secretbox_NONCEBYTES, sealed,
                                         operator_key) == 0;
    store_reset(st);
    sodium_memzero(sealed, sizeof sealed);
    return ok ? 0 : 1;
}

static int create_key(store_conn *c, int64_t account_id, const unsigned char *operator_key,
                      int64_t *key_id, unsigned char secret[crypto_sign_SECRETKEYBYTES])
{
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    unsigned char sealed[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES];
    char public_hex[PUBLIC_KEY_HEX], sealed_hex[2 * sizeof sealed + 1], now[TIMEFMT_ISO_LEN];
    crypto_sign_keypair(public_key, secret);
    randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, secret, crypto_sign_SECRETKEYBYTES,
                          sealed, operator_key);
    sodium_bin2hex(public_hex, sizeof public_hex, public_key, sizeof public_key);
    sodium_bin2hex(sealed_hex, sizeof sealed_hex, sealed, sizeof sealed);
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = store_prepare(c, "INSERT INTO signing_key (account_id, public_key, secret_sealed, "
                                      "created_at) VALUES (?, ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, account_id);
    store_bind_text(st, 2, public_hex);
    store_bind_text(st, 3, sealed_hex);
    store_bind_text(st, 4, now);
    int rc = store_step(st);
    *key_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return audit_record(c, "system", "signing_key.create", "signing_key", *key_id,
                        json_pack("{s:I, s:s}", "account", (json_int_t)account_id, "public_key", public_hex));
}

int signing_sign(store_conn *c, int64_t account_id, const unsigned char operator_key[SIGNING_KEY_BYTES],
                 const char *code, const char *file_sha256, const char *signed_at, int64_t *key_id,
                 char signature[SIGNATURE_HEX])
{
    unsigned char secret[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
    int rc = open_key(c, account_id, operator_key, key_id, secret);
    if (rc == 2)
        rc = create_key(c, account_id, operator_key, key_id, secret);
    if (rc == 0) {
        char text[256];
        message(text, sizeof text, code, file_sha256, signed_at);
        crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), secret);
        sodium_bin2hex(signature, SIGNATURE_HEX, sig, sizeof sig);
    }
    sodium_memzero(secret, sizeof secret);
    return rc;
}

bool signing_verify(const char *public_key, const char *code, const char *file_sha256,
                    const char *signed_at, const char *signature)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    size_t pk_len = 0, sig_len = 0;
    if (!public_key || !signature ||
        sodium_hex2bin(pk, sizeof pk, public_key, strlen(public_key), NULL, &pk_len, NULL) != 0 ||
        sodium_hex2bin(sig, sizeof sig, signature, strlen(signature), NULL, &sig_len, NULL) != 0 ||
        pk_len != sizeof pk || sig_len != sizeof sig)
        return false;
    char text[256];
    message(text, sizeof text, code, file_sha256, signed_at);
    return crypto_sign_verify_detached(sig, (const unsigned char *)text, strlen(text), pk) == 0;
}

typedef struct {
    int64_t key_id;
    const char *reason, *actor;
    org_error *err;
} revoke_job;

static int revoke(store_conn *c, void *ctx)
{
    revoke_job *j = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = store_prepare(c, "UPDATE signing_key SET revoked_at = ?, revoked_by = ?, "
                                      "revoked_reason = ? WHERE id = ? AND revoked_at IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, now);
    store_bind_text(st, 2, j->actor);
    store_bind_text(st, 3, j->reason);
    store_bind_int64(st, 4, j->key_id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if (store_changes(c) == 0) {
        org_refuse(j->err, 404, "not_found", "id", "Không có khóa ký đang dùng với mã này.");
        return 1;
    }
    return audit_record(c, j->actor, "signing_key.revoke", "signing_key", j->key_id,
                        json_pack("{s:s}", "reason", j->reason));
}

int signing_revoke(store *s, int64_t key_id, const char *reason, const char *actor, org_error *err)
{
    if (!reason || !*reason || strlen(reason) > 1000)
        return org_refuse(err, 422, "invalid_field", "reason", "Cần lý do thu hồi khóa ký.");
    revoke_job j = {key_id, reason, actor, err};
    int rc = store_write(s, revoke, &j);
    if (rc == 1)
        return -1;
    return rc == 0 ? 0 : org_refuse(err, 503, "unavailable", NULL, "Không ghi được dữ liệu; vui lòng thử lại.");
}
