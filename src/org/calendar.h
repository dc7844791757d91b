/* The working calendar of a unit: the statute (core/holidays.h), the yearly
 * decisions recorded here (whole deployment or one unit and its subtree; the
 * nearest unit's decision wins), and the office hours (the nearest unit's,
 * else the deployment's, else the default). Every deadline in the system is
 * computed against this. */
#ifndef XASO_ORG_CALENDAR_H
#define XASO_ORG_CALENDAR_H

#include "core/arena.h"
#include "core/deadline.h"
#include "org/account.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct org_calendar {
    workcal days;
    deadline_clock clock;      /* clock.calendar points at days */
    const char *hours_source;  /* "default", "deployment" or "unit" */
} org_calendar;

/* Loads years first..last for unit_id (0: the deployment as a whole), with
 * memory from a. Returns false on a database error or a span workcal_build
 * refuses. The org_calendar must not move after loading (clock points
 * into it). */
bool org_calendar_load(store_conn *c, arena *a, int64_t unit_id, int first_year, int last_year,
                       org_calendar *out);

/* The id of a unit by agency code: 0 when there is none, -1 on error. */
int64_t org_calendar_unit(store_conn *c, const char *agency_code);

/* The year's listing as the API and `xaso calendar --json` give it: office
 * hours, the number of working days, every day that is not an ordinary
 * weekday or weekend day with its reason and source, and the decisions in
 * force. NULL on a database error. */
json_t *org_calendar_year_json(store_conn *c, arena *a, int64_t unit_id, int year);
/* Only the office hours that apply to the unit in that year. */
json_t *org_office_hours_json(store_conn *c, arena *a, int64_t unit_id, int year);

/* A decision as the administrator enters it; dates are "YYYY-MM-DD". */
typedef struct org_decision_input {
    int year;
    const char *occasion;    /* new_year, tet, hung_kings, reunification_labour, national_day, extra */
    const char *unit_code;   /* NULL: the whole deployment */
    const char *reference;   /* the announcing document */
    const char *note;        /* may be NULL */
    const char *const *days_off;
    size_t days_off_count;
    const char *const *days_worked;
    size_t days_worked_count;
} org_decision_input;

/* Records a decision, replacing the one for the same year, occasion and
 * unit. Returns 0 with *id and *replaced set, or -1 with err filled. */
int org_calendar_decide(store *s, const org_decision_input *in, const char *actor, int64_t *id,
                        bool *replaced, org_error *err);
/* Removes a decision: its occasion falls back to the statute. */
int org_calendar_undecide(store *s, int64_t id, const char *actor, org_error *err);
/* Sets the office hours of a unit (NULL: the deployment's). */
int org_office_hours_set(store *s, const char *unit_code, const office_hours *hours,
                         const char *actor, org_error *err);

#endif
