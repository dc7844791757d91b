/* POST /api/v1/accounts/{username}/two-factor/reset: an administrator drops
 * another official's second factor (org/two_factor_reset.c). */
#include "org/org.h"
#include "org/session.h"
#include "org/two_factor.h"

#include <string.h>

static void reset_two_factor(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const session_info *who = req->who.data;
    const char *username = web_param(req, "username");
    /* Resetting oneself here would let a stolen session drop the second factor. */
    if (strcmp(username, who->username) == 0) {
        web_reply_error(req, 409, "own_account", "username",
                        "Không thể tự đặt lại xác thực hai lớp của chính mình; hãy nhờ một quản "
                        "trị viên khác.");
        return;
    }
    if (!org_require_scope(req, st->store, "account.write", NULL, username))
        return;
    two_factor_reset_result out;
    org_error e;
    if (two_factor_reset(st->store, username, who->username, req->now_ms, &out, &e) != 0) {
        web_reply_error(req, e.status, e.code, e.field, e.message);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:b, s:b, s:i}", "username", username, "reset", 1,
                                       "was_enrolled", out.was_enrolled, "sessions_ended",
                                       out.sessions_ended));
}

int org_two_factor_reset_routes(web_server *w, org_state *st)
{
    const web_route route = {.method = "POST", .pattern = "/api/v1/accounts/{username}/two-factor/reset",
                             .handler = reset_two_factor, .ctx = st, .permission = "account.write"};
    return web_server_route(w, &route);
}
