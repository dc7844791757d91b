/* The QĐ 766 index as the public statistics page shows it (công khai): the
 * commune's score for the year, its six groups, and each month's score.
 * Totals only: no dossier codes, no personal data.
 *
 * One scan of the year's kept facts gives every month's tally; the year's is
 * their sum, since each dossier counts in the month it was received. The
 * answer is kept (report/cache.c), so an anonymous caller cannot make the
 * server rescan a province's year at will. */
#include "report/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"

#include <stdio.h>
#include <string.h>

/* The score, completeness and groups of a tally, without the metrics. */
static json_t *summary(store_conn *c, const char *unit, const char *period, const report_tally *t, bool feedback_full)
{
    report_period p;
    if (!report_period_parse(period, &p))
        return NULL;
    json_t *full = report_index_json(c, unit, &p, t, feedback_full);
    if (!full)
        return NULL;
    json_t *groups = json_array();
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(full, "groups"), i, g)
        json_array_append_new(groups, json_pack("{s:O, s:O, s:O}", "title", json_object_get(g, "title"), "points",
                                                json_object_get(g, "points"), "score", json_object_get(g, "score")));
    json_t *out = json_pack("{s:O, s:O, s:O, s:o}", "score", json_object_get(full, "score"), "complete",
                            json_object_get(full, "complete"), "dossiers", json_object_get(full, "dossiers"),
                            "groups", groups);
    json_decref(full);
    return out;
}

typedef struct {
    int64_t starts[13]; /* month m runs [starts[m-1], starts[m]) */
    report_tally months[12];
    int64_t now;
} year_job;

static void tally_month(const report_fact *f, void *ctx)
{
    year_job *j = ctx;
    int m = 0;
    while (m < 11 && f->received_ms >= j->starts[m + 1])
        m++;
    report_tally_add(&j->months[m], f, j->now);
}

static void add_tally(report_tally *sum, const report_tally *t)
{
    sum->dossiers += t->dossiers;
    for (int m = 0; m < REPORT_METRICS; m++) {
        sum->num[m] += t->num[m];
        sum->den[m] += t->den[m];
    }
}

static json_t *compute(store_conn *c, const char *unit, int year, int last_month, int64_t now)
{
    bool feedback_full = report_feedback_full(c, unit);
    year_job j = {.now = now};
    for (int m = 0; m <= 12; m++)
        j.starts[m] = deadline_instant(m < 12 ? civil_day_number((civil_date){year, m + 1, 1})
                                              : civil_day_number((civil_date){year + 1, 1, 1}),
                                       0);
    if (report_scan_facts(c, unit, j.starts[0], j.starts[12], false, tally_month, &j) < 0)
        return NULL;
    report_tally whole = {0};
    json_t *months = json_array();
    char period[12];
    /* A month with no dossier has no score: the index is not published on nothing. */
    for (int m = 1; m <= 12; m++) {
        add_tally(&whole, &j.months[m - 1]);
        if (m > last_month || j.months[m - 1].dossiers == 0)
            continue;
        snprintf(period, sizeof period, "%04d-%02d", year, m);
        json_t *month = summary(c, unit, period, &j.months[m - 1], feedback_full);
        if (!month) {
            json_decref(months);
            return NULL;
        }
        json_array_append_new(months, json_pack("{s:i, s:O, s:O}", "month", m, "score",
                                                json_object_get(month, "score"), "dossiers",
                                                json_object_get(month, "dossiers")));
        json_decref(month);
    }
    snprintf(period, sizeof period, "%04d", year);
    json_t *out = summary(c, unit, period, &whole, feedback_full);
    if (!out) {
        json_decref(months);
        return NULL;
    }
    if (whole.dossiers == 0)
        json_object_set_new(out, "score", json_null());
    json_object_set_new(out, "year", json_integer(year));
    json_object_set_new(out, "unit", json_string(unit));
    json_object_set_new(out, "months", months);
    return out;
}

typedef struct {
    store_conn *c;
    const char *unit;
    int year, last_month;
    int64_t now;
} public_job;

static json_t *compute_job(void *ctx)
{
    public_job *j = ctx;
    return compute(j->c, j->unit, j->year, j->last_month, j->now);
}

json_t *report_public_index(store_conn *c, const char *unit, int year, int last_month, int64_t now)
{
    char key[96];
    snprintf(key, sizeof key, "public %s %04d %d", unit, year, last_month);
    public_job j = {c, unit, year, last_month, now};
    return report_cache_public(key, now, compute_job, &j);
}
