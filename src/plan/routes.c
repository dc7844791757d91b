/* HTTP for plans: import with the confirmation of unit names, the board,
 * one task with its history, progress updates with evidence, export. */
#include "plan/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/timefmt.h"
#include "media/sheet.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool plan_path_id(web_request *req, const char *name, int64_t *out)
{
    const char *text = web_param(req, name);
    if (!text || !*text || strlen(text) > 18 || strspn(text, "0123456789") != strlen(text))
        return false;
    *out = strtoll(text, NULL, 10);
    return *out > 0;
}

bool plan_within_reach(web_request *req, store *s, const char *permission)
{
    int64_t plan_id;
    if (!plan_path_id(req, "id", &plan_id))
        return true;
    store_stmt *q = org_read_stmt(req, s, "SELECT unit_id FROM plan WHERE id = ?");
    if (!q)
        return false;
    store_bind_int64(q, 1, plan_id);
    bool found = store_step(q) == STORE_ROW;
    int64_t unit = found ? store_col_int64(q, 0) : 0;
    store_reset(q);
    org_reach reach = strcmp(permission, "plan.manage") == 0 ? ORG_REACH_SUBTREE : ORG_REACH_NEAR;
    store_conn *c = store_reader(s);
    /* A plan with no unit is the whole deployment's (org_may reads unit 0 as
     * "any unit", which would let anyone in). */
    bool ok = !found || (unit == 0 ? org_may_everywhere(c, org_caller(req), permission)
                         : reach == ORG_REACH_NEAR ? org_may_near(c, org_caller(req), permission, unit)
                                                   : org_may(c, org_caller(req), permission, unit));
    if (!ok)
        org_reply_outside(req, "id", "Không có kế hoạch hoặc nhiệm vụ này.");
    return ok;
}

static bool id_param(web_request *req, const char *name, int64_t *out)
{
    if (plan_path_id(req, name, out))
        return true;
    web_reply_error(req, 404, "not_found", name, "Không có kế hoạch hoặc nhiệm vụ này.");
    return false;
}

static void list_plans(web_request *req, void *ctx)
{
    store_stmt *q = org_read_stmt(req, ((org_state *)ctx)->store,
                                  "SELECT p.id, p.title, p.year, (SELECT COUNT(*) FROM plan_task t WHERE t.plan_id = p.id),"
                                  " (SELECT COUNT(*) FROM plan_indicator i WHERE i.plan_id = p.id), u.agency_code"
                                  " FROM plan p LEFT JOIN unit u ON u.id = p.unit_id"
                                  " WHERE p.unit_id IN " ORG_NEAR_UNITS(1, 2) " ORDER BY p.year DESC, p.id DESC");
    if (!q)
        return;
    store_bind_int64(q, 1, org_caller(req));
    store_bind_text(q, 2, org_permission_roles("plan.read"));
    json_t *items = json_array();
    while (store_step(q) == STORE_ROW)
        json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:I, s:I, s:s?}", "id", (json_int_t)store_col_int64(q, 0),
                                               "title", store_col_text(q, 1), "year", (json_int_t)store_col_int64(q, 2),
                                               "tasks", (json_int_t)store_col_int64(q, 3), "indicators",
                                               (json_int_t)store_col_int64(q, 4), "unit", store_col_text(q, 5)));
    store_reset(q);
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

static void import_plan(web_request *req, void *ctx)
{
    const char *tasks, *indicators, *title, *document_no, *document_date;
    if (!web_json_string(req, req->json, "tasks_csv", 1, 2000000, true, &tasks) ||
        !web_json_string(req, req->json, "indicators_csv", 0, 2000000, false, &indicators) ||
        !web_json_string(req, req->json, "title", 0, 300, false, &title) ||
        !web_json_string(req, req->json, "document_no", 0, 100, false, &document_no) ||
        !web_json_string(req, req->json, "document_date", 0, 10, false, &document_date))
        return;
    const char *unit_code;
    int64_t unit_id;
    if (!web_json_string(req, req->json, "unit", 13, 13, false, &unit_code) ||
        !org_resolve_unit(req, ((org_state *)ctx)->store, "plan.manage", ORG_REACH_SUBTREE, unit_code, &unit_id,
                          &unit_code))
        return;
    json_t *units = json_object_get(req->json, "units");
    if (units && !json_is_object(units)) {
        web_reply_error(req, 422, "invalid_field", "units", "Ánh xạ đơn vị là một đối tượng {tên đã gõ: [mã định danh]}.");
        return;
    }
    plan_import_input in = {.title = title, .document_no = document_no, .document_date = document_date,
                            .tasks_csv = tasks, .indicators_csv = indicators, .tasks_len = strlen(tasks),
                            .indicators_len = indicators ? strlen(indicators) : 0, .units = units,
                            .dry_run = json_is_true(json_object_get(req->json, "dry_run")),
                            .actor = req->who.subject, .now = req->now_ms, .unit_id = unit_id};
    json_t *report;
    org_error e;
    if (plan_import(((org_state *)ctx)->store, &in, &report, &e) != 0) {
        json_t *body = json_pack("{s:{s:s, s:s?, s:s}}", "error", "code", e.code, "field", e.field, "message", e.message);
        json_object_update(json_object_get(body, "error"), report);
        json_decref(report);
        web_reply_json(req, e.status, body);
        return;
    }
    web_reply_json(req, in.dry_run ? 200 : 201, report);
}

static void get_plan(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.read"))
        return;
    int64_t id;
    if (!id_param(req, "id", &id))
        return;
    const char *q = web_query(req, "quarter");
    int quarter = q ? atoi(q) : 0;
    if (q && (quarter < 1 || quarter > 4)) {
        web_reply_error(req, 422, "invalid_field", "quarter", "Quý là 1, 2, 3 hoặc 4.");
        return;
    }
    store_conn *c = store_reader(((org_state *)ctx)->store);
    int http = 503;
    json_t *out = c ? plan_read(c, id, web_query(req, "unit"), quarter, web_query(req, "status"), req->now_ms, &http) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, http, http == 404 ? "not_found" : "unavailable", "id",
                        http == 404 ? "Không có kế hoạch này." : NULL);
}

static void export_plan(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.read"))
        return;
    int64_t id;
    if (!id_param(req, "id", &id))
        return;
    const char *what = web_query(req, "what") ? web_query(req, "what") : "tasks";
    const char *format = web_query(req, "format") ? web_query(req, "format") : "csv";
    bool tasks = strcmp(what, "tasks") == 0;
    if ((!tasks && strcmp(what, "indicators") != 0) || (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)) {
        web_reply_error(req, 422, "invalid_field", "format", "Xuất what=tasks|indicators, format=csv|xlsx.");
        return;
    }
    store_conn *c = store_reader(((org_state *)ctx)->store);
    char *csv = c ? (tasks ? plan_export_tasks_csv(c, id) : plan_export_indicators_csv(c, id)) : NULL;
    if (!csv) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    const char *name = arena_printf(&req->arena, "ke-hoach-%lld-%s", (long long)id, tasks ? "nhiem-vu" : "chi-tieu");
    if (strcmp(format, "csv") == 0) {
        web_reply_text(req, 200, "text/csv; charset=utf-8", arena_strdup(&req->arena, csv));
        free(csv);
        web_add_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"%s.csv\"", name));
        return;
    }
    /* The XLSX has the same columns and cells: read the CSV back into rows. */
    size_t len = 0;
    void *bytes = plan_csv_to_xlsx(((org_state *)ctx)->data_dir, csv, tasks ? "Nhiệm vụ" : "Chỉ tiêu", &len);
    free(csv);
    if (!bytes) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    char *copy = arena_alloc(&req->arena, len);
    if (copy)
        memcpy(copy, bytes, len);
    free(bytes);
    web_reply_bytes(req, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", copy, copy ? len : 0);
    web_add_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"%s.xlsx\"", name));
}

/* --- one task ------------------------------------------------------------------ */

static void get_task(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.read"))
        return;
    int64_t plan_id, task_id;
    if (!id_param(req, "id", &plan_id) || !id_param(req, "task", &task_id))
        return;
    store_conn *c = store_reader(((org_state *)ctx)->store);
    int http = 503;
    json_t *plan = c ? plan_read(c, plan_id, NULL, 0, NULL, req->now_ms, &http) : NULL;
    json_t *task = NULL;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(plan, "tasks"), i, t) if (json_integer_value(json_object_get(t, "id")) == task_id)
        task = json_incref(t);
    json_decref(plan);
    if (!task) {
        web_reply_error(req, http == 503 ? 503 : 404, http == 503 ? "unavailable" : "not_found", "task",
                        http == 503 ? NULL : "Không có nhiệm vụ này.");
        return;
    }
    store_stmt *st = store_prepare(c, "SELECT day, progress, note, files, actor, at FROM plan_progress WHERE task_id = ? ORDER BY id");
    json_t *history = json_array();
    if (st) {
        store_bind_int64(st, 1, task_id);
        while (store_step(st) == STORE_ROW) {
            json_t *files = json_loads(store_col_text(st, 3), 0, NULL);
            json_array_append_new(history, json_pack("{s:s, s:i, s:s, s:o, s:s, s:s}", "day", store_col_text(st, 0),
                                                     "progress", (int)store_col_int64(st, 1), "note", store_col_text(st, 2),
                                                     "files", files ? files : json_array(), "actor", store_col_text(st, 4),
                                                     "at", store_col_text(st, 5)));
        }
        store_reset(st);
    }
    json_object_set_new(task, "history", history);
    web_reply_json(req, 200, task);
}

typedef struct {
    int64_t plan_id, task_id;
    int progress;
    const char *day, *note, *files, *actor;
    int64_t now;
    bool found;
} progress_job;

static int write_progress(store_conn *c, void *ctx)
{
    progress_job *j = ctx;
    store_stmt *st = store_prepare(c, "UPDATE plan_task SET progress = CAST(?1 AS BIGINT),"
                                      " completed_day = CASE WHEN CAST(?1 AS BIGINT) = 100 THEN CAST(?2 AS TEXT) END"
                                      " WHERE id = ?3 AND plan_id = ?4");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->progress);
    store_bind_text(st, 2, j->day);
    store_bind_int64(st, 3, j->task_id);
    store_bind_int64(st, 4, j->plan_id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->found = store_changes(c) == 1;
    if (!j->found)
        return 0;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, now);
    st = store_prepare(c, "INSERT INTO plan_progress (task_id, day, progress, note, files, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->task_id);
    store_bind_text(st, 2, j->day);
    store_bind_int64(st, 3, j->progress);
    store_bind_text(st, 4, j->note);
    store_bind_text(st, 5, j->files);
    store_bind_text(st, 6, j->actor);
    store_bind_text(st, 7, now);
    rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    return audit_record(c, j->actor, "plan.progress", "plan_task", j->task_id,
                        json_pack("{s:i, s:s}", "progress", j->progress, "day", j->day));
}

/* Checked before any evidence file is stored, so a wrong task leaves none. */
static bool task_exists(store *s, int64_t plan_id, int64_t task_id)
{
    store_conn *c = store_reader(s);
    store_stmt *st = c ? store_prepare(c, "SELECT 1 FROM plan_task WHERE id = ? AND plan_id = ?") : NULL;
    if (!st)
        return false;
    store_bind_int64(st, 1, task_id);
    store_bind_int64(st, 2, plan_id);
    bool found = store_step(st) == STORE_ROW;
    store_reset(st);
    return found;
}

static void post_progress(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.update"))
        return;
    org_state *st = ctx;
    progress_job j = {.actor = req->who.subject, .now = req->now_ms};
    if (!id_param(req, "id", &j.plan_id) || !id_param(req, "task", &j.task_id))
        return;
    multipart_part parts[PLAN_EVIDENCE_MAX_FILES + 2];
    int files;
    json_t *body = plan_evidence_body(req, parts, PLAN_EVIDENCE_MAX_FILES, &files);
    int64_t progress;
    civil_date d = civil_from_day_number(deadline_local_day(req->now_ms));
    char today[CIVIL_DATE_TEXT_LEN];
    civil_date_format(d, today);
    if (!body)
        return;
    if (!web_json_int(req, body, "progress", 0, 100, true, &progress) ||
        !web_json_string(req, body, "note", 1, 2000, true, &j.note) ||
        !web_json_string(req, body, "day", 10, 10, false, &j.day)) {
        json_decref(body);
        return;
    }
    if (j.day && (!civil_date_parse(j.day, &d) || strcmp(j.day, today) > 0)) {
        web_reply_error(req, 422, "invalid_field", "day", "Ngày đạt tiến độ dạng YYYY-MM-DD, không sau hôm nay.");
        json_decref(body);
        return;
    }
    if (!task_exists(st->store, j.plan_id, j.task_id)) {
        web_reply_error(req, 404, "not_found", "task", "Không có nhiệm vụ này trong kế hoạch.");
        json_decref(body);
        return;
    }
    j.progress = (int)progress;
    j.note = arena_strdup(&req->arena, j.note);
    j.day = arena_strdup(&req->arena, j.day ? j.day : today);
    json_decref(body);
    if (!(j.files = plan_evidence_store(req, st->data_dir, parts, files)))
        return;
    if (store_write(st->store, write_progress, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!j.found) {
        web_reply_error(req, 404, "not_found", "task", "Không có nhiệm vụ này trong kế hoạch.");
        return;
    }
    get_task(req, ctx);
}

int plan_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/plans", .handler = list_plans, .ctx = st, .permission = "plan.read"},
        {.method = "POST", .pattern = "/api/v1/plans/import", .handler = import_plan, .ctx = st,
         .permission = "plan.manage", .flags = WEB_JSON_BODY, .max_body = 4 << 20},
        {.method = "GET", .pattern = "/api/v1/plans/{id}", .handler = get_plan, .ctx = st, .permission = "plan.read"},
        {.method = "GET", .pattern = "/api/v1/plans/{id}/export", .handler = export_plan, .ctx = st,
         .permission = "plan.read"},
        {.method = "GET", .pattern = "/api/v1/plans/{id}/tasks/{task}", .handler = get_task, .ctx = st,
         .permission = "plan.read"},
        {.method = "POST", .pattern = "/api/v1/plans/{id}/tasks/{task}/progress", .handler = post_progress, .ctx = st,
         .permission = "plan.update", .flags = WEB_JSON_BODY | WEB_MULTIPART, .max_body = 60 << 20},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return plan_report_routes(w, st) != 0 || plan_indicator_routes(w, st) != 0 || plan_evidence_routes(w, st) != 0
               ? -1
               : plan_settings_routes(w, st);
}
