/* Reports read every part and write none (except the inputs the national
 * database scores): the QĐ 766 service-quality index. */
#ifndef XASO_REPORT_REPORT_H
#define XASO_REPORT_REPORT_H

#include "org/org.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* "2026", "2026-Q4" or "2026-11": [from, to) in Vietnam's days. */
typedef struct report_period {
    char text[12];
    int64_t from_ms, to_ms;
} report_period;
bool report_period_parse(const char *text, report_period *out);

/* The index of a unit (by agency code; its subtree) for the period: groups,
 * metrics with numerator, denominator, score and formula, the entered
 * inputs, the total, and whether every part is there. feedback_full: the
 * feedback metric scores 6 when there was no feedback. */
json_t *report_service_index(store_conn *c, const char *unit, const report_period *p, int64_t now, bool feedback_full);
/* Is metric one whose dossiers can be listed (every metric but feedback)? */
bool report_metric_known(const char *metric);
/* The codes behind one metric's numerator or denominator, in the order
 * received: limit of them from offset, with the total and the next offset
 * (a province's year holds millions). NULL: no such metric, or a store
 * error. */
json_t *report_service_index_dossiers(store_conn *c, const char *unit, const report_period *p, const char *metric,
                                      bool numerator, int64_t offset, int64_t limit, int64_t now);

/* The points of a group (transparency, online, digitization, satisfaction,
 * ...) that are entered rather than computed; 0 for a group wholly
 * computed, -1 for no such group. */
double report_input_room(const char *group);

/* The unit's setting: does the feedback metric score full in a period with
 * no feedback (the default) or nothing. */
bool report_feedback_full(store_conn *c, const char *unit);
int report_set_feedback_none(store *s, const char *unit, bool full, const char *actor, int64_t now);

/* For the public statistics page: the year's score and groups, and the
 * score of each month 1..last_month that had dossiers; totals only. The
 * year's score is null while it had no dossier. */
json_t *report_public_index(store_conn *c, const char *unit, int year, int last_month, int64_t now);
/* Indexes are kept in memory (see report/cache.c); this frees what is kept. */
void report_cache_forget(void);

int report_routes(web_server *w, org_state *st);

#endif
