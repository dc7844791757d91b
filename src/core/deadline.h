/* Deadlines in working time (thời hạn giải quyết tính theo ngày/giờ làm việc).
 *
 * Office hours are two sessions a day (default 07:30-11:30 and 13:00-17:00,
 * 8 working hours, the convention of one-stop systems: one working day is
 * the length of the two sessions). A dossier received after the afternoon
 * cut-off (default 15:00) is counted from the next working day, as the
 * published procedures say ("nếu tiếp nhận hồ sơ sau 15 giờ thì ... trong
 * ngày làm việc tiếp theo"); so is one received outside office hours or on a
 * day off. Time runs in Vietnam's zone, UTC+7 without daylight saving.
 *
 * Instants are milliseconds since the Unix epoch (see timefmt.h). Functions
 * return false when the answer would fall outside the calendar's years. */
#ifndef XASO_CORE_DEADLINE_H
#define XASO_CORE_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/workcal.h"

enum { DEADLINE_UTC_OFFSET_MINUTES = 7 * 60 };

typedef struct office_hours {
    /* Minutes after local midnight. */
    int morning_open, morning_close;
    int afternoon_open, afternoon_close;
    int cutoff;
} office_hours;

extern const office_hours OFFICE_HOURS_DEFAULT;

/* NULL when valid, else what is wrong, in Vietnamese: sessions in order
 * within the day, each at least 30 minutes, the cut-off inside the day's
 * hours. */
const char *office_hours_problem(const office_hours *hours);
/* "07:30" <-> minutes after midnight (00:00..24:00); parse gives -1 for
 * anything else. */
int office_clock_parse(const char *text);
void office_clock_format(int minutes, char out[6]);

/* Working minutes in one working day (480 by default). */
int office_hours_day_minutes(const office_hours *hours);

typedef enum deadline_unit {
    DEADLINE_WORKING_DAYS,  /* "n ngày làm việc" */
    DEADLINE_WORKING_HOURS, /* "n giờ làm việc" */
    DEADLINE_SAME_DAY,      /* "trong ngày": by closing time of the start day */
    /* "n ngày": n days after the start at the same time; when that day is
     * not a working day, the close of the next one (Bộ luật Dân sự 2015,
     * Điều 148 khoản 5). */
    DEADLINE_CALENDAR_DAYS,
} deadline_unit;

typedef struct deadline_clock {
    const workcal *calendar;
    office_hours hours;
} deadline_clock;

/* The local civil day number of an instant. */
int32_t deadline_local_day(int64_t instant_ms);
/* The instant of `minute` minutes after local midnight starting `day`. */
int64_t deadline_instant(int32_t day, int minute);

/* When the clock starts for something received at `received`: the instant
 * itself inside office hours before the cut-off; otherwise the next opening
 * (the afternoon session after lunch, or the next working day's morning). */
bool deadline_start(const deadline_clock *clock, int64_t received, int64_t *start);

/* start + `duration_ms` of working time. An end that lands exactly on a
 * session's close stays there (a full day from 07:30 ends at 17:00). */
bool deadline_add_working_time(const deadline_clock *clock, int64_t start, int64_t duration_ms,
                               int64_t *due);

/* The due instant for something received at `received` with a time limit of
 * `amount` `unit`s (amount ignored for DEADLINE_SAME_DAY, else at least 1). */
bool deadline_due(const deadline_clock *clock, int64_t received, deadline_unit unit,
                  int amount, int64_t *due);

/* Working time in milliseconds between two instants (0 when to <= from). A
 * pause, such as waiting for a supplement, extends a due date by this much. */
bool deadline_working_time_between(const deadline_clock *clock, int64_t from, int64_t to,
                                   int64_t *duration_ms);

/* The due instant moved later by the working time of a pause [from, to). */
bool deadline_extend_for_pause(const deadline_clock *clock, int64_t due, int64_t pause_from,
                               int64_t pause_to, int64_t *new_due);

/* The due instants of a workflow's steps from their shares (percent, adding
 * up to 100): step k is due when its cumulative share of the working time
 * between start and due has passed, and the last step exactly at due, so
 * the steps' deadlines always add up to the dossier's. */
bool deadline_step_dues(const deadline_clock *clock, int64_t start, int64_t due,
                        const int *shares, size_t count, int64_t *dues);

/* How late `finished` is against `due`, in working days started (rounded
 * up): 0 when on time, 1 for anything up to a full working day late. */
bool deadline_working_days_late(const deadline_clock *clock, int64_t due, int64_t finished,
                                int *days);

#endif
