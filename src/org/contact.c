/* The commune card the public home page shows: each top-level unit (the
 * commune) with its one-stop centre's address, phone, mail and office hours;
 * and the administrator's editing of a unit's contact. */
#include "org/org.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/calendar.h"

#include <string.h>

/* The contact of the unit or, for a commune, of the first unit under it
 * that has one (its public-service centre). */
static json_t *contact_of(store_conn *c, int64_t unit_id)
{
    store_stmt *st = store_prepare(
        c, "SELECT u.name, k.address, k.phone, k.email, k.note FROM unit_contact k JOIN unit u ON u.id = k.unit_id"
           " WHERE k.unit_id = ?1 OR u.parent_id = ?1 ORDER BY k.unit_id = ?1 DESC, u.id LIMIT 1");
    json_t *out = NULL;
    if (!st)
        return NULL;
    store_bind_int64(st, 1, unit_id);
    if (store_step(st) == STORE_ROW)
        out = json_pack("{s:s, s:s, s:s, s:s, s:s}", "place", store_col_text(st, 0), "address", store_col_text(st, 1),
                        "phone", store_col_text(st, 2), "email", store_col_text(st, 3), "note", store_col_text(st, 4));
    store_reset(st);
    return out;
}

static void commune_card(web_request *req, void *ctx)
{
    org_state *st = ctx;
    store_stmt *q = org_read_stmt(req, st->store, "SELECT id, name, agency_code FROM unit WHERE parent_id IS NULL ORDER BY id");
    if (!q)
        return;
    int year = civil_from_day_number(deadline_local_day(req->now_ms)).year;
    json_t *items = json_array();
    store_conn *c = store_reader(st->store);
    while (store_step(q) == STORE_ROW) {
        int64_t id = store_col_int64(q, 0);
        json_t *hours = org_office_hours_json(c, &req->arena, id, year);
        json_t *contact = contact_of(c, id);
        json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:o}", "name", store_col_text(q, 1), "agency_code",
                                               store_col_text(q, 2), "contact", contact ? contact : json_null(),
                                               "office_hours", hours ? hours : json_null()));
    }
    store_reset(q);
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

typedef struct {
    const char *code, *address, *phone, *email, *note, *actor;
    int64_t now;
    bool found;
} contact_job;

static int write_contact(store_conn *c, void *ctx)
{
    contact_job *j = ctx;
    store_stmt *st = store_prepare(
        c, "INSERT INTO unit_contact (unit_id, address, phone, email, note, updated_by, updated_at)"
           " SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM unit WHERE agency_code = ?1"
           " ON CONFLICT (unit_id) DO UPDATE SET address = excluded.address, phone = excluded.phone,"
           " email = excluded.email, note = excluded.note, updated_by = excluded.updated_by,"
           " updated_at = excluded.updated_at");
    if (!st)
        return STORE_ERROR;
    const char *values[] = {j->code, j->address, j->phone, j->email, j->note, j->actor};
    for (int i = 0; i < 6; i++)
        store_bind_text(st, i + 1, values[i]);
    char iso[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, iso);
    store_bind_text(st, 7, iso);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->found = store_changes(c) == 1;
    return j->found ? audit_record(c, j->actor, "unit.contact", "unit", 0,
                                   json_pack("{s:s, s:s, s:s, s:s}", "agency_code", j->code, "address", j->address,
                                             "phone", j->phone, "email", j->email))
                    : 0;
}

static void put_contact(web_request *req, void *ctx)
{
    contact_job j = {.code = web_param(req, "code"), .actor = req->who.subject, .now = req->now_ms};
    if (!web_json_string(req, req->json, "address", 0, 300, true, &j.address) ||
        !web_json_string(req, req->json, "phone", 0, 40, true, &j.phone) ||
        !web_json_string(req, req->json, "email", 0, 200, true, &j.email) ||
        !web_json_string(req, req->json, "note", 0, 500, false, &j.note) ||
        !org_require_scope(req, ((org_state *)ctx)->store, "unit.write", j.code, NULL))
        return;
    if (!j.note)
        j.note = "";
    if (store_write(((org_state *)ctx)->store, write_contact, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!j.found) {
        web_reply_error(req, 404, "not_found", "code", "Không có đơn vị với mã này.");
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s}", "agency_code", j.code));
}

int org_contact_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/public/commune", .handler = commune_card, .ctx = st},
        {.method = "PUT", .pattern = "/api/v1/units/{code}/contact", .handler = put_contact, .ctx = st,
         .permission = "unit.write", .flags = WEB_JSON_BODY, .max_body = 4096},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
