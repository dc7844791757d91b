/* The administrator's API for units and accounts: thin handlers over
 * org/account.c, which validates, writes and audits. */
#include "org/account.h"
#include "org/org.h"
#include "org/permission.h"
#include "org/session.h"
#include "org/signing.h"

#include <stdlib.h>

static void reply_org_error(web_request *req, const org_error *e)
{
    web_reply_error(req, e->status, e->code, e->field, e->message);
}

static const char *actor_of(web_request *req) { return req->who.subject; }

static bool within_scope(web_request *req, org_state *st, const char *permission,
                         const char *unit_code, const char *username)
{
    return org_require_scope(req, st->store, permission, unit_code, username);
}

/* Binds ?1 and ?2 of an ORG_SUBTREE_UNITS(1, 2) filter to the caller. */
static void bind_scope(store_stmt *q, web_request *req, const char *permission)
{
    store_bind_int64(q, 1, org_caller(req));
    store_bind_text(q, 2, org_permission_roles(permission));
}

/* A key of an account outside the caller's units is refused as out of scope;
 * one that does not exist is left to signing_revoke (404). */
static bool key_within_scope(web_request *req, org_state *st, int64_t key_id)
{
    store_stmt *q = org_read_stmt(req, st->store, "SELECT a.unit_id FROM signing_key k JOIN account a"
                                                  " ON a.id = k.account_id WHERE k.id = ?");
    if (!q)
        return false;
    store_bind_int64(q, 1, key_id);
    int64_t unit = store_step(q) == STORE_ROW ? store_col_int64(q, 0) : 0;
    store_reset(q);
    if (!unit)
        return true;
    if (org_may(store_reader(st->store), org_caller(req), "account.write", unit))
        return true;
    org_reply_outside(req, "id", "Không có khóa ký với mã này.");
    return false;
}

static void add_unit(web_request *req, void *ctx)
{
    org_state *st = ctx;
    org_unit_input in;
    if (!web_json_string(req, req->json, "agency_code", 13, 13, true, &in.agency_code) ||
        !web_json_string(req, req->json, "parent_code", 13, 13, false, &in.parent_code) ||
        !web_json_string(req, req->json, "kind", 1, 32, true, &in.kind) ||
        !web_json_string(req, req->json, "name", 1, 200, true, &in.name) ||
        !within_scope(req, st, "unit.write", in.parent_code, NULL))
        return;
    org_error e;
    int64_t id;
    if (org_unit_add(st->store, &in, actor_of(req), &id, &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "agency_code",
                                       in.agency_code));
}

static void add_account(web_request *req, void *ctx)
{
    org_state *st = ctx;
    org_account_input in;
    if (!web_json_string(req, req->json, "username", 3, 32, true, &in.username) ||
        !web_json_string(req, req->json, "full_name", 1, 200, true, &in.full_name) ||
        !web_json_string(req, req->json, "position", 1, 200, false, &in.position) ||
        !web_json_string(req, req->json, "unit", 13, 13, true, &in.unit_code) ||
        !web_json_string(req, req->json, "role", 1, 32, true, &in.role) ||
        !web_json_string(req, req->json, "phone", 1, 20, false, &in.phone) ||
        !web_json_string(req, req->json, "email", 3, 200, false, &in.email) ||
        !web_json_string(req, req->json, "password", 1, 256, true, &in.password) ||
        !within_scope(req, st, "account.write", in.unit_code, NULL))
        return;
    org_error e;
    int64_t id;
    if (org_account_add(st->store, &in, actor_of(req), &id, &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "username",
                                       in.username));
}

static void set_status(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *status;
    if (!web_json_string(req, req->json, "status", 1, 16, true, &status) ||
        !within_scope(req, st, "account.write", NULL, web_param(req, "username")))
        return;
    org_error e;
    if (org_account_set_status(st->store, web_param(req, "username"), status, actor_of(req),
                               &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:s}", "username", web_param(req, "username"),
                                       "status", status));
}

/* The roles of an account in one text, in the order of SQLite's index on
 * (account_id, role, unit_id); PostgreSQL names the aggregate otherwise. */
#define ACCOUNTS_SQL(ROLES)                                                                     \
    "SELECT a.username, a.full_name, a.position, a.status, u.agency_code, u.name, "             \
    "(SELECT " ROLES " FROM role_grant g WHERE g.account_id = a.id), "                          \
    "CASE WHEN EXISTS (SELECT 1 FROM totp_credential t WHERE t.account_id = a.id "              \
    "AND t.confirmed_at IS NOT NULL) THEN 1 ELSE 0 END "                                        \
    "FROM account a JOIN unit u ON u.id = a.unit_id "                                           \
    "WHERE a.unit_id IN " ORG_SUBTREE_UNITS(1, 2) " ORDER BY a.username"
static const char ACCOUNTS_SQLITE[] = ACCOUNTS_SQL("group_concat(role, ',')");
static const char ACCOUNTS_PG[] = ACCOUNTS_SQL("string_agg(role, ',' ORDER BY role, unit_id)");

static void list_accounts(web_request *req, void *ctx)
{
    org_state *st = ctx;
    store_conn *c = store_reader(st->store);
    bool pg = c && store_conn_dialect(c) == STORE_POSTGRES;
    store_stmt *q = org_read_stmt(req, st->store, pg ? ACCOUNTS_PG : ACCOUNTS_SQLITE);
    if (!q)
        return;
    bind_scope(q, req, "account.read");
    json_t *items = json_array();
    while (store_step(q) == STORE_ROW)
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s?, s:s, s:{s:s, s:s}, s:s?, s:b}", "username",
                             store_col_text(q, 0), "full_name", store_col_text(q, 1), "position",
                             store_col_text(q, 2), "status", store_col_text(q, 3), "unit",
                             "agency_code", store_col_text(q, 4), "name", store_col_text(q, 5),
                             "roles", store_col_text(q, 6), "two_factor",
                             store_col_int64(q, 7) != 0));
    store_reset(q);
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

static void list_signing_keys(web_request *req, void *ctx)
{
    org_state *st = ctx;
    store_stmt *q = org_read_stmt(req, st->store,
                                  "SELECT k.id, a.username, a.full_name, k.public_key, k.created_at, "
                                  "k.revoked_at, k.revoked_reason FROM signing_key k JOIN account a "
                                  "ON a.id = k.account_id WHERE a.unit_id IN " ORG_SUBTREE_UNITS(1, 2)
                                  " ORDER BY k.id");
    if (!q)
        return;
    bind_scope(q, req, "account.read");
    json_t *items = json_array();
    while (store_step(q) == STORE_ROW)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?}", "id",
                                               (json_int_t)store_col_int64(q, 0), "username",
                                               store_col_text(q, 1), "full_name", store_col_text(q, 2),
                                               "public_key", store_col_text(q, 3), "created_at",
                                               store_col_text(q, 4), "revoked_at", store_col_text(q, 5),
                                               "revoked_reason", store_col_text(q, 6)));
    store_reset(q);
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

static void revoke_signing_key(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *reason;
    char *end;
    long long id = strtoll(web_param(req, "id"), &end, 10);
    if (*end || id <= 0) {
        web_reply_error(req, 404, "not_found", "id", "Không có khóa ký với mã này.");
        return;
    }
    if (!web_json_string(req, req->json, "reason", 1, 1000, true, &reason) || !key_within_scope(req, st, id))
        return;
    org_error e;
    if (signing_revoke(st->store, id, reason, actor_of(req), &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
}

int org_admin_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/units", .handler = add_unit, .ctx = st,
         .permission = "unit.write", .flags = WEB_JSON_BODY, .max_body = 4096},
        {.method = "GET", .pattern = "/api/v1/accounts", .handler = list_accounts, .ctx = st,
         .permission = "account.read"},
        {.method = "POST", .pattern = "/api/v1/accounts", .handler = add_account, .ctx = st,
         .permission = "account.write", .flags = WEB_JSON_BODY, .max_body = 8192},
        {.method = "POST", .pattern = "/api/v1/accounts/{username}/status", .handler = set_status,
         .ctx = st, .permission = "account.write", .flags = WEB_JSON_BODY, .max_body = 1024},
        {.method = "GET", .pattern = "/api/v1/signing-keys", .handler = list_signing_keys, .ctx = st,
         .permission = "account.read"},
        {.method = "POST", .pattern = "/api/v1/signing-keys/{id}/revoke", .handler = revoke_signing_key,
         .ctx = st, .permission = "account.write", .flags = WEB_JSON_BODY, .max_body = 2048},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
