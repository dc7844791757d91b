#include "org/two_factor.h"

#include "core/base32.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/totp.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

enum { REFUSED_BASE = 100 }; /* callback codes: REFUSED_BASE + two_factor_result */

typedef struct tf_job {
    const session_info *who;
    int64_t now_ms;
    const char *code, *recovery;
    char secret_b32[64];
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

/* The account's secret (decoded) and whether it is confirmed; false if none. */
static bool load_secret(store_conn *c, int64_t account, unsigned char *secret, size_t *len,
                        bool *confirmed, int64_t *last_step)
{
    store_stmt *st = store_prepare(c, "SELECT secret, confirmed_at, last_step FROM "
                                      "totp_credential WHERE account_id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, account);
    bool found = store_step(st) == STORE_ROW;
    if (found) {
        long n = base32_decode(store_col_text(st, 0), secret, TOTP_SECRET_BYTES);
        found = n == TOTP_SECRET_BYTES;
        *len = (size_t)n;
        *confirmed = !store_col_is_null(st, 1);
        *last_step = store_col_int64(st, 2);
    }
    store_reset(st);
    return found;
}

/* --- enrol ----------------------------------------------------------------- */

static int save_pending(store_conn *c, void *ctx)
{
    tf_job *j = ctx;
    unsigned char secret[TOTP_SECRET_BYTES];
    size_t len;
    bool confirmed = false;
    int64_t last;
    if (load_secret(c, j->who->account_id, secret, &len, &confirmed, &last) && confirmed)
        return REFUSED_BASE + TWO_FACTOR_ALREADY;
    store_stmt *st = store_prepare(c, "INSERT INTO totp_credential (account_id, secret) "
                                      "VALUES (?, ?) ON CONFLICT (account_id) "
                                      "DO UPDATE SET secret = excluded.secret");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->who->account_id);
    store_bind_text(st, 2, j->secret_b32);
    int rc = store_step(st);
    return rc == STORE_DONE ? audit_simple(c, j->who, "auth.totp_enrol", j->now_ms) : rc;
}

static int result_of(int rc)
{
    return rc >= REFUSED_BASE ? rc - REFUSED_BASE : rc > 0 ? STORE_ERROR : rc;
}

int two_factor_enrol(store *s, const session_info *who, const char *issuer, char *secret_b32,
                     size_t b32len, char *uri, size_t urilen)
{
    unsigned char secret[TOTP_SECRET_BYTES];
    randombytes_buf(secret, sizeof secret);
    tf_job j = {.who = who, .now_ms = timefmt_now_ms()};
    base32_encode(secret, sizeof secret, j.secret_b32);
    int rc = result_of(store_write(s, save_pending, &j));
    if (rc == 0) {
        snprintf(secret_b32, b32len, "%s", j.secret_b32);
        if (totp_uri(issuer, who->username, secret, sizeof secret, uri, urilen) < 0)
            rc = STORE_ERROR;
    }
    sodium_memzero(secret, sizeof secret);
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
    unsigned char secret[TOTP_SECRET_BYTES];
    size_t len;
    bool confirmed;
    int64_t last, step;
    if (!load_secret(c, j->who->account_id, secret, &len, &confirmed, &last) ||
        confirmed != must_be_confirmed)
        return REFUSED_BASE + TWO_FACTOR_NOT_ENROLLED;
    bool ok = totp_verify(secret, len, j->code, j->now_ms / 1000, &step) && step > last;
    sodium_memzero(secret, sizeof secret);
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
    int rc = store_step(st);
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

int two_factor_confirm(store *s, const session_info *who, const char *code, int64_t now_ms,
                       char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1])
{
    tf_job j = {.who = who, .now_ms = now_ms, .code = code};
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

int two_factor_verify(store *s, const session_info *who, const char *code,
                      const char *recovery_code, int64_t now_ms)
{
    tf_job j = {.who = who, .now_ms = now_ms, .code = code, .recovery = recovery_code};
    return result_of(store_write(s, verify, &j));
}
