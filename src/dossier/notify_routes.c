/* The administrator's view of notifications and the portal sync record:
 * templates to edit, the outbox with its dead letters, the sync export. */
#include "dossier/internal.h"

#include "core/template.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <string.h>

static const char *const TEMPLATE_NAMES[] = {"code", "applicant_name", "procedure_name", "receiving_unit",
                                             "competent_unit", "due_text", "note", "lookup_url"};

static void list_templates(web_request *req, void *ctx)
{
    store_stmt *q = org_read_stmt(req, ((org_state *)ctx)->store,
                                  "SELECT event, subject, body, updated_by, updated_at FROM notification_template ORDER BY event");
    if (!q)
        return;
    json_t *items = json_array();
    while (store_step(q) == STORE_ROW)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "event", store_col_text(q, 0),
                                               "subject", store_col_text(q, 1), "body", store_col_text(q, 2),
                                               "updated_by", store_col_text(q, 3), "updated_at", store_col_text(q, 4)));
    store_reset(q);
    web_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "placeholders",
                                       json_pack("[s,s,s,s,s,s,s,s]", TEMPLATE_NAMES[0], TEMPLATE_NAMES[1],
                                                 TEMPLATE_NAMES[2], TEMPLATE_NAMES[3], TEMPLATE_NAMES[4],
                                                 TEMPLATE_NAMES[5], TEMPLATE_NAMES[6], TEMPLATE_NAMES[7])));
}

typedef struct {
    const char *event, *subject, *body, *actor;
    int64_t now;
    bool found;
} template_job;

static int write_template(store_conn *c, void *ctx)
{
    template_job *j = ctx;
    store_stmt *st = store_prepare(c, "UPDATE notification_template SET subject = ?, body = ?, updated_by = ?, "
                                      "updated_at = ? WHERE event = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->subject);
    store_bind_text(st, 2, j->body);
    store_bind_text(st, 3, j->actor);
    dossier_bind_instant(st, 4, j->now);
    store_bind_text(st, 5, j->event);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->found = store_changes(c) == 1;
    return j->found ? audit_record(c, j->actor, "notification_template.update", "notification_template", 0,
                                   json_pack("{s:s}", "event", j->event))
                    : 0;
}

static void put_template(web_request *req, void *ctx)
{
    const char *subject, *body, *unknown;
    if (!web_json_string(req, req->json, "subject", 1, 300, true, &subject) ||
        !web_json_string(req, req->json, "body", 1, 4000, true, &body))
        return;
    size_t n = sizeof TEMPLATE_NAMES / sizeof TEMPLATE_NAMES[0];
    if (!template_check(subject, TEMPLATE_NAMES, n, &unknown, &req->arena) ||
        !template_check(body, TEMPLATE_NAMES, n, &unknown, &req->arena)) {
        web_reply_error(req, 422, "invalid_field", "body",
                        arena_printf(&req->arena, "Mẫu có chỗ điền không biết: {%s}.", unknown));
        return;
    }
    /* One set of templates serves the whole deployment. */
    if (!org_require_scope(req, ((org_state *)ctx)->store, "account.write", NULL, NULL))
        return;
    template_job j = {web_param(req, "event"), subject, body, req->who.subject, req->now_ms, false};
    if (store_write(((org_state *)ctx)->store, write_template, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!j.found) {
        web_reply_error(req, 404, "not_found", "event", "Không có mẫu thông báo này.");
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s}", "event", j.event));
}

/* A dossier is within a supervisor's reach by its receiving or competent unit;
 * ?2 is the account, ?3 the roles of dossier.supervise. */
#define SUPERVISED_DOSSIER(d)                                                                                   \
    "(" d ".receiving_unit_id IN " ORG_NEAR_UNITS(2, 3) " OR " d ".competent_unit_id IN " ORG_NEAR_UNITS(2, 3) ")"

static void bind_supervisor(store_stmt *q, web_request *req)
{
    store_bind_int64(q, 2, org_caller(req));
    store_bind_text(q, 3, org_permission_roles("dossier.supervise"));
}

static void list_outbox(web_request *req, void *ctx)
{
    const char *status = web_query(req, "status");
    store_stmt *q = org_read_stmt(req, ((org_state *)ctx)->store,
                                  "SELECT o.id, d.code, o.event, o.channel, o.recipient, o.status, o.attempts, "
                                  "o.last_error, o.created_at, o.sent_at FROM notification_outbox o JOIN dossier d "
                                  "ON d.id = o.dossier_id WHERE (CAST(?1 AS TEXT) IS NULL OR o.status = ?1) AND " SUPERVISED_DOSSIER("d")
                                  " ORDER BY o.id DESC LIMIT 500");
    if (!q)
        return;
    bind_supervisor(q, req);
    if (status)
        store_bind_text(q, 1, status);
    else
        store_bind_null(q, 1);
    json_t *items = json_array();
    while (store_step(q) == STORE_ROW)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s?, s:s, s:s?}", "id",
                                               (json_int_t)store_col_int64(q, 0), "code", store_col_text(q, 1),
                                               "event", store_col_text(q, 2), "channel", store_col_text(q, 3),
                                               "recipient", store_col_text(q, 4), "status", store_col_text(q, 5),
                                               "attempts", (json_int_t)store_col_int64(q, 6), "last_error",
                                               store_col_text(q, 7), "created_at", store_col_text(q, 8),
                                               "sent_at", store_col_text(q, 9)));
    store_reset(q);
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

static void sync_export(web_request *req, void *ctx)
{
    store_stmt *q = org_read_stmt(req, ((org_state *)ctx)->store,
                                  "SELECT s.id, s.payload, s.status, s.created_at, s.delivered_at FROM portal_sync s"
                                  " JOIN dossier d ON d.id = s.dossier_id WHERE (CAST(?1 AS TEXT) IS NULL OR s.status = ?1) AND "
                                  SUPERVISED_DOSSIER("d") " ORDER BY s.id LIMIT 5000");
    if (!q)
        return;
    bind_supervisor(q, req);
    const char *status = web_query(req, "status");
    if (status)
        store_bind_text(q, 1, status);
    else
        store_bind_null(q, 1);
    json_t *items = json_array();
    while (store_step(q) == STORE_ROW) {
        json_t *payload = json_loads(store_col_text(q, 1), 0, NULL);
        json_array_append_new(items, json_pack("{s:I, s:o, s:s, s:s, s:s?}", "id", (json_int_t)store_col_int64(q, 0),
                                               "record", payload ? payload : json_null(), "status",
                                               store_col_text(q, 2), "created_at", store_col_text(q, 3),
                                               "delivered_at", store_col_text(q, 4)));
    }
    store_reset(q);
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

typedef struct {
    json_t *ids;
    const char *status, *actor;
    int64_t now, account_id;
    int changed;
} mark_job;

static int mark(store_conn *c, void *ctx)
{
    mark_job *j = ctx;
    /* Records of dossiers outside the caller's reach are left as they are, as
     * unknown ids are. */
    store_stmt *st = store_prepare(
        c, "UPDATE portal_sync SET status = ?4, delivered_at = ?5 WHERE id = ?1 AND status != 'delivered'"
           " AND dossier_id IN (SELECT d.id FROM dossier d WHERE " SUPERVISED_DOSSIER("d") ")");
    if (!st)
        return STORE_ERROR;
    size_t i;
    json_t *id;
    json_array_foreach(j->ids, i, id) {
        store_bind_int64(st, 1, json_integer_value(id));
        store_bind_int64(st, 2, j->account_id);
        store_bind_text(st, 3, org_permission_roles("dossier.supervise"));
        store_bind_text(st, 4, j->status);
        dossier_bind_instant(st, 5, strcmp(j->status, "delivered") == 0 ? j->now : 0);
        if (store_step(st) != STORE_DONE) {
            store_reset(st);
            return STORE_ERROR;
        }
        j->changed += store_changes(c);
        store_reset(st);
    }
    return audit_record(c, j->actor, "portal_sync.mark", "portal_sync", 0,
                        json_pack("{s:s, s:i}", "status", j->status, "changed", j->changed));
}

static void sync_mark(web_request *req, void *ctx)
{
    json_t *ids = json_object_get(req->json, "ids");
    const char *status;
    if (!web_json_string(req, req->json, "status", 1, 16, true, &status))
        return;
    bool ok = json_is_array(ids) && json_array_size(ids) <= 5000 &&
              (strcmp(status, "delivered") == 0 || strcmp(status, "failed") == 0);
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) ok = ok && json_is_integer(id);
    if (!ok) {
        web_reply_error(req, 422, "invalid_field", "ids", "Cần danh sách mã bản ghi và trạng thái delivered hoặc failed.");
        return;
    }
    mark_job j = {ids, status, req->who.subject, req->now_ms, org_caller(req), 0};
    if (store_write(((org_state *)ctx)->store, mark, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:i}", "changed", j.changed));
}
int dossier_notify_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/notification-templates", .handler = list_templates, .ctx = st,
         .permission = "account.write"},
        {.method = "PUT", .pattern = "/api/v1/notification-templates/{event}", .handler = put_template, .ctx = st,
         .permission = "account.write", .flags = WEB_JSON_BODY, .max_body = 16384},
        {.method = "GET", .pattern = "/api/v1/notifications", .handler = list_outbox, .ctx = st,
         .permission = "dossier.supervise"},
        {.method = "GET", .pattern = "/api/v1/portal-sync", .handler = sync_export, .ctx = st,
         .permission = "dossier.supervise"},
        {.method = "POST", .pattern = "/api/v1/portal-sync/mark", .handler = sync_mark, .ctx = st,
         .permission = "dossier.supervise", .flags = WEB_JSON_BODY, .max_body = 1 << 20},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
