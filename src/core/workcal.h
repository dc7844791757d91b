/* A working calendar: which days are working days over a span of years, and
 * why each day that is not an ordinary Monday..Friday is what it is.
 *
 * It starts from the statutory holidays (holidays.h). Each year's decision of
 * the government (or of the unit), when recorded, replaces the statutory days
 * of its occasion for that year: its days off and its swapped working days
 * (làm bù, a Saturday worked so a weekday can bridge a holiday).
 *
 * Owner: the caller's arena; a workcal has no other resources. */
#ifndef XASO_CORE_WORKCAL_H
#define XASO_CORE_WORKCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/holidays.h"

/* One recorded decision: the days of `occasion` in `year`. */
typedef struct workcal_decision {
    int year;
    holiday_occasion occasion;
    const char *reference; /* the announcing document, as the administrator typed it */
    const int32_t *days_off;
    size_t days_off_count;
    const int32_t *days_worked; /* weekend days worked in exchange */
    size_t days_worked_count;
} workcal_decision;

/* A day that is not an ordinary working weekday or weekend day. */
typedef struct workcal_entry {
    holiday_day holiday;
    const char *reference; /* NULL when the statute is the source */
} workcal_entry;

typedef struct workcal {
    int first_year, last_year;
    int32_t first_day; /* 1 January of first_year */
    int32_t day_count;
    uint8_t *working; /* 1 when day first_day + i is a working day */
    workcal_entry *entries; /* sorted by day */
    size_t entry_count;
} workcal;

/* Limits on one decision, also what the API accepts. */
enum { WORKCAL_MAX_DECISION_DAYS = 31, WORKCAL_MAX_YEARS = 12 };

/* Builds the calendar of years first..last (at most WORKCAL_MAX_YEARS) from
 * the statute and the decisions (any order; for a given year and occasion
 * the last one given wins, so pass deployment-wide decisions before a
 * unit's own). Returns false when out of memory or the span is invalid. */
bool workcal_build(workcal *cal, arena *a, int first_year, int last_year,
                   const workcal_decision *decisions, size_t decision_count);

/* Whether `day` is covered, and whether it is a working day. */
bool workcal_covers(const workcal *cal, int32_t day);
bool workcal_is_working_day(const workcal *cal, int32_t day);

/* Entries whose day falls in civil year `year`: sets *first to the index of
 * the first and returns how many there are. */
size_t workcal_entries_in_year(const workcal *cal, int year, size_t *first);

/* What is wrong with a decision, or NULL when it can be recorded: days within
 * a month of its year, worked days only on weekends, no day both off and
 * worked, no repeats, at least one day off, at most WORKCAL_MAX_DECISION_DAYS. */
const char *workcal_decision_problem(const workcal_decision *decision);

#endif
