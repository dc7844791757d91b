/* Whom a page may name on a document: the handler a leader assigns an
 * incoming one to (Điều 23 khoản 2), the leader a draft is submitted to for
 * signing (Điều 13), those who may read a confidential one (Điều 15 khoản
 * 2). GET /api/v1/documents/people?unit=CODE&can=handle|sign|read lists the
 * active accounts of the unit's commune (one whose documents the caller
 * reads) that the assignment, the draft or the access list would accept
 * for that unit (steps.c, document_may_be), so a văn thư or a leader picks
 * a name instead of typing a username. */
#include "document/incoming.h"

#include "org/permission.h"

#include <string.h>

enum { PEOPLE_MAX = 2000 };

/* The permission a part needs, for the first sift in SQL; document_may_be
 * decides. */
static const char *permission_of(const char *can)
{
    static const char *const parts[][2] = {
        {"handle", "document.handle"}, {"sign", "document.sign"}, {"read", "document.read"}};
    for (size_t i = 0; can && i < sizeof parts / sizeof parts[0]; i++)
        if (strcmp(can, parts[i][0]) == 0)
            return parts[i][1];
    return NULL;
}

/* The active accounts of the commune's units holding one of the roles ?2
 * anywhere: the candidates. */
static const char CANDIDATES_SQL[] =
    "WITH RECURSIVE sub(id) AS (SELECT CAST(?1 AS BIGINT)"
    " UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
    " SELECT a.id, a.username, a.full_name, a.position, u.agency_code, u.name FROM account a"
    " JOIN unit u ON u.id = a.unit_id WHERE a.status = 'active' AND a.unit_id IN (SELECT id FROM sub)"
    " AND EXISTS (SELECT 1 FROM role_grant r WHERE r.account_id = a.id"
    " AND ',' || CAST(?2 AS TEXT) || ',' LIKE '%,' || r.role || ',%')"
    " ORDER BY u.agency_code, a.username LIMIT 2000";

typedef struct person {
    int64_t id;
    const char *username, *full_name, *position, *unit, *unit_name;
} person;

static void get_people(web_request *req, void *ctx)
{
    org_state *os = ctx;
    const char *can = web_query(req, "can") ? web_query(req, "can") : "read";
    const char *permission = permission_of(can);
    if (!permission) {
        web_reply_error(req, 422, "invalid_field", "can", "can là handle (xử lý), sign (ký) hoặc read (được xem).");
        return;
    }
    store_conn *c = store_reader(os->store);
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    /* The unit named, else the caller's commune; any unit of a commune the
     * caller reads the documents of (a leader of one office assigns to
     * another office of the commune). */
    const char *code = web_query(req, "unit"), *unit_code = NULL;
    int64_t unit = code ? incoming_unit_id(c, code) : document_commune_of(c, document_account_unit(c, org_caller(req)));
    if (unit <= 0) {
        web_reply_error(req, 404, "not_found", "unit", "Không có đơn vị có mã định danh này.");
        return;
    }
    int64_t commune = document_commune_of(c, unit);
    if (!org_require_unit(req, os->store, "document.read", commune, ORG_REACH_NEAR))
        return;
    store_stmt *st = org_read_stmt(req, os->store, CANDIDATES_SQL);
    if (!st)
        return;
    store_bind_int64(st, 1, commune);
    store_bind_text(st, 2, org_permission_roles(permission));
    person *list = arena_alloc(&req->arena, sizeof(person) * PEOPLE_MAX);
    size_t n = 0;
    int rc = STORE_DONE;
    while (list && n < PEOPLE_MAX && (rc = store_step(st)) == STORE_ROW) {
        list[n++] = (person){store_col_int64(st, 0), arena_strdup(&req->arena, store_col_text(st, 1)),
                             arena_strdup(&req->arena, store_col_text(st, 2)),
                             store_col_is_null(st, 3) ? NULL : arena_strdup(&req->arena, store_col_text(st, 3)),
                             arena_strdup(&req->arena, store_col_text(st, 4)),
                             arena_strdup(&req->arena, store_col_text(st, 5))};
    }
    store_reset(st);
    if (!list || rc < 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    /* Only those the step would accept for this unit (read after the list
     * is complete: each check is a statement of its own). */
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!document_may_be(c, list[i].id, can, unit))
            continue;
        json_t *p = json_pack("{s:s, s:s, s:s, s:s}", "username", list[i].username, "full_name", list[i].full_name,
                              "unit", list[i].unit, "unit_name", list[i].unit_name);
        json_object_set_new(p, "position", list[i].position ? json_string(list[i].position) : json_null());
        json_array_append_new(items, p);
    }
    const char *unit_name = NULL;
    if ((st = store_prepare(c, "SELECT agency_code, name FROM unit WHERE id = ?"))) {
        store_bind_int64(st, 1, unit);
        if (store_step(st) == STORE_ROW) {
            unit_code = arena_strdup(&req->arena, store_col_text(st, 0));
            unit_name = arena_strdup(&req->arena, store_col_text(st, 1));
        }
        store_reset(st);
    }
    web_reply_json(req, 200, json_pack("{s:s?, s:s?, s:s, s:I, s:o}", "unit", unit_code, "unit_name", unit_name,
                                       "can", can, "count", (json_int_t)json_array_size(items), "items", items));
}

int document_people_routes(web_server *w, org_state *st)
{
    const web_route r = {.method = "GET", .pattern = "/api/v1/documents/people", .handler = get_people, .ctx = st,
                         .permission = "document.read"};
    return web_server_route(w, &r);
}
