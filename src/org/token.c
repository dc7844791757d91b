#include "org/token.h"

#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hash_token(const char *token, char out[65])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* Every scope must be a permission the program knows. */
static bool scopes_valid(const char *scopes)
{
    char copy[256];
    if (!scopes || !*scopes || strlen(scopes) >= sizeof copy)
        return false;
    snprintf(copy, sizeof copy, "%s", scopes);
    char *save = NULL;
    for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save))
        if (!org_permission_known(p) || strcmp(p, "auth.session") == 0)
            return false;
    return true;
}

typedef struct token_job {
    const char *username, *name, *scopes, *actor;
    char hash[65];
    int64_t expires_ms;
    org_error *err;
    bool revoke;
} token_job;

enum { REFUSED = 1 };

static int write_token(store_conn *c, void *ctx)
{
    token_job *j = ctx;
    char now[TIMEFMT_ISO_LEN], expires[TIMEFMT_ISO_LEN], id[24];
    timefmt_iso_utc(timefmt_now_ms(), now);
    timefmt_iso_utc(j->expires_ms, expires);
    store_stmt *st = store_prepare(c, "SELECT id FROM account WHERE username = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->username);
    int64_t account = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (!account) {
        org_refuse(j->err, 404, "not_found", "username", "Không có tài khoản này.");
        return REFUSED;
    }
    if (j->revoke) {
        st = store_prepare(c, "UPDATE api_token SET revoked_at = ? WHERE account_id = ? "
                              "AND name = ? AND revoked_at IS NULL");
        store_bind_text(st, 1, now);
        store_bind_int64(st, 2, account);
        store_bind_text(st, 3, j->name);
    } else {
        st = store_prepare(c, "INSERT INTO api_token (account_id, name, token_hash, scopes, "
                              "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
        store_bind_int64(st, 1, account);
        store_bind_text(st, 2, j->name);
        store_bind_text(st, 3, j->hash);
        store_bind_text(st, 4, j->scopes);
        store_bind_text(st, 5, now);
        store_bind_text(st, 6, expires);
    }
    int rc = store_step(st);
    if (rc != STORE_DONE)
        return rc;
    if (j->revoke && store_changes(c) == 0) {
        org_refuse(j->err, 404, "not_found", "name", "Không có khóa API đang dùng với tên này.");
        return REFUSED;
    }
    snprintf(id, sizeof id, "%lld", (long long)account);
    json_t *summary = json_pack("{s:s, s:s?}", "name", j->name, "scopes", j->scopes);
    char *text = json_dumps(summary, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(summary);
    audit_entry e = {j->actor, j->revoke ? "token.revoke" : "token.create", "account", id, text};
    rc = text ? audit_append(c, &e, now) : STORE_ERROR;
    free(text);
    return rc;
}

static int finish(int rc, org_error *err)
{
    if (rc == 0)
        return 0;
    if (rc == REFUSED)
        return -1;
    return org_refuse(err, 503, "unavailable", NULL, "Không ghi được dữ liệu; vui lòng thử lại.");
}

int token_create(store *s, const char *username, const char *name, const char *scopes,
                 int days, const char *actor, char *token, org_error *err)
{
    if (!name || !*name || strlen(name) > 100)
        return org_refuse(err, 422, "invalid_field", "name", "Cần đặt tên cho khóa API (tối đa 100 byte).");
    if (!scopes_valid(scopes))
        return org_refuse(err, 422, "invalid_field", "scopes",
                      "Phạm vi phải là danh sách quyền hợp lệ, cách nhau bằng dấu phẩy.");
    if (days < 1 || days > 366)
        return org_refuse(err, 422, "invalid_field", "days", "Thời hạn phải từ 1 đến 366 ngày.");
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    memcpy(token, "xaso_", 5);
    sodium_bin2hex(token + 5, 65, raw, sizeof raw);
    token_job j = {username, name, scopes, actor, "", timefmt_now_ms() + (int64_t)days * 86400000,
                   err, false};
    hash_token(token, j.hash);
    int rc = finish(store_write(s, write_token, &j), err);
    if (rc != 0)
        sodium_memzero(token, API_TOKEN_LEN + 1);
    return rc;
}

int token_revoke(store *s, const char *name, const char *username, const char *actor,
                 org_error *err)
{
    token_job j = {username, name, NULL, actor, "", 0, err, true};
    return finish(store_write(s, write_token, &j), err);
}

int token_lookup(store *s, const char *token, int64_t now_ms, session_info *info)
{
    if (!token || strlen(token) != API_TOKEN_LEN || strncmp(token, "xaso_", 5) != 0)
        return 1;
    char hash[65], now[TIMEFMT_ISO_LEN];
    hash_token(token, hash);
    timefmt_iso_utc(now_ms, now);
    store_conn *c = store_reader(s);
    store_stmt *st = c ? store_prepare(c, "SELECT t.account_id, a.username, t.scopes FROM api_token t "
                                          "JOIN account a ON a.id = t.account_id "
                                          "WHERE t.token_hash = ? AND t.revoked_at IS NULL "
                                          "AND t.expires_at > ? AND a.status = 'active'")
                       : NULL;
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, hash);
    store_bind_text(st, 2, now);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return 1;
    }
    *info = (session_info){.account_id = store_col_int64(st, 0), .by_token = true};
    snprintf(info->username, sizeof info->username, "%s", store_col_text(st, 1));
    snprintf(info->scopes, sizeof info->scopes, "%s", store_col_text(st, 2));
    store_reset(st);
    return 0;
}
