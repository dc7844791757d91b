/* HTTP for reports: the QĐ 766 index, its drill-down, its inputs and
 * settings, and the public summary. */
#include "report/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A staff route's ?unit= (default: the caller's own unit), within the
 * caller's reach: reading a commune's index is open to its offices too,
 * entering its inputs and settings only to a role on it or above. */
static bool staff_unit(web_request *req, void *ctx, const char *permission, const char **unit)
{
    int64_t id;
    return org_resolve_unit(req, ((org_state *)ctx)->store, permission,
                            strcmp(permission, "report.read") == 0 ? ORG_REACH_NEAR : ORG_REACH_SUBTREE,
                            web_query(req, "unit"), &id, unit);
}

/* ?period= (default: this month, Vietnam's) and ?unit= (staff_unit). */
static bool scope(web_request *req, void *ctx, const char *permission, report_period *p, const char **unit)
{
    const char *text = web_query(req, "period");
    char month[12];
    if (!text) {
        civil_date today = civil_from_day_number(deadline_local_day(req->now_ms));
        snprintf(month, sizeof month, "%04d-%02d", today.year, today.month);
        text = month;
    }
    if (!report_period_parse(text, p)) {
        web_reply_error(req, 422, "invalid_field", "period", "Kỳ là YYYY, YYYY-Qn hoặc YYYY-MM.");
        return false;
    }
    return staff_unit(req, ctx, permission, unit);
}

static void index_of(web_request *req, void *ctx)
{
    store_conn *c = store_reader(((org_state *)ctx)->store);
    report_period p;
    const char *unit;
    if (!c || !scope(req, ctx, "report.read", &p, &unit))
        return;
    /* ?feedback_none= overrides the unit's setting, to compare the two readings. */
    const char *none = web_query(req, "feedback_none");
    if (none && strcmp(none, "full") != 0 && strcmp(none, "zero") != 0) {
        web_reply_error(req, 422, "invalid_field", "feedback_none", "Khi không có phản ánh, kiến nghị: full hoặc zero.");
        return;
    }
    bool setting = report_feedback_full(c, unit), feedback_full = none ? strcmp(none, "zero") != 0 : setting;
    json_t *out = report_service_index(c, unit, &p, req->now_ms, feedback_full);
    if (out) {
        json_object_set_new(out, "feedback_none", json_string(setting ? "full" : "zero")); /* the unit's setting */
        web_reply_json(req, 200, out);
    }
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

static void drill_down(web_request *req, void *ctx)
{
    store_conn *c = store_reader(((org_state *)ctx)->store);
    report_period p;
    const char *unit;
    if (!c || !scope(req, ctx, "report.read", &p, &unit))
        return;
    const char *metric = web_query(req, "metric"), *part = web_query(req, "part");
    if (!metric || !report_metric_known(metric)) {
        web_reply_error(req, 422, "invalid_field", "metric",
                        "Chỉ số là on_time, e_result, digitized, reuse, online, payment, satisfaction.");
        return;
    }
    if (part && strcmp(part, "numerator") != 0 && strcmp(part, "denominator") != 0) {
        web_reply_error(req, 422, "invalid_field", "part", "Phần là numerator (tử số) hoặc denominator (mẫu số).");
        return;
    }
    long offset = 0, limit = 500;
    if (!web_query_int(req, "offset", 0, 100000000, "Vị trí bắt đầu là số từ 0.", &offset) ||
        !web_query_int(req, "limit", 1, 1000, "Số hồ sơ mỗi trang từ 1 đến 1000.", &limit))
        return;
    json_t *out = report_service_index_dossiers(c, unit, &p, metric, !part || strcmp(part, "denominator") != 0, offset,
                                                limit, req->now_ms);
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

typedef struct {
    const char *period, *unit, *group, *source, *actor;
    double score;
    int64_t now;
} input_job;

static int write_input(store_conn *c, void *ctx)
{
    input_job *j = ctx;
    store_stmt *st = store_prepare(
        c, "INSERT INTO service_index_input (period, unit_code, grp, score, source, entered_by, entered_at)"
           " VALUES (?, ?, ?, CAST(? AS DOUBLE PRECISION), ?, ?, ?) ON CONFLICT (period, unit_code, grp) DO UPDATE SET"
           " score = excluded.score, source = excluded.source, entered_by = excluded.entered_by, entered_at = excluded.entered_at");
    if (!st)
        return STORE_ERROR;
    char score[32], iso[TIMEFMT_ISO_LEN];
    snprintf(score, sizeof score, "%.4f", j->score);
    timefmt_iso_utc(j->now, iso);
    const char *values[] = {j->period, j->unit, j->group, score, j->source, j->actor, iso};
    for (int i = 0; i < 7; i++)
        store_bind_text(st, i + 1, values[i]);
    int rc = store_step(st);
    store_reset(st);
    return rc != STORE_DONE ? STORE_ERROR
                            : audit_record(c, j->actor, "service_index.input", "unit", 0,
                                           json_pack("{s:s, s:s, s:s, s:f}", "period", j->period, "unit", j->unit,
                                                     "group", j->group, "score", j->score));
}

static void put_input(web_request *req, void *ctx)
{
    input_job j = {.actor = req->who.subject, .now = req->now_ms};
    store_conn *c = store_reader(((org_state *)ctx)->store);
    report_period p;
    if (!c || !scope(req, ctx, "report.input", &p, &j.unit))
        return;
    j.period = p.text;
    if (!web_json_string(req, req->json, "group", 1, 20, true, &j.group) ||
        !web_json_string(req, req->json, "source", 1, 300, true, &j.source))
        return;
    double room = report_input_room(j.group);
    json_t *score = json_object_get(req->json, "score");
    if (room <= 0) {
        web_reply_error(req, 422, "invalid_field", "group", "Nhóm nhập được: transparency, online, digitization, satisfaction.");
        return;
    }
    if (!json_is_number(score) || json_number_value(score) < 0 || json_number_value(score) > room) {
        web_reply_error(req, 422, "invalid_field", "score", "Điểm từ 0 đến số điểm nhóm chưa tính từ dữ liệu hồ sơ.");
        return;
    }
    j.score = json_number_value(score);
    if (store_write(((org_state *)ctx)->store, write_input, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:s, s:s, s:f}", "period", j.period, "unit", j.unit, "group", j.group,
                                       "score", j.score));
}

static void put_settings(web_request *req, void *ctx)
{
    store_conn *c = store_reader(((org_state *)ctx)->store);
    const char *unit, *none;
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!staff_unit(req, ctx, "report.input", &unit) ||
        !web_json_string(req, req->json, "feedback_none", 1, 8, true, &none))
        return;
    if (strcmp(none, "full") != 0 && strcmp(none, "zero") != 0) {
        web_reply_error(req, 422, "invalid_field", "feedback_none",
                        "Khi không có phản ánh, kiến nghị: full (đủ 6 điểm) hoặc zero (0 điểm).");
        return;
    }
    if (report_set_feedback_none(((org_state *)ctx)->store, unit, strcmp(none, "full") == 0, req->who.subject,
                                 req->now_ms) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:s}", "unit", unit, "feedback_none", none));
}

/* ?year= (default: this year) for the first commune; no personal data. */
static void public_index(web_request *req, void *ctx)
{
    civil_date today = civil_from_day_number(deadline_local_day(req->now_ms));
    long this_year = today.year, this_month = today.month, year = this_year;
    if (!web_query_int(req, "year", 2000, 2100, "Năm từ 2000 đến 2100.", &year))
        return;
    store_conn *c = store_reader(((org_state *)ctx)->store);
    const char *unit;
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    int64_t unit_id;
    if (!org_public_unit(req, ((org_state *)ctx)->store, &unit, &unit_id))
        return;
    long last_month = year < this_year ? 12 : year == this_year ? this_month : 0;
    json_t *out = report_public_index(c, unit, (int)year, (int)last_month, req->now_ms);
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

typedef struct {
    store_conn *c;
    int64_t unit_id;
    int year;
} statistics_job;

static json_t *statistics_of(void *ctx)
{
    statistics_job *j = ctx;
    return report_public_statistics(j->c, j->unit_id, j->year);
}

/* GET /api/v1/public/statistics?year=&unit=: a public answer (cache.c),
 * at most a minute old, like the public index. */
static void public_statistics(web_request *req, void *ctx)
{
    long year = civil_from_day_number(deadline_local_day(req->now_ms)).year;
    if (!web_query_int(req, "year", 2000, 2100, "Năm từ 2000 đến 2100.", &year))
        return;
    store_conn *c = store_reader(((org_state *)ctx)->store);
    const char *unit;
    int64_t unit_id;
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!org_public_unit(req, ((org_state *)ctx)->store, &unit, &unit_id))
        return;
    char key[96];
    snprintf(key, sizeof key, "statistics %s %ld", unit, year);
    statistics_job j = {c, unit_id, (int)year};
    json_t *out = report_cache_public(key, req->now_ms, statistics_of, &j);
    if (out) {
        json_object_set_new(out, "unit", json_string(unit));
        web_reply_json(req, 200, out);
    } else {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    }
}

int report_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/service-index", .handler = index_of, .ctx = st, .permission = "report.read"},
        {.method = "GET", .pattern = "/api/v1/service-index/dossiers", .handler = drill_down, .ctx = st,
         .permission = "report.read"},
        {.method = "PUT", .pattern = "/api/v1/service-index/inputs", .handler = put_input, .ctx = st,
         .permission = "report.input", .flags = WEB_JSON_BODY, .max_body = 4096},
        {.method = "PUT", .pattern = "/api/v1/service-index/settings", .handler = put_settings, .ctx = st,
         .permission = "report.input", .flags = WEB_JSON_BODY, .max_body = 1024},
        {.method = "GET", .pattern = "/api/v1/public/service-index", .handler = public_index, .ctx = st},
        {.method = "GET", .pattern = "/api/v1/public/statistics", .handler = public_statistics, .ctx = st},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
