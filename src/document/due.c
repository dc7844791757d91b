/* Working-day deadlines of incoming documents (NĐ 30/2020 Điều 23, 24). */
#include "document/due.h"

#include "core/civil_date.h"

#include <stddef.h>

static bool due_on_date(const deadline_clock *clock, int64_t assigned_at, const char *text, int64_t *due_at)
{
    civil_date d;
    if (!civil_date_parse(text, &d))
        return false;
    int32_t day = civil_day_number(d);
    int32_t today = deadline_local_day(assigned_at);
    if (day < today || !workcal_covers(clock->calendar, day))
        return false;
    /* A day off moves the deadline back to the last working day before it,
     * but never before the day of the assignment. */
    int32_t d0 = day;
    while (d0 > today && !workcal_is_working_day(clock->calendar, d0))
        d0--;
    *due_at = deadline_instant(d0, clock->hours.afternoon_close);
    return true;
}

bool document_due_compute(const deadline_clock *clock, int64_t assigned_at, int due_days, const char *due_date,
                          int64_t *due_at)
{
    *due_at = 0;
    if (due_days > 0)
        return due_days <= DOCUMENT_DUE_DAYS_MAX &&
               deadline_due(clock, assigned_at, DEADLINE_WORKING_DAYS, due_days, due_at);
    if (due_date && *due_date)
        return due_on_date(clock, assigned_at, due_date, due_at);
    return true;
}

bool document_due_soon(const deadline_clock *clock, int64_t now, int64_t due_at, int within_days)
{
    if (due_at <= 0)
        return false;
    if (due_at <= now)
        return true;
    int64_t start, limit;
    if (!deadline_start(clock, now, &start) ||
        !deadline_add_working_time(clock, start,
                                   (int64_t)within_days * office_hours_day_minutes(&clock->hours) * 60000, &limit))
        return false;
    return due_at <= limit;
}
