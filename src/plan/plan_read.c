/* A plan as its board shows it: each task with its derived status (late
 * first), the plan's progress rolled up, and each indicator with its target
 * and, for those xaso computes, the value measured now. */
#include "plan/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/indicator_target.h"
#include "core/task_status.h"

#include <stdlib.h>
#include <string.h>

static int32_t day_of(const char *text)
{
    civil_date d;
    return text && civil_date_parse(text, &d) ? civil_day_number(d) : 0;
}

static json_t *unit_codes(store_conn *c, const char *kind, int64_t id, const char *role)
{
    store_stmt *st = store_prepare(c, "SELECT u.agency_code FROM plan_unit p JOIN unit u ON u.id = p.unit_id"
                                      " WHERE p.item_kind = ? AND p.item_id = ? AND p.role = ? ORDER BY u.id");
    json_t *out = json_array();
    if (!st)
        return out;
    store_bind_text(st, 1, kind);
    store_bind_int64(st, 2, id);
    store_bind_text(st, 3, role);
    while (store_step(st) == STORE_ROW)
        json_array_append_new(out, json_string(store_col_text(st, 0)));
    store_reset(st);
    return out;
}

static bool has_code(json_t *codes, const char *code)
{
    size_t i;
    json_t *v;
    json_array_foreach(codes, i, v) if (strcmp(json_string_value(v), code) == 0) return true;
    return false;
}

/* Late and not started come first, then on time, then done. */
static int status_rank(task_status s)
{
    static const int rank[] = {[TASK_LATE] = 0, [TASK_NOT_STARTED] = 1, [TASK_ON_TIME] = 2,
                               [TASK_DONE_LATE] = 3, [TASK_DONE_ON_TIME] = 4};
    return rank[s];
}

static int by_rank(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int d = (int)json_integer_value(json_object_get(x, "rank")) - (int)json_integer_value(json_object_get(y, "rank"));
    return d ? d : (int)(json_integer_value(json_object_get(x, "position")) - json_integer_value(json_object_get(y, "position")));
}

typedef struct {
    const char *unit, *status;
    int quarter;
} task_filter;

static json_t *task_json(store_conn *c, store_stmt *st, int32_t today)
{
    int64_t id = store_col_int64(st, 0);
    task_facts f = {(int)store_col_int64(st, 9), day_of(store_col_text(st, 7)), day_of(store_col_text(st, 11))};
    task_status s = task_status_derive(&f, today);
    json_t *t = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:i}", "id",
                          (json_int_t)id, "position", (json_int_t)store_col_int64(st, 1), "number", store_col_text(st, 2),
                          "name", store_col_text(st, 3), "expected_result", store_col_text(st, 4), "period",
                          store_col_text(st, 5), "start_day", store_col_text(st, 6), "due_day", store_col_text(st, 7),
                          "lead_text", store_col_text(st, 8), "coordinating_text", store_col_text(st, 12),
                          "budget_text", store_col_text(st, 13), "funding_source", store_col_text(st, 14), "progress",
                          f.progress, "status", task_status_code(s), "status_title", task_status_title(s), "rank",
                          status_rank(s));
    json_object_set_new(t, "budget_million", store_col_is_null(st, 10) ? json_null() : json_real(strtod(store_col_text(st, 10), NULL)));
    json_object_set_new(t, "completed_day", store_col_is_null(st, 11) ? json_null() : json_string(store_col_text(st, 11)));
    json_object_set_new(t, "lead_units", unit_codes(c, "task", id, "lead"));
    json_object_set_new(t, "coordinating_units", unit_codes(c, "task", id, "coordinating"));
    return t;
}

static bool keep(json_t *t, const task_filter *f)
{
    if (f->status && strcmp(json_string_value(json_object_get(t, "status")), f->status) != 0)
        return false;
    if (f->unit && !has_code(json_object_get(t, "lead_units"), f->unit) &&
        !has_code(json_object_get(t, "coordinating_units"), f->unit))
        return false;
    if (f->quarter) {
        civil_date a, b;
        civil_date_parse(json_string_value(json_object_get(t, "start_day")), &a);
        civil_date_parse(json_string_value(json_object_get(t, "due_day")), &b);
        if (f->quarter < (a.month + 2) / 3 || f->quarter > (b.month + 2) / 3)
            return false;
    }
    return true;
}

enum { MAX_TASKS = 500, MAX_DEPTH = 16 };

typedef struct {
    int64_t id, parent;
    task_share share; /* progress as stored, then as rolled up */
    int32_t done_day; /* completed_day as stored; a parent's: its last child's, once all are complete */
    json_t *json;
    bool rolled, parent_of_some;
} node;

/* A parent's progress is its children's, rolled up (recursively). */
static double effective(node *nodes, size_t n, size_t at, bool by_budget, int depth)
{
    node *t = &nodes[at];
    if (t->rolled || depth > MAX_DEPTH)
        return t->share.progress;
    task_share children[MAX_TASKS];
    size_t count = 0;
    int32_t last_done = 0;
    bool all_done = true;
    for (size_t i = 0; i < n; i++)
        if (nodes[i].parent == t->id) {
            children[count] = nodes[i].share;
            children[count++].progress = effective(nodes, n, i, by_budget, depth + 1);
            all_done = all_done && (nodes[i].done_day > 0 || children[count - 1].progress >= 100);
            last_done = nodes[i].done_day > last_done ? nodes[i].done_day : last_done;
        }
    if (count) {
        t->share.progress = task_rollup(children, count, by_budget ? ROLLUP_BUDGET : ROLLUP_AVERAGE);
        t->done_day = all_done ? last_done : 0;
        t->parent_of_some = true;
    }
    t->rolled = true;
    return t->share.progress;
}

/* The stored progress replaced by the rolled-up one, and the status again. */
static void apply_rollup(node *t, int32_t today)
{
    json_t *j = t->json;
    int progress = task_progress_percent(t->share.progress);
    if (t->parent_of_some) {
        civil_date d = civil_from_day_number(t->done_day);
        json_object_set_new(j, "completed_day", t->done_day ? json_sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
                                                            : json_null());
    }
    task_facts f = {progress, day_of(json_string_value(json_object_get(j, "due_day"))), t->done_day};
    task_status s = task_status_derive(&f, today);
    json_object_set_new(j, "progress", json_integer(progress));
    json_object_set_new(j, "status", json_string(task_status_code(s)));
    json_object_set_new(j, "status_title", json_string(task_status_title(s)));
    json_object_set_new(j, "rank", json_integer(status_rank(s)));
    json_object_set_new(j, "parent_id", t->parent ? json_integer(t->parent) : json_null());
}

static json_t *tasks_json(store_conn *c, int64_t plan_id, const task_filter *f, int32_t today, double *rolled,
                          bool by_budget)
{
    store_stmt *st = store_prepare(
        c, "SELECT id, position, number, name, expected_result, period_text, start_day, due_day, lead_text, progress,"
           " budget_million, completed_day, coordinating_text, budget_text, funding_source, weight, parent_id"
           " FROM plan_task WHERE plan_id = ? ORDER BY position");
    json_t *list = json_array();
    if (!st)
        return list;
    store_bind_int64(st, 1, plan_id);
    static _Thread_local node nodes[MAX_TASKS];
    size_t n = 0;
    while (n < MAX_TASKS && store_step(st) == STORE_ROW) {
        node *t = &nodes[n++];
        *t = (node){store_col_int64(st, 0), store_col_is_null(st, 16) ? 0 : store_col_int64(st, 16),
                    {(double)store_col_int64(st, 9), strtod(store_col_text(st, 15), NULL),
                     store_col_is_null(st, 10) ? 0 : strtod(store_col_text(st, 10), NULL)},
                    store_col_is_null(st, 11) ? 0 : day_of(store_col_text(st, 11)), task_json(c, st, today), false,
                    false};
    }
    store_reset(st);
    task_share top[MAX_TASKS];
    size_t tops = 0;
    for (size_t i = 0; i < n; i++) {
        effective(nodes, n, i, by_budget, 0);
        if (!nodes[i].parent)
            top[tops++] = nodes[i].share;
    }
    *rolled = task_rollup(top, tops, by_budget ? ROLLUP_BUDGET : ROLLUP_AVERAGE);
    json_t *all[MAX_TASKS];
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        apply_rollup(&nodes[i], today);
        if (keep(nodes[i].json, f))
            all[kept++] = nodes[i].json;
        else
            json_decref(nodes[i].json);
    }
    qsort(all, kept, sizeof all[0], by_rank);
    for (size_t i = 0; i < kept; i++) {
        json_object_del(all[i], "rank");
        json_array_append_new(list, all[i]);
    }
    return list;
}

/* A computed indicator's actual: cumulative, the plan's year so far; per
 * period, this month (or the year's last month once the year is over). */
static json_t *computed_actual(const char *metric, bool cumulative, store_conn *c, int64_t plan_id, int year,
                               int64_t now)
{
    if (cumulative)
        return plan_metric_value(c, metric, plan_id, year);
    civil_date today = civil_from_day_number(deadline_local_day(now));
    int month = today.year > year ? 12 : today.year < year ? 1 : today.month;
    return plan_metric_month(c, metric, plan_id, year, month);
}

static json_t *indicators_json(store_conn *c, int64_t plan_id, int year, int64_t now)
{
    store_stmt *st = store_prepare(
        c, "SELECT id, number, name, lead_text, coordinating_text, comparator, target, unit_of_measure, kind, metric,"
           " cumulative FROM plan_indicator WHERE plan_id = ? ORDER BY position");
    json_t *list = json_array();
    if (!st)
        return list;
    store_bind_int64(st, 1, plan_id);
    while (store_step(st) == STORE_ROW) {
        int64_t id = store_col_int64(st, 0);
        json_t *ind = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:s?}", "id", (json_int_t)id, "number",
                                store_col_text(st, 1), "name", store_col_text(st, 2), "lead_text",
                                store_col_text(st, 3), "coordinating_text", store_col_text(st, 4), "comparator",
                                store_col_text(st, 5), "unit_of_measure", store_col_text(st, 7), "kind",
                                store_col_text(st, 8), "metric", store_col_text(st, 9));
        bool has_target = !store_col_is_null(st, 6);
        double target = has_target ? strtod(store_col_text(st, 6), NULL) : 0;
        json_object_set_new(ind, "target", has_target ? json_real(target) : json_null());
        json_object_set_new(ind, "lead_units", unit_codes(c, "indicator", id, "lead"));
        bool cumulative = store_col_int64(st, 10) != 0;
        json_object_set_new(ind, "cumulative", json_boolean(cumulative));
        /* Summing the periods makes sense for a count, never for a percentage. */
        json_t *actual = store_col_text(st, 9)
                             ? computed_actual(store_col_text(st, 9), cumulative, c, plan_id, year, now)
                             : plan_reported_value(c, id, cumulative && strcmp(store_col_text(st, 7), "%") != 0);
        if (actual && has_target && json_is_number(json_object_get(actual, "value"))) {
            const char *cmp = store_col_text(st, 5);
            indicator_target t = {strcmp(cmp, "<=") == 0 ? TARGET_AT_MOST : strcmp(cmp, "=") == 0 ? TARGET_EQUAL : TARGET_AT_LEAST,
                                  target, true};
            json_object_set_new(actual, "met", json_boolean(indicator_target_met(&t, json_number_value(json_object_get(actual, "value")))));
        }
        json_object_set_new(ind, "actual", actual ? actual : json_null());
        json_array_append_new(list, ind);
    }
    store_reset(st);
    return list;
}

json_t *plan_read(store_conn *c, int64_t plan_id, const char *unit, int quarter, const char *status, int64_t now,
                  int *http)
{
    store_stmt *st = store_prepare(c, "SELECT title, document_no, year, rollup, document_date FROM plan WHERE id = ?");
    if (!st) {
        *http = 503;
        return NULL;
    }
    store_bind_int64(st, 1, plan_id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        *http = 404;
        return NULL;
    }
    json_t *out = json_pack("{s:I, s:s, s:s, s:s?, s:i, s:s}", "id", (json_int_t)plan_id, "title",
                            store_col_text(st, 0), "document_no", store_col_text(st, 1), "document_date",
                            store_col_text(st, 4), "year", (int)store_col_int64(st, 2), "rollup", store_col_text(st, 3));
    int year = (int)store_col_int64(st, 2);
    bool by_budget = strcmp(store_col_text(st, 3), "budget") == 0;
    store_reset(st);
    task_filter f = {unit, status, quarter};
    double rolled = 0;
    json_object_set_new(out, "tasks", tasks_json(c, plan_id, &f, deadline_local_day(now), &rolled, by_budget));
    json_object_set_new(out, "progress", json_real(rolled));
    json_object_set_new(out, "indicators", indicators_json(c, plan_id, year, now));
    *http = 200;
    return out;
}
