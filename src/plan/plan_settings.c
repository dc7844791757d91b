/* What a leader sets on a plan and its tasks after the import: how progress
 * rolls up, when reports are due, a task's parent and weight; and one
 * indicator with its trend month by month (computed) or its values
 * (reported). */
#include "plan/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "org/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t plan_id, task_id, parent_id;
    const char *rollup, *weekly_due, *actor;
    int64_t month_day;
    double weight;
    bool has_parent, has_weight, found;
    const char *refusal;
} settings_job;

static int write_plan_settings(store_conn *c, void *ctx)
{
    settings_job *j = ctx;
    store_stmt *st = store_prepare(c, "UPDATE plan SET rollup = COALESCE(?, rollup), weekly_due = COALESCE(?, weekly_due),"
                                      " monthly_due_day = COALESCE(?, monthly_due_day) WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->rollup);
    store_bind_text(st, 2, j->weekly_due);
    if (j->month_day)
        store_bind_int64(st, 3, j->month_day);
    else
        store_bind_null(st, 3);
    store_bind_int64(st, 4, j->plan_id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->found = store_changes(c) == 1;
    return j->found ? audit_record(c, j->actor, "plan.settings", "plan", j->plan_id,
                                   json_pack("{s:s?, s:s?, s:I}", "rollup", j->rollup, "weekly_due", j->weekly_due,
                                             "monthly_due_day", (json_int_t)j->month_day))
                    : 0;
}

/* "fri 08:00": a weekday's three letters and a local time. */
static bool weekly_due_ok(const char *t)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    int h, m;
    char tail;
    if (!t || strlen(t) != 9 || t[3] != ' ' || sscanf(t + 4, "%2d:%2d%c", &h, &m, &tail) != 2 || h > 23 || m > 59)
        return false;
    for (int i = 0; i < 7; i++)
        if (strncmp(t, days[i], 3) == 0)
            return true;
    return false;
}

static bool plan_id_of(web_request *req, int64_t *id)
{
    if (plan_path_id(req, "id", id))
        return true;
    web_reply_error(req, 404, "not_found", "id", "Không có kế hoạch này.");
    return false;
}

static void put_plan(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.manage"))
        return;
    settings_job j = {.actor = req->who.subject};
    if (!plan_id_of(req, &j.plan_id) || !web_json_string(req, req->json, "rollup", 1, 10, false, &j.rollup) ||
        !web_json_string(req, req->json, "weekly_due", 1, 9, false, &j.weekly_due) ||
        !web_json_int(req, req->json, "monthly_due_day", 1, 28, false, &j.month_day))
        return;
    if (j.rollup && strcmp(j.rollup, "average") != 0 && strcmp(j.rollup, "budget") != 0) {
        web_reply_error(req, 422, "invalid_field", "rollup", "Cách tính tiến độ chung là average (bình quân) hoặc budget (theo kinh phí).");
        return;
    }
    if (j.weekly_due && !weekly_due_ok(j.weekly_due)) {
        web_reply_error(req, 422, "invalid_field", "weekly_due", "Hạn báo cáo tuần dạng \"fri 08:00\" (mon … sun, giờ:phút).");
        return;
    }
    if (store_write(((org_state *)ctx)->store, write_plan_settings, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!j.found) {
        web_reply_error(req, 404, "not_found", "id", "Không có kế hoạch này.");
        return;
    }
    web_reply_json(req, 200, json_pack("{s:I}", "id", (json_int_t)j.plan_id));
}

/* A parent must be another task of the same plan, and not one of the task's
 * own descendants (no cycle). */
static int write_task_settings(store_conn *c, void *ctx)
{
    settings_job *j = ctx;
    if (j->has_parent && j->parent_id) {
        store_stmt *st = store_prepare(
            c, "WITH RECURSIVE up(id) AS (SELECT CAST(?1 AS BIGINT) UNION ALL SELECT t.parent_id FROM plan_task t"
               " JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)"
               " SELECT CASE WHEN (SELECT plan_id FROM plan_task WHERE id = ?1) = ?2 THEN 1 ELSE 0 END,"
               " CASE WHEN EXISTS (SELECT 1 FROM up WHERE id = ?3) THEN 1 ELSE 0 END");
        if (!st)
            return STORE_ERROR;
        store_bind_int64(st, 1, j->parent_id);
        store_bind_int64(st, 2, j->plan_id);
        store_bind_int64(st, 3, j->task_id);
        bool ok = store_step(st) == STORE_ROW && store_col_int64(st, 0) == 1 && store_col_int64(st, 1) == 0;
        store_reset(st);
        if (!ok) {
            j->refusal = "Nhiệm vụ cha phải là nhiệm vụ khác của cùng kế hoạch, không phải nhiệm vụ con của nó.";
            return 0;
        }
    }
    store_stmt *st = store_prepare(c, "UPDATE plan_task SET parent_id = CASE WHEN CAST(?1 AS BIGINT) <> 0 THEN ?2"
                                      " ELSE parent_id END, weight = CASE WHEN CAST(?3 AS BIGINT) <> 0"
                                      " THEN CAST(?4 AS DOUBLE PRECISION) ELSE weight END WHERE id = ?5 AND plan_id = ?6");
    if (!st)
        return STORE_ERROR;
    char weight[32];
    snprintf(weight, sizeof weight, "%.6g", j->weight);
    store_bind_int64(st, 1, j->has_parent);
    if (j->parent_id)
        store_bind_int64(st, 2, j->parent_id);
    else
        store_bind_null(st, 2);
    store_bind_int64(st, 3, j->has_weight);
    store_bind_text(st, 4, weight);
    store_bind_int64(st, 5, j->task_id);
    store_bind_int64(st, 6, j->plan_id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->found = store_changes(c) == 1;
    return j->found ? audit_record(c, j->actor, "plan.task_settings", "plan_task", j->task_id,
                                   json_pack("{s:f}", "weight", j->weight))
                    : 0;
}

static void put_task(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.manage"))
        return;
    settings_job j = {.actor = req->who.subject, .weight = 1};
    if (!plan_id_of(req, &j.plan_id))
        return;
    (void)plan_path_id(req, "task", &j.task_id); /* 0: no such task, answered 404 below */
    json_t *parent = json_object_get(req->json, "parent_id"), *weight = json_object_get(req->json, "weight");
    if (parent && !json_is_null(parent) && (!json_is_integer(parent) || json_integer_value(parent) <= 0)) {
        web_reply_error(req, 422, "invalid_field", "parent_id", "Nhiệm vụ cha là mã nhiệm vụ, hoặc null để bỏ.");
        return;
    }
    if (weight && (!json_is_number(weight) || json_number_value(weight) <= 0 || json_number_value(weight) > 1000)) {
        web_reply_error(req, 422, "invalid_field", "weight", "Trọng số là số dương, tối đa 1000.");
        return;
    }
    j.has_parent = parent != NULL;
    j.parent_id = json_is_integer(parent) ? json_integer_value(parent) : 0;
    j.has_weight = weight != NULL;
    if (weight)
        j.weight = json_number_value(weight);
    if (store_write(((org_state *)ctx)->store, write_task_settings, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (j.refusal)
        web_reply_error(req, 422, "invalid_field", "parent_id", j.refusal);
    else if (!j.found)
        web_reply_error(req, 404, "not_found", "task", "Không có nhiệm vụ này trong kế hoạch.");
    else
        web_reply_json(req, 200, json_pack("{s:I}", "id", (json_int_t)j.task_id));
}

/* --- one indicator ------------------------------------------------------------------ */

static json_t *reported_values(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT id, period, value, source, entered_by, entered_at, reviewed_by, reviewed_at,"
                                      " evidence FROM plan_indicator_value WHERE indicator_id = ?"
                                      " ORDER BY " PLAN_PERIOD_END_SQL("period") ", id");
    json_t *out = json_array();
    if (!st)
        return out;
    store_bind_int64(st, 1, id);
    while (store_step(st) == STORE_ROW) {
        json_t *evidence = json_loads(store_col_text(st, 8), 0, NULL);
        json_array_append_new(out, json_pack("{s:I, s:s, s:f, s:s, s:s, s:s, s:s?, s:s?, s:o}", "id",
                                             (json_int_t)store_col_int64(st, 0), "period", store_col_text(st, 1),
                                             "value", strtod(store_col_text(st, 2), NULL), "source",
                                             store_col_text(st, 3), "entered_by", store_col_text(st, 4), "entered_at",
                                             store_col_text(st, 5), "reviewed_by", store_col_text(st, 6),
                                             "reviewed_at", store_col_text(st, 7), "evidence",
                                             evidence ? evidence : json_array()));
    }
    store_reset(st);
    return out;
}

/* Computed: each month of the plan's year up to now, and the year so far. */
static json_t *monthly_trend(store_conn *c, const char *metric, int64_t plan_id, int year, int64_t now)
{
    json_t *out = json_array();
    int32_t today = deadline_local_day(now);
    for (int m = 1; m <= 12 && civil_day_number((civil_date){year, m, 1}) <= today; m++) {
        json_t *v = plan_metric_month(c, metric, plan_id, year, m);
        if (v)
            json_array_append_new(out, v);
    }
    return out;
}

static void get_indicator(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.read"))
        return;
    int64_t plan_id;
    int64_t id = 0;
    if (!plan_id_of(req, &plan_id))
        return;
    (void)plan_path_id(req, "indicator", &id); /* 0 matches no indicator: 404 below */
    store_conn *c = store_reader(((org_state *)ctx)->store);
    int http = 503;
    json_t *plan = c ? plan_read(c, plan_id, NULL, 0, NULL, req->now_ms, &http) : NULL;
    json_t *found = NULL;
    size_t k;
    json_t *ind;
    json_array_foreach(json_object_get(plan, "indicators"), k, ind) if (json_integer_value(json_object_get(ind, "id")) == id)
        found = json_incref(ind);
    int year = (int)json_integer_value(json_object_get(plan, "year"));
    json_decref(plan);
    if (!found) {
        web_reply_error(req, http == 503 ? 503 : 404, http == 503 ? "unavailable" : "not_found", "indicator",
                        http == 503 ? NULL : "Không có chỉ tiêu này.");
        return;
    }
    const char *metric = json_string_value(json_object_get(found, "metric"));
    json_object_set_new(found, "trend", metric ? monthly_trend(c, metric, plan_id, year, req->now_ms) : reported_values(c, id));
    web_reply_json(req, 200, found);
}

typedef struct {
    int64_t plan_id, indicator_id;
    bool cumulative, found;
    const char *actor;
} indicator_job;

static int write_indicator_settings(store_conn *c, void *ctx)
{
    indicator_job *j = ctx;
    store_stmt *st = store_prepare(c, "UPDATE plan_indicator SET cumulative = ? WHERE id = ? AND plan_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->cumulative);
    store_bind_int64(st, 2, j->indicator_id);
    store_bind_int64(st, 3, j->plan_id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->found = store_changes(c) == 1;
    return j->found ? audit_record(c, j->actor, "plan.indicator_settings", "plan_indicator", j->indicator_id,
                                   json_pack("{s:b}", "cumulative", j->cumulative))
                    : 0;
}

/* {"cumulative": true}: lũy kế (the year so far, or the sum of the periods
 * for a count); false: each period on its own (this month's value). */
static void put_indicator(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.manage"))
        return;
    indicator_job j = {.actor = req->who.subject};
    if (!plan_id_of(req, &j.plan_id))
        return;
    (void)plan_path_id(req, "indicator", &j.indicator_id); /* 0 matches no indicator: 404 below */
    json_t *cumulative = json_object_get(req->json, "cumulative");
    if (!json_is_boolean(cumulative)) {
        web_reply_error(req, 422, "invalid_field", "cumulative", "Lũy kế là true (lũy kế) hoặc false (theo từng kỳ).");
        return;
    }
    j.cumulative = json_is_true(cumulative);
    if (store_write(((org_state *)ctx)->store, write_indicator_settings, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!j.found) {
        web_reply_error(req, 404, "not_found", "indicator", "Không có chỉ tiêu này trong kế hoạch.");
        return;
    }
    web_reply_json(req, 200, json_pack("{s:I, s:b}", "id", (json_int_t)j.indicator_id, "cumulative", j.cumulative));
}

int plan_settings_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "PUT", .pattern = "/api/v1/plans/{id}", .handler = put_plan, .ctx = st, .permission = "plan.manage",
         .flags = WEB_JSON_BODY, .max_body = 1024},
        {.method = "PUT", .pattern = "/api/v1/plans/{id}/tasks/{task}", .handler = put_task, .ctx = st,
         .permission = "plan.manage", .flags = WEB_JSON_BODY, .max_body = 1024},
        {.method = "GET", .pattern = "/api/v1/plans/{id}/indicators/{indicator}", .handler = get_indicator, .ctx = st,
         .permission = "plan.read"},
        {.method = "PUT", .pattern = "/api/v1/plans/{id}/indicators/{indicator}", .handler = put_indicator, .ctx = st,
         .permission = "plan.manage", .flags = WEB_JSON_BODY, .max_body = 1024},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
