/* The QĐ 766 index as the public statistics page shows it (công khai): the
 * commune's score for the year, its six groups, and each month's score.
 * Totals only: no dossier codes, no personal data. */
#include "report/report.h"

#include <stdio.h>

/* The score, completeness and groups of one period, without the metrics. */
static json_t *summary(store_conn *c, const char *unit, const char *period, int64_t now, bool feedback_full)
{
    report_period p;
    if (!report_period_parse(period, &p))
        return NULL;
    json_t *full = report_service_index(c, unit, &p, now, feedback_full);
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

json_t *report_public_index(store_conn *c, const char *unit, int year, int last_month, int64_t now)
{
    bool feedback_full = report_feedback_full(c, unit);
    char period[12];
    snprintf(period, sizeof period, "%04d", year);
    json_t *out = summary(c, unit, period, now, feedback_full);
    if (!out)
        return NULL;
    json_t *months = json_array();
    /* A month with no dossier has no score: the index is not published on nothing. */
    for (int m = 1; m <= last_month; m++) {
        snprintf(period, sizeof period, "%04d-%02d", year, m);
        json_t *month = summary(c, unit, period, now, feedback_full);
        if (!month) {
            json_decref(months);
            json_decref(out);
            return NULL;
        }
        if (json_integer_value(json_object_get(month, "dossiers")) > 0)
            json_array_append_new(months, json_pack("{s:i, s:O, s:O}", "month", m, "score",
                                                    json_object_get(month, "score"), "dossiers",
                                                    json_object_get(month, "dossiers")));
        json_decref(month);
    }
    if (json_integer_value(json_object_get(out, "dossiers")) == 0)
        json_object_set_new(out, "score", json_null());
    json_object_set_new(out, "year", json_integer(year));
    json_object_set_new(out, "unit", json_string(unit));
    json_object_set_new(out, "months", months);
    return out;
}
