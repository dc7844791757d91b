#include "org/two_factor.h"

#include "core/base32.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/totp.h"
#include "org/totp_seal.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

enum { REFUSED_BASE = 100 }; /* callback codes: REFUSED_BASE + two_factor_result */

typedef struct tf_job {
    const session_info *who;
    const unsigned char *key;  /* the two-factor key, or NULL */
    int64_t now_ms;
    const char *code, *recovery;
    char secret_b32[64];                    /* enrol without a key: stored as is */
    char secret_sealed[TOTP_SEALED_HEX_MAX]; /* enrol with a key: stored instead */
    char recovery_hash[RECOVERY_CODES][65];
    int result;
} tf_job;

static int audit_simple(store_conn *c, const session_info *who, const char *action,
                        int64_t now_ms)
{
    char now[TIMEFMT_ISO_LEN], id[24];
    timefmt_iso_utc(now_ms, now);
    snprintf(id, sizeof id, "%lld", (long long)who->account_id);
    audit_entry e = {who->username, action, "account", id, "{}"};
    return audit_append(c, &e, now);
}

static int mark_session_passed(store_conn *c, const tf_job *j)
{
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now_ms, now);
    store_stmt *st = store_prepare(c, "UPDATE session SET second_factor_at = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, now);
    store_bind_int64(st, 2, j->who->session_id);
    int rc = store_step(st);
    return rc == STORE_DONE ? 0 : rc;
}

typedef struct credential {
    unsigned char secret[TOTP_SECRET_BYTES];
    bool confirmed;
    int64_t last_step;
} credential;

/* Opens the stored secret, sealed or (without an operator key) in the clear. */
static int open_secret(const tf_job *j, const char *clear, const char *sealed, credential *cr)
{
    size_t len = 0;
    if (sealed) {
        if (!j->key)
            return TWO_FACTOR_NO_KEY;
        if (!totp_open(j->key, j->who->account_id, sealed, cr->secret, sizeof cr->secret, &len) ||
            len != TOTP_SECRET_BYTES)
            return TWO_FACTOR_WRONG_KEY;
        return TWO_FACTOR_OK;
    }
    return clear && base32_decode(clear, cr->secret, TOTP_SECRET_BYTES) == TOTP_SECRET_BYTES
               ? TWO_FACTOR_OK
               : STORE_ERROR;
}

/* The account's credential with its secret opened: a two_factor_result
 * (OK, NOT_ENROLLED, NO_KEY, WRONG_KEY) or a negative STORE_ code. */
static int load_credential(store_conn *c, const tf_job *j, credential *cr)
{
    store_stmt *st = store_prepare(c, "SELECT secret, secret_sealed, confirmed_at, last_step FROM "
                                      "totp_credential WHERE account_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->who->account_id);
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        store_reset(st);
        return rc == STORE_DONE ? TWO_FACTOR_NOT_ENROLLED : rc;
    }
    cr->confirmed = !store_col_is_null(st, 2);
    cr->last_step = store_col_int64(st, 3);
    rc = open_secret(j, store_col_text(st, 0), store_col_text(st, 1), cr);
    store_reset(st);
    return rc;
}

static bool already_confirmed(store_conn *c, int64_t account, int *rc)
{
    store_stmt *st = store_prepare(c, "SELECT 1 FROM totp_credential WHERE account_id = ? "
                                      "AND confirmed_at IS NOT NULL");
    if (!st) {
        *rc = STORE_ERROR;
        return false;
    }
    store_bind_int64(st, 1, account);
    int step = store_step(st);
    store_reset(st);
    *rc = step == STORE_ROW || step == STORE_DONE ? 0 : step;
    return step == STORE_ROW;
}

/* --- enrol ----------------------------------------------------------------- */

static int save_pending(store_conn *c, void *ctx)
{
    tf_job *j = ctx;
    int rc = 0;
    if (already_confirmed(c, j->who->account_id, &rc))
        return REFUSED_BASE + TWO_FACTOR_ALREADY;
    if (rc)
        return rc;
    store_stmt *st = store_prepare(c, "INSERT INTO totp_credential (account_id, secret, "
                                      "secret_sealed) VALUES (?, ?, ?) ON CONFLICT (account_id) "
                                      "DO UPDATE SET secret = excluded.secret, "
                                      "secret_sealed = excluded.secret_sealed");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->who->account_id);
    if (j->key) {
        store_bind_null(st, 2);
        store_bind_text(st, 3, j->secret_sealed);
    } else {
        store_bind_text(st, 2, j->secret_b32);
        store_bind_null(st, 3);
    }
    rc = store_step(st);
    return rc == STORE_DONE ? audit_simple(c, j->who, "auth.totp_enrol", j->now_ms) : rc;
}

static int result_of(int rc)
{
    return rc >= REFUSED_BASE ? rc - REFUSED_BASE : rc > 0 ? STORE_ERROR : rc;
}

int two_factor_enrol(store *s, const unsigned char *key, const session_info *who,
                     const char *issuer, char *secret_b32, size_t b32len, char *uri, size_t urilen)
{
    unsigned char secret[TOTP_SECRET_BYTES];
    randombytes_buf(secret, sizeof secret);
    tf_job j = {.who = who, .key = key, .now_ms = timefmt_now_ms()};
    base32_encode(secret, sizeof secret, j.secret_b32);
    int rc = key && !totp_seal(key, who->account_id, secret, sizeof secret, j.secret_sealed,
                               sizeof j.secret_sealed)
                 ? STORE_ERROR
                 : result_of(store_write(s, save_pending, &j));
    if (rc == 0) {
        snprintf(secret_b32, b32len, "%s", j.secret_b32);
        if (totp_uri(issuer, who->username, secret, sizeof secret, uri, urilen) < 0)
            rc = STORE_ERROR;
    }
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(j.secret_b32, sizeof j.secret_b32);
    return rc;
}

/* --- confirm and verify ------------------------------------------------- */

static void hash_recovery(const char *code, char out[65])
{
    /* Compare codes without case or separators: "abcd-efgh-ij" = "ABCDEFGHIJ". */
    char norm[32];
    size_t n = 0;
    for (const char *p = code; *p && n < sizeof norm - 1; p++)
        if (isalnum((unsigned char)*p))
            norm[n++] = (char)toupper((unsigned char)*p);
    norm[n] = '\0';
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)norm, n);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* Checks a TOTP code and records its step, so the same code cannot be used twice. */
static int check_code(store_conn *c, tf_job *j, bool must_be_confirmed)
{
    credential cr = {0};
    int64_t step = 0;
    int rc = load_credential(c, j, &cr);
    if (rc < 0)
        return rc;
    if (rc != TWO_FACTOR_NOT_ENROLLED && cr.confirmed != must_be_confirmed)
        rc = TWO_FACTOR_NOT_ENROLLED;
    bool ok = rc == TWO_FACTOR_OK &&
              totp_verify(cr.secret, sizeof cr.secret, j->code, j->now_ms / 1000, &step) &&
              step > cr.last_step;
    sodium_memzero(cr.secret, sizeof cr.secret);
    if (rc != TWO_FACTOR_OK)
        return REFUSED_BASE + rc;
    if (!ok)
        return REFUSED_BASE + TWO_FACTOR_WRONG_CODE;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now_ms, now);
    store_stmt *st = store_prepare(c, "UPDATE totp_credential SET last_step = ?, "
                                      "confirmed_at = COALESCE(confirmed_at, ?) WHERE account_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, step);
    store_bind_text(st, 2, now);
    store_bind_int64(st, 3, j->who->account_id);
    rc = store_step(st);
    return rc == STORE_DONE ? 0 : rc;
}

static int confirm(store_conn *c, void *ctx)
{
    tf_job *j = ctx;
    int rc = check_code(c, j, false);
    if (rc)
        return rc;
    store_stmt *st = store_prepare(c, "DELETE FROM recovery_code WHERE account_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->who->account_id);
    if ((rc = store_step(st)) != STORE_DONE)
        return rc;
    for (int i = 0; i < RECOVERY_CODES; i++) {
        st = store_prepare(c, "INSERT INTO recovery_code (account_id, code_hash) VALUES (?, ?)");
        if (!st)
            return STORE_ERROR;
        store_bind_int64(st, 1, j->who->account_id);
        store_bind_text(st, 2, j->recovery_hash[i]);
        if ((rc = store_step(st)) != STORE_DONE)
            return rc;
    }
    if ((rc = mark_session_passed(c, j)) != 0)
        return rc;
    return audit_simple(c, j->who, "auth.totp_confirm", j->now_ms);
}

static void new_recovery_code(char out[RECOVERY_CODE_LEN + 1])
{
    unsigned char raw[7];
    char b32[16];
    randombytes_buf(raw, sizeof raw);
    base32_encode(raw, sizeof raw, b32); /* 12 characters, 56 bits */
    snprintf(out, RECOVERY_CODE_LEN + 1, "%.4s-%.4s-%.2s", b32, b32 + 4, b32 + 8);
}

int two_factor_confirm(store *s, const unsigned char *key, const session_info *who,
                       const char *code, int64_t now_ms,
                       char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1])
{
    tf_job j = {.who = who, .key = key, .now_ms = now_ms, .code = code};
    for (int i = 0; i < RECOVERY_CODES; i++) {
        new_recovery_code(codes[i]);
        hash_recovery(codes[i], j.recovery_hash[i]);
    }
    return result_of(store_write(s, confirm, &j));
}

static int use_recovery(store_conn *c, tf_job *j)
{
    char hash[65], now[TIMEFMT_ISO_LEN];
    hash_recovery(j->recovery, hash);
    timefmt_iso_utc(j->now_ms, now);
    store_stmt *st = store_prepare(c, "UPDATE recovery_code SET used_at = ? WHERE account_id = ? "
                                      "AND code_hash = ? AND used_at IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, now);
    store_bind_int64(st, 2, j->who->account_id);
    store_bind_text(st, 3, hash);
    int rc = store_step(st);
    if (rc != STORE_DONE)
        return rc;
    return store_changes(c) == 1 ? 0 : REFUSED_BASE + TWO_FACTOR_WRONG_CODE;
}

static int verify(store_conn *c, void *ctx)
{
    tf_job *j = ctx;
    int rc = j->recovery ? use_recovery(c, j) : check_code(c, j, true);
    if (rc)
        return rc;
    if ((rc = mark_session_passed(c, j)) != 0)
        return rc;
    return audit_simple(c, j->who, j->recovery ? "auth.recovery_code" : "auth.totp", j->now_ms);
}

int two_factor_verify(store *s, const unsigned char *key, const session_info *who,
                      const char *code, const char *recovery_code, int64_t now_ms)
{
    tf_job j = {.who = who, .key = key, .now_ms = now_ms, .code = code,
                .recovery = recovery_code};
    return result_of(store_write(s, verify, &j));
}
