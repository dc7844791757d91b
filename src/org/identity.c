/* org's answer to web's two questions: who is asking (the session cookie or
 * an API token) and may they do this (CSRF for cookie-borne changes, a
 * token's scopes, then org_may); and the scope test handlers repeat for a
 * permission stronger than their route's. */
#include "org/org.h"

#include "core/timefmt.h"
#include "org/permission.h"
#include "org/session.h"
#include "org/token.h"

#include <sodium.h>
#include <string.h>

static bool safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

bool org_scopes_allow(const char *scopes, const char *permission)
{
    if (!scopes)
        return true;
    /* One whole item of the comma-separated list: "document.read" does not
     * name "document.readx" nor "x.document.read". */
    size_t n = strlen(permission);
    for (const char *p = scopes; n && (p = strstr(p, permission)); p += n)
        if ((p == scopes || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return true;
    return false;
}

const char *org_request_scopes(const web_request *req)
{
    const session_info *info = req->who.data;
    return info && info->by_token ? info->scopes : NULL;
}

bool org_request_scoped(const web_request *req, const char *permission)
{
    return req->who.data && org_scopes_allow(org_request_scopes(req), permission);
}

static bool identify(void *ctx, web_request *req, web_principal *who)
{
    org_state *st = ctx;
    const char *auth = web_header(req, "Authorization");
    const char *token = web_cookie(req, ORG_SESSION_COOKIE);
    if (!auth && !token)
        return true;
    session_info *info = arena_alloc(&req->arena, sizeof *info);
    if (!info)
        return false;
    int rc = auth ? (strncmp(auth, "Bearer ", 7) == 0
                         ? token_lookup(st->store, auth + 7, timefmt_now_ms(), info)
                         : 1)
                  : session_lookup(st->store, token, timefmt_now_ms(), info);
    if (rc < 0)
        return false;
    if (rc == 0) {
        who->authenticated = true;
        who->subject = info->username;
        who->data = info;
    }
    return true;
}

static bool authorize(void *ctx, web_request *req, const web_principal *who,
                      const char *permission)
{
    org_state *st = ctx;
    const session_info *info = who->data;
    if (!info)
        return false;
    /* A change made with a cookie must carry the session's CSRF token: a page
     * of another site can make the browser send the cookie, not the header. */
    if (info->by_token) {
        /* A token may use only the permissions it was given, within its account's. */
        store_conn *c = org_scopes_allow(info->scopes, permission) ? store_reader(st->store) : NULL;
        return c && org_may(c, info->account_id, permission, 0);
    }
    if (!safe_method(req->method)) {
        const char *sent = web_header(req, "X-CSRF-Token");
        if (!sent || strlen(sent) != strlen(info->csrf) ||
            sodium_memcmp(sent, info->csrf, strlen(info->csrf)) != 0) {
            web_reply_error(req, 403, "csrf_failed", NULL,
                            "Phiên làm việc không khớp; hãy tải lại trang rồi thử lại.");
            return false;
        }
    }
    /* Until the second factor is passed, only passing (or enrolling) it is allowed. */
    if (info->second_factor_due && strcmp(permission, "auth.session") != 0) {
        web_reply_error(req, 403, "second_factor_required", NULL,
                        info->totp_enrolled
                            ? "Hãy nhập mã xác thực hai lớp từ ứng dụng trên điện thoại."
                            : "Tài khoản này phải đăng ký xác thực hai lớp trước khi làm việc.");
        return false;
    }
    store_conn *c = store_reader(st->store);
    return c && org_may(c, info->account_id, permission, 0);
}

static bool known(void *ctx, const char *permission)
{
    (void)ctx;
    return org_permission_known(permission);
}

void org_identity(org_state *st, web_identity *out)
{
    *out = (web_identity){.ctx = st, .identify = identify, .authorize = authorize,
                          .permission_known = known};
}

bool org_require_scope(web_request *req, store *s, const char *permission, const char *unit_code,
                       const char *username)
{
    const session_info *who = req->who.data;
    store_conn *c = store_reader(s);
    bool ok = c && (username ? org_may_on_account(c, who->account_id, permission, username)
                             : org_may_in_unit(c, who->account_id, permission, unit_code));
    if (!ok)
        web_reply_error(req, 403, "out_of_scope", unit_code ? "unit" : NULL,
                        "Đơn vị này nằm ngoài phạm vi quản lý của bạn.");
    return ok;
}

int64_t org_caller(const web_request *req)
{
    const session_info *who = req->who.data;
    return who ? who->account_id : 0;
}

static bool may_reach(store_conn *c, int64_t account, const char *permission, int64_t unit_id, org_reach reach)
{
    return reach == ORG_REACH_NEAR ? org_may_near(c, account, permission, unit_id)
                                   : unit_id > 0 && org_may(c, account, permission, unit_id);
}

static void reply_out_of_scope(web_request *req, const char *field)
{
    web_reply_error(req, 403, "out_of_scope", field, "Đơn vị này nằm ngoài phạm vi quản lý của bạn.");
}

bool org_require_unit(web_request *req, store *s, const char *permission, int64_t unit_id, org_reach reach)
{
    store_conn *c = store_reader(s);
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    if (may_reach(c, org_caller(req), permission, unit_id, reach))
        return true;
    reply_out_of_scope(req, "unit");
    return false;
}

bool org_resolve_unit(web_request *req, store *s, const char *permission, org_reach reach, const char *code,
                      int64_t *unit_id, const char **unit_code)
{
    store_stmt *st = org_read_stmt(req, s, code ? "SELECT id, agency_code FROM unit WHERE agency_code = ?"
                                                : "SELECT u.id, u.agency_code FROM unit u JOIN account a"
                                                  " ON a.unit_id = u.id WHERE a.id = ?");
    if (!st)
        return false;
    if (code)
        store_bind_text(st, 1, code);
    else
        store_bind_int64(st, 1, org_caller(req));
    bool found = store_step(st) == STORE_ROW;
    *unit_id = found ? store_col_int64(st, 0) : 0;
    *unit_code = found ? arena_strdup(&req->arena, store_col_text(st, 1)) : NULL;
    store_reset(st);
    if (!found) {
        web_reply_error(req, 404, "not_found", "unit", "Không có đơn vị này.");
        return false;
    }
    return org_require_unit(req, s, permission, *unit_id, reach);
}

void org_reply_outside(web_request *req, const char *field, const char *not_found_message)
{
    if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
        web_reply_error(req, 404, "not_found", field, not_found_message);
    else
        reply_out_of_scope(req, field);
}
