#include "org/session.h"

#include "core/timefmt.h"
#include "org/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void random_hex(char out[SESSION_TOKEN_HEX])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, SESSION_TOKEN_HEX, raw, sizeof raw);
}

static void token_hash(const char *token, char out[SESSION_TOKEN_HEX])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, SESSION_TOKEN_HEX, digest, sizeof digest);
}

static void iso(int64_t ms, char out[TIMEFMT_ISO_LEN]) { timefmt_iso_utc(ms, out); }

/* --- throttling failed sign-ins ------------------------------------------ */

/* Failures in the window for this username or address, the larger count, and
 * the time of the newest. */
static int recent_failures(store_conn *c, const char *username, const char *address,
                           int64_t now_ms, int64_t *last_ms)
{
    char since[TIMEFMT_ISO_LEN];
    iso(now_ms - (int64_t)SIGN_IN_WINDOW_S * 1000, since);
    static const char *const sql[] = {
        "SELECT COUNT(*), MAX(at) FROM sign_in_failure WHERE username = ? AND at > ?",
        "SELECT COUNT(*), MAX(at) FROM sign_in_failure WHERE address = ? AND at > ?",
    };
    const char *keys[] = {username, address};
    int worst = 0;
    *last_ms = 0;
    for (int i = 0; i < 2; i++) {
        store_stmt *st = store_prepare(c, sql[i]);
        if (!st)
            return -1;
        store_bind_text(st, 1, keys[i]);
        store_bind_text(st, 2, since);
        if (store_step(st) == STORE_ROW) {
            int n = (int)store_col_int64(st, 0);
            int64_t at = 0;
            if (n > worst)
                worst = n;
            if (!store_col_is_null(st, 1) && timefmt_parse_iso_utc(store_col_text(st, 1), &at) &&
                at > *last_ms)
                *last_ms = at;
        }
        store_reset(st);
    }
    return worst;
}

/* After the free failures, each further one doubles the wait: 30 s, 60 s, ...
 * up to the whole window. */
static int throttle_seconds(int failures, int64_t last_ms, int64_t now_ms)
{
    if (failures < SIGN_IN_FREE_FAILURES)
        return 0;
    int shift = failures - SIGN_IN_FREE_FAILURES;
    int64_t wait = shift >= 5 ? SIGN_IN_WINDOW_S : (int64_t)30 << shift;
    int64_t left = wait - (now_ms - last_ms) / 1000;
    return left > 0 ? (int)left : 0;
}

int session_throttle(store *s, const char *username, const char *address, int64_t now_ms)
{
    store_conn *c = store_reader(s);
    int64_t last_ms;
    int failures = c ? recent_failures(c, username, address, now_ms, &last_ms) : -1;
    return failures < 0 ? STORE_ERROR : throttle_seconds(failures, last_ms, now_ms);
}

/* Two factors are required of accounts that enrolled one and of admin and
 * leader accounts (who must enrol before doing anything else). */
static void second_factor_state(store_conn *c, session_info *info, bool passed)
{
    store_stmt *st = store_prepare(
        c, "SELECT CASE WHEN EXISTS (SELECT 1 FROM totp_credential WHERE account_id = ? "
           "AND confirmed_at IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM "
           "role_grant WHERE account_id = ? AND role IN ('admin', 'leader')) THEN 1 ELSE 0 END");
    info->totp_enrolled = false;
    info->second_factor_due = !passed;
    if (!st)
        return;
    store_bind_int64(st, 1, info->account_id);
    store_bind_int64(st, 2, info->account_id);
    if (store_step(st) == STORE_ROW) {
        info->totp_enrolled = store_col_int64(st, 0) != 0;
        info->second_factor_due = !passed && (info->totp_enrolled || store_col_int64(st, 1) != 0);
    }
    store_reset(st);
}

/* --- sign-in -------------------------------------------------------------- */

typedef struct sign_in_job {
    const char *username, *address;
    int64_t now_ms;
    int64_t account_id;
    bool ok;
    char token_hash[SESSION_TOKEN_HEX];
    char csrf[SESSION_TOKEN_HEX];
    int64_t session_id;
} sign_in_job;

static int record_sign_in(store_conn *c, void *ctx);

int session_record_failure(store *s, const char *username, const char *address, int64_t now_ms)
{
    sign_in_job j = {.username = username, .address = address, .now_ms = now_ms, .ok = false};
    return store_write(s, record_sign_in, &j);
}

static int record_sign_in(store_conn *c, void *ctx)
{
    sign_in_job *j = ctx;
    char now[TIMEFMT_ISO_LEN], id[24];
    iso(j->now_ms, now);
    store_stmt *st;
    if (!j->ok) {
        st = store_prepare(c, "INSERT INTO sign_in_failure (username, address, at) VALUES (?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, j->username);
        store_bind_text(st, 2, j->address);
        store_bind_text(st, 3, now);
        int rc = store_step(st);
        if (rc != STORE_DONE)
            return rc;
        audit_entry e = {"anonymous", "auth.sign_in_failed", "account", NULL, "{}"};
        return audit_append(c, &e, now);
    }
    st = store_prepare(c, "INSERT INTO session (token_hash, csrf_token, account_id, created_at, "
                          "last_seen_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->token_hash);
    store_bind_text(st, 2, j->csrf);
    store_bind_int64(st, 3, j->account_id);
    store_bind_text(st, 4, now);
    store_bind_text(st, 5, now);
    int rc = store_step(st);
    j->session_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    st = store_prepare(c, "DELETE FROM sign_in_failure WHERE username = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->username);
    if ((rc = store_step(st)) != STORE_DONE)
        return rc;
    snprintf(id, sizeof id, "%lld", (long long)j->account_id);
    audit_entry e = {j->username, "auth.sign_in", "account", id, "{}"};
    return audit_append(c, &e, now);
}

/* The account's id and hash when it may sign in; a dummy hash otherwise, so
 * a wrong username costs the same time as a wrong password. */
static int64_t find_account(store_conn *c, const char *username, char *hash, size_t len)
{
    static char dummy[crypto_pwhash_STRBYTES];
    if (!dummy[0] &&
        crypto_pwhash_str_alg(dummy, "not a password", 14, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return -1;
    snprintf(hash, len, "%s", dummy);
    store_stmt *st = store_prepare(c, "SELECT id, password_hash FROM account "
                                      "WHERE username = ? AND status = 'active'");
    if (!st)
        return -1;
    store_bind_text(st, 1, username);
    int64_t id = 0;
    if (store_step(st) == STORE_ROW) {
        id = store_col_int64(st, 0);
        snprintf(hash, len, "%s", store_col_text(st, 1));
    }
    store_reset(st);
    return id;
}

int session_sign_in(store *s, const char *username, const char *password, const char *address,
                    int64_t now_ms, char token[SESSION_TOKEN_HEX], session_info *info,
                    int *retry_after_s)
{
    *retry_after_s = session_throttle(s, username, address, now_ms);
    if (*retry_after_s < 0)
        return *retry_after_s;
    if (*retry_after_s > 0)
        return 2;
    store_conn *c = store_reader(s);
    if (!c)
        return STORE_ERROR;
    char hash[crypto_pwhash_STRBYTES];
    int64_t account = find_account(c, username, hash, sizeof hash);
    if (account < 0)
        return STORE_ERROR;
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && account > 0;
    sign_in_job j = {.username = username, .address = address, .now_ms = now_ms,
                     .account_id = account, .ok = ok};
    if (ok) {
        random_hex(token);
        token_hash(token, j.token_hash);
        random_hex(j.csrf);
    }
    int rc = store_write(s, record_sign_in, &j);
    if (rc != 0)
        return rc < 0 ? rc : STORE_ERROR;
    if (!ok)
        return 1;
    *info = (session_info){.session_id = j.session_id, .account_id = account};
    snprintf(info->username, sizeof info->username, "%s", username);
    memcpy(info->csrf, j.csrf, sizeof info->csrf);
    second_factor_state(c, info, false);
    return 0;
}

/* --- lookup and sign-out ------------------------------------------------- */

static int touch(store_conn *c, void *ctx)
{
    const int64_t *args = ctx; /* session id, now */
    char now[TIMEFMT_ISO_LEN];
    iso(args[1], now);
    store_stmt *st = store_prepare(c, "UPDATE session SET last_seen_at = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, now);
    store_bind_int64(st, 2, args[0]);
    int rc = store_step(st);
    return rc == STORE_DONE ? 0 : rc;
}

int session_lookup(store *s, const char *token, int64_t now_ms, session_info *info)
{
    if (!token || strlen(token) != SESSION_TOKEN_HEX - 1)
        return 1;
    char hash[SESSION_TOKEN_HEX];
    token_hash(token, hash);
    store_conn *c = store_reader(s);
    store_stmt *st = c ? store_prepare(c, "SELECT s.id, s.account_id, a.username, s.csrf_token, "
                                          "s.created_at, s.last_seen_at, s.second_factor_at "
                                          "FROM session s "
                                          "JOIN account a ON a.id = s.account_id "
                                          "WHERE s.token_hash = ? AND s.revoked_at IS NULL "
                                          "AND a.status = 'active'")
                       : NULL;
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, hash);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return 1;
    }
    int64_t created = 0, seen = 0;
    timefmt_parse_iso_utc(store_col_text(st, 4), &created);
    timefmt_parse_iso_utc(store_col_text(st, 5), &seen);
    *info = (session_info){.session_id = store_col_int64(st, 0),
                           .account_id = store_col_int64(st, 1)};
    snprintf(info->username, sizeof info->username, "%s", store_col_text(st, 2));
    snprintf(info->csrf, sizeof info->csrf, "%s", store_col_text(st, 3));
    bool passed = !store_col_is_null(st, 6);
    store_reset(st);
    second_factor_state(c, info, passed);
    if (now_ms - seen > (int64_t)SESSION_IDLE_S * 1000 ||
        now_ms - created > (int64_t)SESSION_MAX_S * 1000)
        return 1;
    /* Record activity at most once a minute: a write per request would cost a commit. */
    if (now_ms - seen > 60 * 1000) {
        int64_t args[2] = {info->session_id, now_ms};
        store_write(s, touch, args);
    }
    return 0;
}

typedef struct sign_out_job {
    const session_info *who;
    bool everywhere;
    int64_t now_ms;
} sign_out_job;

static int revoke(store_conn *c, void *ctx)
{
    sign_out_job *j = ctx;
    char now[TIMEFMT_ISO_LEN], id[24];
    iso(j->now_ms, now);
    store_stmt *st = j->everywhere
                         ? store_prepare(c, "UPDATE session SET revoked_at = ? "
                                            "WHERE account_id = ? AND revoked_at IS NULL")
                         : store_prepare(c, "UPDATE session SET revoked_at = ? "
                                            "WHERE id = ? AND revoked_at IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, now);
    store_bind_int64(st, 2, j->everywhere ? j->who->account_id : j->who->session_id);
    int rc = store_step(st);
    if (rc != STORE_DONE)
        return rc;
    snprintf(id, sizeof id, "%lld", (long long)j->who->account_id);
    audit_entry e = {j->who->username, j->everywhere ? "auth.sign_out_everywhere" : "auth.sign_out",
                     "account", id, "{}"};
    return audit_append(c, &e, now);
}

int session_sign_out(store *s, const session_info *who, bool everywhere, int64_t now_ms)
{
    sign_out_job j = {who, everywhere, now_ms};
    return store_write(s, revoke, &j);
}
