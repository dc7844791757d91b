/* Inside the report part: the kept facts of the dossiers of a period, and
 * the tally the QĐ 766 metrics are computed from. */
#ifndef XASO_REPORT_INTERNAL_H
#define XASO_REPORT_INTERNAL_H

#include "report/report.h"

#include "core/service_index.h"

/* The yes/no facts of a dossier, as the flags column of dossier_fact packs
 * them (migration 0019). */
enum {
    FACT_FINISHED = 1 << 0,
    FACT_E_RESULT = 1 << 1,
    FACT_DIGITIZED = 1 << 2,
    FACT_REUSED = 1 << 3,
    FACT_RATED = 1 << 4,
    FACT_SATISFIED = 1 << 5,
    FACT_FEE_PAID = 1 << 6,
    FACT_PAID_ONLINE = 1 << 7,
    FACT_APOLOGIZED = 1 << 8,
    FACT_ANY_LOCATION = 1 << 9,
};

/* One dossier, as the index sees it. code is filled only when asked for. */
typedef struct report_fact {
    int64_t id, received_ms;
    si_dossier timing;
    int channel;
    unsigned flags;
    const char *code; /* valid during the visit */
} report_fact;

typedef void (*report_fact_visit)(const report_fact *f, void *ctx);

/* Calls visit for each dossier received in [from_ms, to_ms) whose competent
 * unit is in the subtree of the unit with agency code unit (in the order
 * received when with_code, in no set order otherwise). Returns the count, or
 * -1 on a store error. */
int64_t report_scan_facts(store_conn *c, const char *unit, int64_t from_ms, int64_t to_ms, bool with_code,
                          report_fact_visit visit, void *ctx);

/* The metrics' counts over a set of dossiers. */
enum { REPORT_METRICS = 8 };
typedef struct report_tally {
    int64_t dossiers;
    double num[REPORT_METRICS], den[REPORT_METRICS];
} report_tally;

void report_tally_add(report_tally *t, const report_fact *f, int64_t now);
/* The index of a period from its tally: groups, metrics, inputs, total. */
json_t *report_index_json(store_conn *c, const char *unit, const report_period *p, const report_tally *t,
                          bool feedback_full);

/* The public month-by-month figures of a unit's subtree (public_stats.c). */
json_t *report_public_statistics(store_conn *c, int64_t unit_id, int year);

/* --- kept answers (cache.c) --- */

/* The store's count of changes to what indexes are computed from (kept
 * facts, entered inputs, settings); -1 when it cannot be read. */
int64_t report_facts_version(store_conn *c);
/* A deep copy of the answer kept under key, if it was computed at this
 * version less than a minute ago; NULL otherwise. */
json_t *report_cache_get(const char *key, int64_t version, int64_t now);
void report_cache_put(const char *key, int64_t version, int64_t now, const json_t *answer);
/* A public answer: the one kept under key if under a minute old, whatever
 * changed since; otherwise compute(ctx), one at a time across threads, kept
 * if not NULL. A deep copy, or NULL when compute fails. */
typedef json_t *(*report_compute_fn)(void *ctx);
json_t *report_cache_public(const char *key, int64_t now, report_compute_fn compute, void *ctx);

#endif
