/* The QĐ 766 service-quality index of a unit for a month, a quarter or a
 * year, computed from the dossiers it handled (those whose competent unit is
 * in its subtree and that were received in the period), plus the parts the
 * national database scores, entered as inputs. Every metric shows its
 * numerator, denominator and formula, and lists the dossiers behind them. */
#include "report/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/service_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- periods ------------------------------------------------------------------ */

bool report_period_parse(const char *text, report_period *out)
{
    int y = 0, n = 0;
    char tail;
    memset(out, 0, sizeof *out);
    if (!text)
        return false;
    civil_date first, last;
    if (sscanf(text, "%4d-Q%1d%c", &y, &n, &tail) == 2 && n >= 1 && n <= 4) {
        first = (civil_date){y, 3 * n - 2, 1};
        last = (civil_date){y, 3 * n, civil_days_in_month(y, 3 * n)};
    } else if (strlen(text) == 7 && sscanf(text, "%4d-%2d%c", &y, &n, &tail) == 2 && n >= 1 && n <= 12) {
        first = (civil_date){y, n, 1};
        last = (civil_date){y, n, civil_days_in_month(y, n)};
    } else if (strlen(text) == 4 && sscanf(text, "%4d%c", &y, &tail) == 1) {
        first = (civil_date){y, 1, 1};
        last = (civil_date){y, 12, 31};
    } else {
        return false;
    }
    if (y < 2000 || y > 2100)
        return false;
    snprintf(out->text, sizeof out->text, "%s", text);
    out->from_ms = deadline_instant(civil_day_number(first), 0);
    out->to_ms = deadline_instant(civil_day_number(last) + 1, 0);
    return true;
}

/* --- the metrics -------------------------------------------------------------- */

typedef enum {
    M_ON_TIME,
    M_E_RESULT,
    M_DIGITIZED,
    M_REUSE,
    M_ONLINE,
    M_PAYMENT,
    M_SATISFACTION,
    M_FEEDBACK,
    M_COUNT
} metric_id;
_Static_assert((int)M_COUNT == (int)REPORT_METRICS, "the tally holds every metric");

static const struct {
    const char *code, *title;
    si_group group;
} METRIC[M_COUNT] = {
    {"on_time", "Hồ sơ giải quyết đúng hạn", SI_PROGRESS},
    {"e_result", "Kết quả điện tử", SI_DIGITIZATION},
    {"digitized", "Số hóa thành phần hồ sơ và kết quả", SI_DIGITIZATION},
    {"reuse", "Khai thác, sử dụng lại dữ liệu", SI_DIGITIZATION},
    {"online", "Hồ sơ nộp trực tuyến", SI_ONLINE},
    {"payment", "Hồ sơ thanh toán trực tuyến", SI_PAYMENT},
    {"satisfaction", "Hài lòng với việc giải quyết hồ sơ", SI_SATISFACTION},
    {"feedback", "Phản ánh, kiến nghị xử lý đúng hạn", SI_SATISFACTION},
};

static bool in_denominator(metric_id m, const report_fact *f)
{
    switch (m) {
    case M_E_RESULT:
        return f->flags & FACT_FINISHED;
    case M_SATISFACTION:
        return f->flags & FACT_RATED;
    case M_PAYMENT:
        return f->flags & FACT_FEE_PAID;
    case M_FEEDBACK:
        return false; /* feedback is not a dossier */
    default:
        return true;
    }
}

static bool in_numerator(metric_id m, const report_fact *f, int64_t now)
{
    switch (m) {
    case M_ON_TIME:
        return si_counts_on_time(si_dossier_timeliness(&f->timing, now));
    case M_E_RESULT:
        return (f->flags & FACT_FINISHED) && (f->flags & FACT_E_RESULT);
    case M_DIGITIZED:
        return f->flags & FACT_DIGITIZED;
    case M_REUSE:
        return f->flags & FACT_REUSED;
    case M_ONLINE:
        return f->channel == 2;
    case M_PAYMENT:
        return f->flags & FACT_PAID_ONLINE;
    case M_SATISFACTION:
        return f->flags & FACT_SATISFIED;
    default:
        return false;
    }
}

static si_score score(metric_id m, double num, double den, bool feedback_full)
{
    switch (m) {
    case M_ON_TIME:
        return si_on_time(num, den, true);
    case M_E_RESULT:
        return si_electronic_result(num, den, true);
    case M_DIGITIZED:
        return si_digitized(num, den, true);
    case M_REUSE:
        return si_data_reuse(num, den, true);
    case M_ONLINE:
        return si_online_submission(num, den, true);
    case M_PAYMENT:
        return si_online_payment(num, den, true);
    case M_SATISFACTION:
        return si_satisfaction(num, den, true);
    default:
        return si_feedback_on_time(num, den, feedback_full);
    }
}

/* The groups as the inputs name them. */
static const char *const GROUP_KEYS[SI_GROUP_COUNT] = {"transparency", "progress",     "online",
                                                       "payment",      "digitization", "satisfaction"};

/* The points of a group that no metric computes from dossiers. */
static double uncomputed_points(si_group g)
{
    double computed = 0;
    for (int m = 0; m < M_COUNT; m++)
        if (METRIC[m].group == g)
            computed += score((metric_id)m, 0, 0, true).points;
    return si_group_points(g) - computed;
}

double report_input_room(const char *group)
{
    for (int g = 0; group && g < SI_GROUP_COUNT; g++)
        if (strcmp(GROUP_KEYS[g], group) == 0)
            return uncomputed_points((si_group)g);
    return -1;
}

/* The score entered for a group: >= 0; -1 while none is; -2 on a store
 * error (an answer built on it must not be kept). */
static double entered(store_conn *c, const report_period *p, const char *unit, si_group g, const char **source)
{
    store_stmt *st = store_prepare(c, "SELECT score, source FROM service_index_input WHERE period = ? AND unit_code = ? AND grp = ?");
    *source = NULL;
    if (!st)
        return -2;
    store_bind_text(st, 1, p->text);
    store_bind_text(st, 2, unit);
    store_bind_text(st, 3, GROUP_KEYS[g]);
    double v = -1;
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        v = strtod(store_col_text(st, 0), NULL);
        *source = strdup(store_col_text(st, 1));
    } else if (rc != STORE_DONE) {
        v = -2;
    }
    store_reset(st);
    return v;
}

/* What a group holds beyond its computed metrics, entered from the national
 * database; NULL score while not entered. *failed on a store error. */
static json_t *input_json(store_conn *c, const report_period *p, const char *unit, si_group g, double room,
                          double *total, bool *failed)
{
    if (room <= 0)
        return NULL;
    const char *source;
    double v = entered(c, p, unit, g, &source);
    if (v < -1)
        *failed = true;
    json_t *out = json_pack("{s:s, s:f}", "title", "Phần chấm từ Cơ sở dữ liệu quốc gia (nhập)", "points", room);
    if (v >= 0) {
        double s = v > room ? room : v;
        *total += s;
        json_object_set_new(out, "score", json_real(s));
        json_object_set_new(out, "source", json_string(source));
    } else {
        json_object_set_new(out, "score", json_null());
    }
    free((void *)source);
    return out;
}

void report_tally_add(report_tally *t, const report_fact *f, int64_t now)
{
    t->dossiers++;
    for (int m = 0; m < M_COUNT; m++)
        if (in_denominator((metric_id)m, f)) {
            t->den[m]++;
            t->num[m] += in_numerator((metric_id)m, f, now);
        }
}

json_t *report_index_json(store_conn *c, const char *unit, const report_period *p, const report_tally *t,
                          bool feedback_full)
{
    json_t *groups = json_array();
    double total = 0;
    int complete = 1;
    bool failed = false;
    for (int g = 0; g < SI_GROUP_COUNT; g++) {
        json_t *metrics = json_array();
        double group_score = 0;
        for (int m = 0; m < M_COUNT; m++) {
            if (METRIC[m].group != (si_group)g)
                continue;
            si_score s = score((metric_id)m, t->num[m], t->den[m], feedback_full);
            group_score += s.score;
            json_array_append_new(metrics, json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:b, s:s}", "code", METRIC[m].code,
                                                     "title", METRIC[m].title, "numerator", s.numerator, "denominator",
                                                     s.denominator, "points", s.points, "score", s.score, "empty",
                                                     s.empty, "formula", s.formula));
        }
        json_t *input = input_json(c, p, unit, (si_group)g, uncomputed_points((si_group)g), &group_score, &failed);
        if (input && json_is_null(json_object_get(input, "score")))
            complete = 0;
        total += group_score;
        json_t *item = json_pack("{s:s, s:f, s:f, s:o}", "title", si_group_title((si_group)g), "points",
                                 si_group_points((si_group)g), "score", group_score, "metrics", metrics);
        if (input)
            json_object_set_new(item, "input", input);
        json_array_append_new(groups, item);
    }
    if (failed) {
        json_decref(groups);
        return NULL;
    }
    return json_pack("{s:s, s:s, s:I, s:f, s:b, s:o}", "period", p->text, "unit", unit, "dossiers",
                     (json_int_t)t->dossiers, "score", total, "complete", complete, "groups", groups);
}

typedef struct {
    report_tally tally;
    int64_t now;
} tally_job;

static void tally_one(const report_fact *f, void *ctx)
{
    tally_job *j = ctx;
    report_tally_add(&j->tally, f, j->now);
}

json_t *report_service_index(store_conn *c, const char *unit, const report_period *p, int64_t now, bool feedback_full)
{
    char key[96];
    snprintf(key, sizeof key, "index %s %s %d", unit, p->text, feedback_full);
    int64_t version = report_facts_version(c);
    json_t *out = report_cache_get(key, version, now);
    if (out)
        return out;
    tally_job j = {.now = now};
    if (report_scan_facts(c, unit, p->from_ms, p->to_ms, false, tally_one, &j) < 0)
        return NULL;
    out = report_index_json(c, unit, p, &j.tally, feedback_full);
    if (out)
        report_cache_put(key, version, now, out);
    return out;
}

typedef struct {
    metric_id metric;
    bool numerator;
    int64_t now;
    int64_t offset, limit, total; /* a page of the codes; total counts them all */
    json_t *codes;
} drill_job;

static void drill_one(const report_fact *f, void *ctx)
{
    drill_job *j = ctx;
    if (!in_denominator(j->metric, f) || (j->numerator && !in_numerator(j->metric, f, j->now)))
        return;
    if (j->total >= j->offset && j->total < j->offset + j->limit)
        json_array_append_new(j->codes, json_string(f->code));
    j->total++;
}

bool report_metric_known(const char *metric)
{
    for (int m = 0; m < M_COUNT; m++)
        if (strcmp(METRIC[m].code, metric) == 0)
            return m != M_FEEDBACK; /* feedback is not a dossier: nothing to list */
    return false;
}

json_t *report_service_index_dossiers(store_conn *c, const char *unit, const report_period *p, const char *metric,
                                      bool numerator, int64_t offset, int64_t limit, int64_t now)
{
    int m = 0;
    while (m < M_COUNT && strcmp(METRIC[m].code, metric) != 0)
        m++;
    if (m == M_COUNT)
        return NULL;
    drill_job j = {(metric_id)m, numerator, now, offset, limit, 0, json_array()};
    if (report_scan_facts(c, unit, p->from_ms, p->to_ms, true, drill_one, &j) < 0) {
        json_decref(j.codes);
        return NULL;
    }
    json_t *out = json_pack("{s:s, s:s, s:s, s:I, s:I, s:o}", "metric", metric, "part",
                            numerator ? "numerator" : "denominator", "period", p->text, "total", (json_int_t)j.total,
                            "offset", (json_int_t)offset, "codes", j.codes);
    json_object_set_new(out, "next_offset", offset + limit < j.total ? json_integer(offset + limit) : json_null());
    return out;
}
