/* Reported indicators: a value per period entered with its source and its
 * evidence files, and reviewed by a leader before it counts. The board shows
 * as the indicator's actual the latest reviewed value, or for a cumulative
 * count (not a percentage) the sum of the year's reviewed values. */
#include "plan/internal.h"

#include "core/indicator_target.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* YYYY, YYYY-Qn or YYYY-MM. */
static bool period_ok(const char *p)
{
    int y, n;
    char tail;
    size_t len = p ? strlen(p) : 0;
    if (len == 4)
        return sscanf(p, "%4d%c", &y, &tail) == 1 && y >= 2000 && y <= 2100;
    if (len == 7 && p[5] == 'Q')
        return sscanf(p, "%4d-Q%1d%c", &y, &n, &tail) == 2 && n >= 1 && n <= 4;
    return len == 7 && sscanf(p, "%4d-%2d%c", &y, &n, &tail) == 2 && n >= 1 && n <= 12;
}

typedef struct {
    int64_t plan_id, indicator_id, value_id;
    const char *period, *source, *evidence, *actor;
    double value;
    int64_t now;
    int found; /* 0 none, 1 done, 2 already reviewed / not reported */
} value_job;

/* Whether the plan has the indicator and it is reported: 0 none, 1 reported,
 * 2 computed, -1 unreadable; *year the plan's year. */
static int indicator_kind(store_conn *c, int64_t plan_id, int64_t indicator_id, int *year)
{
    store_stmt *st = c ? store_prepare(c, "SELECT i.kind, p.year FROM plan_indicator i JOIN plan p ON p.id = i.plan_id"
                                          " WHERE i.id = ? AND i.plan_id = ?")
                       : NULL;
    if (!st)
        return -1;
    store_bind_int64(st, 1, indicator_id);
    store_bind_int64(st, 2, plan_id);
    int rc = store_step(st), kind = rc == STORE_DONE ? 0 : rc != STORE_ROW ? -1 : strcmp(store_col_text(st, 0), "reported") == 0 ? 1 : 2;
    if (kind > 0 && year)
        *year = (int)store_col_int64(st, 1);
    store_reset(st);
    return kind;
}

static int write_value(store_conn *c, void *ctx)
{
    value_job *j = ctx;
    j->found = indicator_kind(c, j->plan_id, j->indicator_id, NULL);
    if (j->found < 0)
        return STORE_ERROR;
    if (j->found != 1)
        return 0;
    char now[TIMEFMT_ISO_LEN], value[32];
    timefmt_iso_utc(j->now, now);
    snprintf(value, sizeof value, "%.17g", j->value);
    store_stmt *st = store_prepare(c, "INSERT INTO plan_indicator_value (indicator_id, period, value, source, evidence, entered_by,"
                          " entered_at) VALUES (?, ?, CAST(? AS DOUBLE PRECISION), ?, ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->indicator_id);
    store_bind_text(st, 2, j->period);
    store_bind_text(st, 3, value);
    store_bind_text(st, 4, j->source);
    store_bind_text(st, 5, j->evidence);
    store_bind_text(st, 6, j->actor);
    store_bind_text(st, 7, now);
    int rc = store_step(st);
    j->value_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    return audit_record(c, j->actor, "plan.indicator_value", "plan_indicator", j->indicator_id,
                        json_pack("{s:s, s:f}", "period", j->period, "value", j->value));
}

static int write_review(store_conn *c, void *ctx)
{
    value_job *j = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, now);
    store_stmt *st = store_prepare(c, "UPDATE plan_indicator_value SET reviewed_by = ?, reviewed_at = ? WHERE id = ?"
                                      " AND indicator_id = ? AND reviewed_at IS NULL"
                                      " AND indicator_id IN (SELECT id FROM plan_indicator WHERE plan_id = ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->actor);
    store_bind_text(st, 2, now);
    store_bind_int64(st, 3, j->value_id);
    store_bind_int64(st, 4, j->indicator_id);
    store_bind_int64(st, 5, j->plan_id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->found = store_changes(c) == 1;
    return j->found ? audit_record(c, j->actor, "plan.indicator_value.review", "plan_indicator", j->indicator_id,
                                   json_pack("{s:I}", "value_id", (json_int_t)j->value_id))
                    : 0;
}

static bool path_ids(web_request *req, value_job *j, bool with_value)
{
    if (plan_path_id(req, "id", &j->plan_id) && plan_path_id(req, "indicator", &j->indicator_id) &&
        (!with_value || plan_path_id(req, "value", &j->value_id)))
        return true;
    web_reply_error(req, 404, "not_found", "indicator", "Không có chỉ tiêu này.");
    return false;
}

/* JSON {"period","value","source"}, or multipart with that as "data" and the
 * evidence files. */
static void post_value(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.update"))
        return;
    org_state *st = ctx;
    value_job j = {.actor = req->who.subject, .now = req->now_ms};
    if (!path_ids(req, &j, false))
        return;
    multipart_part parts[PLAN_EVIDENCE_MAX_FILES + 2];
    int files;
    json_t *body = plan_evidence_body(req, parts, PLAN_EVIDENCE_MAX_FILES, &files);
    if (!body)
        return;
    json_t *value = json_object_get(body, "value");
    bool ok = web_json_string(req, body, "period", 4, 7, true, &j.period) &&
              web_json_string(req, body, "source", 1, 500, true, &j.source);
    if (ok && !period_ok(j.period)) {
        web_reply_error(req, 422, "invalid_field", "period", "Kỳ là YYYY, YYYY-Qn hoặc YYYY-MM.");
        ok = false;
    } else if (ok && (!json_is_number(value) || json_number_value(value) < 0 || json_number_value(value) > 1e12)) {
        web_reply_error(req, 422, "invalid_field", "value", "Giá trị là một số không âm.");
        ok = false;
    }
    if (ok) {
        j.value = json_number_value(value);
        j.period = arena_strdup(&req->arena, j.period);
        j.source = arena_strdup(&req->arena, j.source);
    }
    json_decref(body);
    if (!ok)
        return;
    int year = 0, kind = indicator_kind(store_reader(st->store), j.plan_id, j.indicator_id, &year);
    if (kind == 1 && atoi(j.period) != year) {
        web_reply_error(req, 422, "invalid_field", "period", arena_printf(&req->arena, "Kỳ phải thuộc năm %d của kế hoạch.", year));
        return;
    }
    if (kind != 1) {
        web_reply_error(req, kind < 0 ? 503 : kind ? 422 : 404, kind < 0 ? "unavailable" : kind ? "computed_indicator" : "not_found",
                        "indicator", kind < 0 ? NULL : kind ? "Chỉ tiêu này được tính từ dữ liệu của hệ thống, không nhập tay."
                                                            : "Không có chỉ tiêu này.");
        return;
    }
    if (!(j.evidence = plan_evidence_store(req, st->data_dir, parts, files)))
        return;
    if (store_write(st->store, write_value, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (j.found != 1) {
        web_reply_error(req, j.found ? 422 : 404, j.found ? "computed_indicator" : "not_found", "indicator",
                        j.found ? "Chỉ tiêu này được tính từ dữ liệu của hệ thống, không nhập tay." : "Không có chỉ tiêu này.");
        return;
    }
    json_t *evidence = json_loads(j.evidence, 0, NULL);
    web_reply_json(req, 201, json_pack("{s:I, s:s, s:f, s:b, s:o}", "id", (json_int_t)j.value_id, "period", j.period,
                                       "value", j.value, "reviewed", 0, "evidence", evidence ? evidence : json_array()));
}

static void review_value(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.manage"))
        return;
    value_job j = {.actor = req->who.subject, .now = req->now_ms};
    if (!path_ids(req, &j, true))
        return;
    if (store_write(((org_state *)ctx)->store, write_review, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!j.found) {
        web_reply_error(req, 409, "already_reviewed", "value", "Không có giá trị này, hoặc giá trị đã được duyệt.");
        return;
    }
    web_reply_json(req, 200, json_pack("{s:I, s:b}", "id", (json_int_t)j.value_id, "reviewed", 1));
}

/* A period's kind, in SQL: Y (year), Q (quarter) or M (month). */
#define PERIOD_KIND_SQL(col) "(CASE WHEN length(" col ") = 4 THEN 'Y' WHEN substr(" col ", 6, 1) = 'Q' THEN 'Q' ELSE 'M' END)"

json_t *plan_reported_value(store_conn *c, int64_t indicator_id, bool sum)
{
    /* Each period counts once, by its last reviewed value (a correction
     * replaces); the sum adds the periods of the latest one's kind, so a
     * quarter and its months are never added together. */
    store_stmt *st = store_prepare(
        c, "WITH v AS (SELECT *, " PERIOD_KIND_SQL("period") " AS kind, ROW_NUMBER() OVER (PARTITION BY period"
           " ORDER BY reviewed_at DESC, id DESC) AS nth FROM plan_indicator_value"
           " WHERE indicator_id = ? AND reviewed_at IS NOT NULL),"
           " latest AS (SELECT * FROM v WHERE nth = 1 ORDER BY " PLAN_PERIOD_END_SQL("period") " DESC, reviewed_at DESC,"
           " id DESC LIMIT 1)"
           " SELECT l.period, l.value, l.source, l.reviewed_by, l.reviewed_at, l.evidence,"
           " (SELECT SUM(value) FROM v WHERE nth = 1 AND kind = l.kind), (SELECT COUNT(*) FROM v WHERE nth = 1 AND kind = l.kind)"
           " FROM latest l");
    json_t *out = NULL;
    if (!st)
        return NULL;
    store_bind_int64(st, 1, indicator_id);
    if (store_step(st) == STORE_ROW) {
        json_t *evidence = json_loads(store_col_text(st, 5), 0, NULL);
        out = json_pack("{s:s, s:f, s:s, s:s, s:s, s:o, s:s}", "period", store_col_text(st, 0), "value",
                        strtod(store_col_text(st, sum ? 6 : 1), NULL), "source", store_col_text(st, 2), "reviewed_by",
                        store_col_text(st, 3), "reviewed_at", store_col_text(st, 4), "evidence",
                        evidence ? evidence : json_array(), "formula",
                        sum ? "lũy kế: tổng các kỳ đã duyệt" : "giá trị báo cáo đã duyệt của kỳ gần nhất");
        if (sum)
            json_object_set_new(out, "values", json_integer(store_col_int64(st, 7)));
    }
    store_reset(st);
    return out;
}

int plan_indicator_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/plans/{id}/indicators/{indicator}/values", .handler = post_value,
         .ctx = st, .permission = "plan.update", .flags = WEB_JSON_BODY | WEB_MULTIPART, .max_body = 60 << 20},
        {.method = "POST", .pattern = "/api/v1/plans/{id}/indicators/{indicator}/values/{value}/review",
         .handler = review_value, .ctx = st, .permission = "plan.manage", .flags = WEB_JSON_BODY, .max_body = 1024},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
