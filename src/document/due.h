/* The deadline of an incoming document's handling (NĐ 30/2020 Điều 23
 * khoản 2 and khoản 4: the person who assigns it names the deadline, which
 * runs in the unit's working time, Điều 24 khoản 2). Pure: the calendar is
 * passed in, so it is tested without a database or HTTP. */
#ifndef XASO_DOCUMENT_DUE_H
#define XASO_DOCUMENT_DUE_H

#include "core/deadline.h"

#include <stdbool.h>
#include <stdint.h>

enum { DOCUMENT_DUE_DAYS_MAX = 365 };

/* The due instant of a document assigned at `assigned_at`:
 * - due_days > 0: that many working days of the clock, counted as a
 *   one-stop deadline is (after the afternoon cut-off or outside office
 *   hours the count starts at the next opening, core/deadline.h);
 * - else due_date ("YYYY-MM-DD", local): the close of office hours that
 *   day, or of the working day before it when that day is not a working day
 *   (a deadline falls on a day the office is open);
 * - else none: *due_at = 0.
 * Returns false when due_date is not a real date, is before the day of
 * assigned_at, or the answer falls outside the calendar's years. */
bool document_due_compute(const deadline_clock *clock, int64_t assigned_at, int due_days, const char *due_date,
                          int64_t *due_at);

/* Is due_at passed, or within `within_days` working days of now (the
 * working time from the next opening)? The reminders' "due soon". */
bool document_due_soon(const deadline_clock *clock, int64_t now, int64_t due_at, int within_days);

#endif
