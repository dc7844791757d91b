/* Sign-in, sign-out and "who am I". */
#include "org/org.h"

#include "core/log.h"
#include "core/timefmt.h"
#include "media/qr.h"
#include "org/account.h"
#include "org/session.h"
#include "org/two_factor.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int org_two_factor_routes(web_server *w, org_state *st);

static void set_session_cookie(web_request *req, org_state *st, const char *token)
{
    const char *secure = st->secure_cookies ? "; Secure" : "";
    web_add_header(req, "Set-Cookie",
                   token ? arena_printf(&req->arena,
                                        "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
                                        ORG_SESSION_COOKIE, token, SESSION_MAX_S, secure)
                         : arena_printf(&req->arena,
                                        "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
                                        ORG_SESSION_COOKIE, secure));
}

static void sign_in(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *username, *password;
    if (!web_json_string(req, req->json, "username", 1, 64, true, &username) ||
        !web_json_string(req, req->json, "password", 1, 256, true, &password))
        return;
    char token[SESSION_TOKEN_HEX];
    session_info info;
    int retry = 0;
    int rc = session_sign_in(st->store, username, password, req->client_ip, timefmt_now_ms(),
                             token, &info, &retry);
    if (rc == 1) {
        /* One answer whatever was wrong: unknown user, wrong password, locked account. */
        web_reply_error(req, 401, "sign_in_failed", NULL,
                        "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không hoạt động.");
        return;
    }
    if (rc == 2) {
        web_add_header(req, "Retry-After", arena_printf(&req->arena, "%d", retry));
        web_reply_error(req, 429, "rate_limited", NULL,
                        arena_printf(&req->arena,
                                     "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %d giây.",
                                     retry));
        return;
    }
    if (rc != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    set_session_cookie(req, st, token);
    sodium_memzero(token, sizeof token);
    const char *second = !info.second_factor_due ? "none"
                         : info.totp_enrolled    ? "required"
                                                 : "enrol";
    web_reply_json(req, 200, json_pack("{s:s, s:s, s:s}", "username", info.username, "csrf_token",
                                       info.csrf, "second_factor", second));
}

static void sign_out(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const session_info *info = req->who.data;
    bool everywhere = strstr(req->path, "everywhere") != NULL;
    if (session_sign_out(st->store, info, everywhere, timefmt_now_ms()) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    set_session_cookie(req, st, NULL);
    web_reply_json(req, 200, json_pack("{s:b}", "signed_out", 1));
}

static void me(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const session_info *info = req->who.data;
    store_stmt *q = org_read_stmt(req, st->store,
                                  "SELECT a.full_name, a.position, u.agency_code, u.name "
                                  "FROM account a JOIN unit u ON u.id = a.unit_id WHERE a.id = ?");
    if (!q)
        return;
    store_bind_int64(q, 1, info->account_id);
    if (store_step(q) != STORE_ROW) {
        store_reset(q);
        web_reply_error(req, 404, "not_found", NULL, NULL);
        return;
    }
    json_t *body = json_pack("{s:s, s:s, s:s?, s:{s:s, s:s}, s:s, s:[]}", "username",
                             info->username, "full_name", store_col_text(q, 0), "position",
                             store_col_text(q, 1), "unit", "agency_code", store_col_text(q, 2),
                             "name", store_col_text(q, 3), "csrf_token", info->csrf, "roles");
    store_reset(q);
    q = org_read_stmt(req, st->store, "SELECT g.role, u.agency_code FROM role_grant g JOIN unit u "
                                      "ON u.id = g.unit_id WHERE g.account_id = ? ORDER BY g.id");
    if (!q) {
        json_decref(body);
        return;
    }
    store_bind_int64(q, 1, info->account_id);
    while (store_step(q) == STORE_ROW)
        json_array_append_new(json_object_get(body, "roles"),
                              json_pack("{s:s, s:s}", "role", store_col_text(q, 0), "unit",
                                        store_col_text(q, 1)));
    store_reset(q);
    web_reply_json(req, 200, body);
}

static void change_password(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const session_info *who = req->who.data;
    const char *current, *next;
    if (!web_json_string(req, req->json, "current_password", 1, 256, true, &current) ||
        !web_json_string(req, req->json, "new_password", 1, 256, true, &next))
        return;
    org_error e;
    if (org_account_change_own_password(st->store, who->account_id, who->username, current, next,
                                        who->session_id, &e) != 0) {
        web_reply_error(req, e.status, e.code, e.field, e.message);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:b}", "password_changed", 1));
}

static void list_sessions(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const session_info *who = req->who.data;
    store_stmt *q = org_read_stmt(req, st->store,
                                  "SELECT id, created_at, last_seen_at FROM session "
                                  "WHERE account_id = ? AND revoked_at IS NULL "
                                  "ORDER BY last_seen_at DESC");
    if (!q)
        return;
    store_bind_int64(q, 1, who->account_id);
    json_t *items = json_array();
    int64_t now = timefmt_now_ms();
    while (store_step(q) == STORE_ROW) {
        int64_t created = 0, seen = 0;
        timefmt_parse_iso_utc(store_col_text(q, 1), &created);
        timefmt_parse_iso_utc(store_col_text(q, 2), &seen);
        if (now - seen > (int64_t)SESSION_IDLE_S * 1000 || now - created > (int64_t)SESSION_MAX_S * 1000)
            continue; /* expired, though not signed out */
        json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "created_at", store_col_text(q, 1),
                                               "last_seen_at", store_col_text(q, 2), "current",
                                               store_col_int64(q, 0) == who->session_id));
    }
    store_reset(q);
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

int org_auth_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/auth/sign-in", .handler = sign_in, .ctx = st,
         .flags = WEB_JSON_BODY, .max_body = 4096},
        {.method = "POST", .pattern = "/api/v1/auth/sign-out", .handler = sign_out, .ctx = st,
         .permission = "auth.session"},
        {.method = "POST", .pattern = "/api/v1/auth/sign-out-everywhere", .handler = sign_out,
         .ctx = st, .permission = "auth.session"},
        {.method = "GET", .pattern = "/api/v1/auth/me", .handler = me, .ctx = st,
         .permission = "account.self"},
        {.method = "POST", .pattern = "/api/v1/auth/password", .handler = change_password,
         .ctx = st, .permission = "account.self", .flags = WEB_JSON_BODY, .max_body = 4096},
        {.method = "GET", .pattern = "/api/v1/auth/sessions", .handler = list_sessions, .ctx = st,
         .permission = "account.self"},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return org_two_factor_routes(w, st);
}

/* --- the second factor -------------------------------------------------- */

/* A secret the server cannot open is the operator's problem, not the
 * official's: it is logged, and the official is told to use a recovery code. */
static void reply_unreadable_secret(web_request *req, int rc)
{
    const session_info *who = req->who.data;
    log_event(LOG_ERROR, "two_factor",
              rc == TWO_FACTOR_NO_KEY
                  ? "account %s: its TOTP secret is sealed and XASO_SIGNING_KEY is not set"
                  : "account %s: its TOTP secret does not open with this XASO_SIGNING_KEY",
              who->username);
    web_reply_error(req, 503, "two_factor_unavailable", NULL,
                    rc == TWO_FACTOR_NO_KEY
                        ? "Máy chủ chưa được cấu hình khóa vận hành (XASO_SIGNING_KEY) nên không "
                          "kiểm tra được mã xác thực hai lớp. Hãy dùng một mã khôi phục, hoặc báo "
                          "quản trị hệ thống."
                        : "Không mở được khóa xác thực hai lớp: khóa vận hành của máy chủ "
                          "(XASO_SIGNING_KEY) đã đổi. Hãy dùng một mã khôi phục, hoặc nhờ quản "
                          "trị viên đặt lại xác thực hai lớp.");
}

static void reply_two_factor_refusal(web_request *req, int rc)
{
    if (rc == TWO_FACTOR_WRONG_CODE)
        web_reply_error(req, 422, "wrong_code", "code",
                        "Mã không đúng hoặc đã dùng; hãy nhập mã mới trên ứng dụng.");
    else if (rc == TWO_FACTOR_ALREADY)
        web_reply_error(req, 409, "already_enrolled", NULL,
                        "Tài khoản đã đăng ký xác thực hai lớp.");
    else if (rc == TWO_FACTOR_NOT_ENROLLED)
        web_reply_error(req, 409, "not_enrolled", NULL,
                        "Tài khoản chưa bắt đầu đăng ký xác thực hai lớp.");
    else if (rc == TWO_FACTOR_NO_KEY || rc == TWO_FACTOR_WRONG_KEY)
        reply_unreadable_secret(req, rc);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

static void totp_enrol(web_request *req, void *ctx)
{
    org_state *st = ctx;
    char secret[64], uri[512];
    int rc = two_factor_enrol(st->store, st->two_factor_key, req->who.data, "xaso", secret,
                              sizeof secret, uri, sizeof uri);
    if (rc != 0) {
        reply_two_factor_refusal(req, rc);
        return;
    }
    char *svg = qr_svg(uri);
    json_t *body = json_pack("{s:s, s:s, s:s?}", "secret", secret, "otpauth_uri", uri, "qr_svg", svg);
    free(svg);
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(uri, sizeof uri);
    web_reply_json(req, 200, body);
}

/* Refuses while the account or address waits after failed codes. */
static bool code_attempt_allowed(web_request *req, org_state *st, const session_info *who)
{
    int wait = session_throttle(st->store, who->username, req->client_ip, timefmt_now_ms());
    if (wait == 0)
        return true;
    if (wait > 0) {
        web_add_header(req, "Retry-After", arena_printf(&req->arena, "%d", wait));
        web_reply_error(req, 429, "rate_limited", NULL,
                        arena_printf(&req->arena, "Nhập sai quá nhiều lần; thử lại sau %d giây.",
                                     wait));
    } else {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    }
    return false;
}

static void totp_confirm(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const session_info *who = req->who.data;
    const char *code;
    if (!web_json_string(req, req->json, "code", 6, 6, true, &code) ||
        !code_attempt_allowed(req, st, who))
        return;
    char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1];
    int rc = two_factor_confirm(st->store, st->two_factor_key, who, code, timefmt_now_ms(),
                                codes);
    if (rc != 0) {
        if (rc == TWO_FACTOR_WRONG_CODE)
            session_record_failure(st->store, who->username, req->client_ip, timefmt_now_ms());
        reply_two_factor_refusal(req, rc);
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < RECOVERY_CODES; i++)
        json_array_append_new(list, json_string(codes[i]));
    sodium_memzero(codes, sizeof codes);
    web_reply_json(req, 200, json_pack("{s:o}", "recovery_codes", list));
}

static void totp_verify(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const session_info *who = req->who.data;
    const char *code, *recovery;
    if (!web_json_string(req, req->json, "code", 6, 6, false, &code) ||
        !web_json_string(req, req->json, "recovery_code", 10, 14, false, &recovery))
        return;
    if (!code == !recovery) {
        web_reply_error(req, 422, "missing_field", "code",
                        "Cần nhập mã 6 số từ ứng dụng, hoặc một mã khôi phục.");
        return;
    }
    if (!code_attempt_allowed(req, st, who))
        return;
    int rc = two_factor_verify(st->store, st->two_factor_key, who, code, recovery,
                               timefmt_now_ms());
    if (rc != 0) {
        if (rc == TWO_FACTOR_WRONG_CODE)
            session_record_failure(st->store, who->username, req->client_ip, timefmt_now_ms());
        reply_two_factor_refusal(req, rc);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:b}", "second_factor_passed", 1));
}

int org_two_factor_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/auth/two-factor/enrol", .handler = totp_enrol,
         .ctx = st, .permission = "auth.session"},
        {.method = "POST", .pattern = "/api/v1/auth/two-factor/confirm", .handler = totp_confirm,
         .ctx = st, .permission = "auth.session", .flags = WEB_JSON_BODY, .max_body = 1024},
        {.method = "POST", .pattern = "/api/v1/auth/two-factor/verify", .handler = totp_verify,
         .ctx = st, .permission = "auth.session", .flags = WEB_JSON_BODY, .max_body = 1024},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
