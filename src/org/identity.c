/* org's answer to web's two questions: who is asking (the session cookie) and
 * may they do this (CSRF for cookie-borne changes, then org_may). */
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
        size_t n = strlen(permission);
        bool in_scope = false;
        for (const char *p = info->scopes; !in_scope && (p = strstr(p, permission)); p += n)
            in_scope = (p == info->scopes || p[-1] == ',') && (p[n] == '\0' || p[n] == ',');
        store_conn *c = in_scope ? store_reader(st->store) : NULL;
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
