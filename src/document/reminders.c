/* Reminders of văn bản đến: the caller's open documents (assigned to them,
 * or to their unit with no handler named) whose deadline has passed or
 * falls within the next 2 working days (Điều 24 khoản 2: handled within the
 * time set). Computed when asked, against the unit's working calendar, so
 * nothing needs to run in the background: the periodic scheduler
 * (src/ops/scheduler.c) only takes backups and has no hook for a part's
 * jobs; a notification of these would need one. */
#include "document/due.h"
#include "document/incoming.h"

#include "core/timefmt.h"
#include "org/permission.h"

#include <string.h>

enum { REMINDER_DAYS = 2, REMINDER_MAX = 500 };

static const char REMINDER_SQL[] =
    "SELECT d.id, d.due_at FROM document d WHERE d.direction = 'in' AND d.status IN ('assigned', 'in_progress')"
    " AND d.due_at IS NOT NULL AND (d.handler_account_id = ?1 OR (d.handler_account_id IS NULL"
    " AND d.handling_unit_id = ?2)) ORDER BY d.due_at, d.id LIMIT 5000";

static void get_reminders(web_request *req, void *ctx)
{
    org_state *os = ctx;
    store_conn *c = store_reader(os->store);
    int64_t me = org_caller(req);
    int64_t unit = c ? document_account_unit(c, me) : 0;
    org_calendar cal;
    if (!c || unit <= 0 || !incoming_clock(c, &req->arena, unit, req->now_ms, &cal)) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    store_stmt *st = org_read_stmt(req, os->store, REMINDER_SQL);
    if (!st)
        return;
    store_bind_int64(st, 1, me);
    store_bind_int64(st, 2, unit);
    int64_t *ids = arena_alloc(&req->arena, sizeof(int64_t) * REMINDER_MAX);
    size_t n = 0;
    while (ids && n < REMINDER_MAX && store_step(st) == STORE_ROW) {
        int64_t due;
        if (timefmt_parse_iso_utc(store_col_text(st, 1), &due) &&
            document_due_soon(&cal.clock, req->now_ms, due, REMINDER_DAYS))
            ids[n++] = store_col_int64(st, 0);
    }
    store_reset(st);
    json_t *items = json_array();
    size_t overdue = 0;
    for (size_t i = 0; i < n; i++) {
        if (!document_visible(c, me, ids[i]))
            continue;
        json_t *d = incoming_json(c, ids[i], req->now_ms, 0);
        if (!d)
            continue;
        overdue += json_is_true(json_object_get(d, "overdue"));
        json_object_set_new(d, "due_soon", json_boolean(!json_is_true(json_object_get(d, "overdue"))));
        json_array_append_new(items, d);
    }
    web_reply_json(req, 200, json_pack("{s:I, s:I, s:i, s:o}", "count", (json_int_t)json_array_size(items),
                                       "overdue", (json_int_t)overdue, "within_working_days", REMINDER_DAYS,
                                       "items", items));
}

int document_reminder_routes(web_server *w, org_state *st)
{
    const web_route r = {.method = "GET", .pattern = "/api/v1/documents/reminders", .handler = get_reminders,
                         .ctx = st, .permission = "document.read"};
    return web_server_route(w, &r);
}
