/* The commune's plans: tasks with quarters, units, budgets and derived
 * status; indicators with targets, computed from xaso's data or reported.
 * Imported from the CSV layout officials use, exported back the same. */
#ifndef XASO_PLAN_PLAN_H
#define XASO_PLAN_PLAN_H

#include "org/account.h"
#include "org/org.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct plan_import_input {
    const char *title, *document_no, *document_date; /* the issuing document; its date YYYY-MM-DD, may be NULL */
    int year;
    const char *tasks_csv, *indicators_csv; /* indicators may be NULL */
    size_t tasks_len, indicators_len;
    /* What unmatched unit texts mean: {"typed text": ["agency code", ...,
     * "external"]}; confirmed mappings are kept for later imports. */
    json_t *units;
    bool dry_run;
    const char *actor;
    int64_t now;
    int64_t unit_id; /* the unit the plan belongs to; 0: the first top-level unit */
} plan_import_input;

/* Reads both files whole; writes the plan only when every row is understood
 * and every unit text is matched or confirmed, in one transaction. Returns
 * 0 with *report ({plan_id, tasks, indicators, units}), or non-zero with
 * err filled and *report listing the problems ({problems:[{file, line,
 * field, message}], unmatched:[{text, suggestions}]}). */
int plan_import(store *s, const plan_import_input *in, json_t **report, org_error *err);

/* The tasks in the layout they came in (CSV, UTF-8, the same headers). */
char *plan_export_tasks_csv(store_conn *c, int64_t plan_id);
char *plan_export_indicators_csv(store_conn *c, int64_t plan_id);

int plan_routes(web_server *w, org_state *st);

#endif
