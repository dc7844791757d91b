/* HTTP for a plan's periodic reports: the list of periods with their state,
 * submitting a task's report or the plan's, and the report as a document. */
#include "plan/internal.h"

#include "core/civil_date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool ids(web_request *req, int64_t *plan, int64_t *task)
{
    if (plan_path_id(req, "id", plan) && (!task || plan_path_id(req, "task", task)))
        return true;
    web_reply_error(req, 404, "not_found", "id", "Không có kế hoạch hoặc nhiệm vụ này.");
    return false;
}

/* kind: weekly or monthly, from the path or the body. */
static bool kind_of(web_request *req, const char *kind, bool *weekly)
{
    if (kind && (strcmp(kind, "weekly") == 0 || strcmp(kind, "monthly") == 0)) {
        *weekly = strcmp(kind, "weekly") == 0;
        return true;
    }
    web_reply_error(req, 422, "invalid_field", "kind", "Loại báo cáo là weekly (tuần) hoặc monthly (tháng).");
    return false;
}

static void reply_refusal(web_request *req, const org_error *e)
{
    web_reply_error(req, e->status, e->code, e->field, e->message);
}

static void list_reports(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.read"))
        return;
    int64_t plan;
    bool weekly;
    const char *kind = web_query(req, "kind") ? web_query(req, "kind") : "weekly";
    if (!ids(req, &plan, NULL) || !kind_of(req, kind, &weekly))
        return;
    store_conn *c = store_reader(((org_state *)ctx)->store);
    json_t *out = c ? plan_report_list(c, plan, weekly, req->now_ms) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 404, "not_found", "id", "Không có kế hoạch này.");
}

static void submit_report(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.manage"))
        return;
    int64_t plan;
    bool weekly;
    const char *kind, *period;
    if (!ids(req, &plan, NULL) || !web_json_string(req, req->json, "kind", 1, 10, true, &kind) ||
        !kind_of(req, kind, &weekly) || !web_json_string(req, req->json, "period", 1, 10, true, &period))
        return;
    org_error e;
    if (plan_report_submit(((org_state *)ctx)->store, plan, weekly, period, req->who.subject, req->now_ms, &e) != 0) {
        reply_refusal(req, &e);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:s, s:s, s:b}", "kind", kind, "period", period, "locked", 1));
}

static void submit_task_report(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.update"))
        return;
    int64_t plan, task;
    bool weekly;
    const char *kind, *period, *note;
    if (!ids(req, &plan, &task) || !web_json_string(req, req->json, "kind", 1, 10, true, &kind) ||
        !kind_of(req, kind, &weekly) || !web_json_string(req, req->json, "period", 1, 10, true, &period) ||
        !web_json_string(req, req->json, "note", 1, 4000, true, &note))
        return;
    org_error e;
    if (plan_task_report_submit(((org_state *)ctx)->store, plan, task, weekly, period, note, req->who.subject,
                                req->now_ms, &e) != 0) {
        reply_refusal(req, &e);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:s, s:s, s:b}", "kind", kind, "period", period, "locked", 1));
}

static const char *commune_name(store_conn *c, arena *a)
{
    store_stmt *st = store_prepare(c, "SELECT name FROM unit WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    const char *name = "";
    if (st && store_step(st) == STORE_ROW)
        name = arena_strdup(a, store_col_text(st, 0));
    if (st)
        store_reset(st);
    return name;
}

/* "Tuần 48 (23/11/2026 – 29/11/2026)" or "Tháng 11/2026". */
static const char *period_heading(arena *a, const char *title, bool weekly, const report_slot *s)
{
    civil_date f = civil_from_day_number(s->first_day), l = civil_from_day_number(s->last_day);
    if (weekly)
        return arena_printf(a, "%s — Tuần %s (%02d/%02d/%04d – %02d/%02d/%04d)", title, s->label + 6, f.day, f.month,
                            f.year, l.day, l.month, l.year);
    return arena_printf(a, "%s — Tháng %02d/%04d", title, f.month, f.year);
}

static void get_report(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.read"))
        return;
    org_state *st = ctx;
    int64_t plan;
    bool weekly;
    const char *format = web_query(req, "format") ? web_query(req, "format") : "json";
    if (!ids(req, &plan, NULL) || !kind_of(req, web_param(req, "kind"), &weekly))
        return;
    store_conn *c = store_reader(st->store);
    plan_schedule sched;
    report_slot slot;
    if (!c || !plan_report_schedule(c, plan, &sched)) {
        web_reply_error(req, 404, "not_found", "id", "Không có kế hoạch này.");
        return;
    }
    if (!plan_report_slot(&sched, weekly, web_param(req, "period"), &slot)) {
        web_reply_error(req, 422, "invalid_field", "period", "Kỳ tuần dạng 2026-W48, kỳ tháng dạng 2026-11.");
        return;
    }
    bool pdf = strcmp(format, "pdf") == 0, xlsx = strcmp(format, "xlsx") == 0;
    if (!pdf && !xlsx && strcmp(format, "json") != 0) {
        web_reply_error(req, 422, "invalid_field", "format", "Định dạng là json, pdf hoặc xlsx.");
        return;
    }
    bool locked;
    json_t *content = plan_report_content(c, plan, weekly, slot.label, req->now_ms, &locked);
    if (!content) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    json_object_set_new(content, "locked", json_boolean(locked));
    if (!pdf && !xlsx) {
        web_reply_json(req, 200, content);
        return;
    }
    size_t len = 0;
    const char *heading = period_heading(&req->arena, sched.title, weekly, &slot);
    void *bytes = plan_report_document(content, commune_name(c, &req->arena), heading, st->data_dir, pdf, &len);
    json_decref(content);
    char *copy = bytes ? arena_alloc(&req->arena, len) : NULL;
    if (copy)
        memcpy(copy, bytes, len);
    free(bytes);
    if (!copy) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_bytes(req, 200, pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    copy, len);
    web_add_header(req, "Content-Disposition", arena_printf(&req->arena, "%s; filename=\"bao-cao-%s.%s\"",
                                                            pdf ? "inline" : "attachment", slot.label, format));
}

int plan_report_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/plans/{id}/reports", .handler = list_reports, .ctx = st,
         .permission = "plan.read"},
        {.method = "POST", .pattern = "/api/v1/plans/{id}/reports", .handler = submit_report, .ctx = st,
         .permission = "plan.manage", .flags = WEB_JSON_BODY, .max_body = 1024},
        {.method = "GET", .pattern = "/api/v1/plans/{id}/reports/{kind}/{period}", .handler = get_report, .ctx = st,
         .permission = "plan.read"},
        {.method = "POST", .pattern = "/api/v1/plans/{id}/tasks/{task}/reports", .handler = submit_task_report,
         .ctx = st, .permission = "plan.update", .flags = WEB_JSON_BODY, .max_body = 8192},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
