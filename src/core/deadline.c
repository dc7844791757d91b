/* See deadline.h. All arithmetic is in milliseconds of local (UTC+7) time. */
#include "core/deadline.h"

#include "core/civil_date.h"

#include <stdio.h>
#include <string.h>

enum { MINUTE_MS = 60 * 1000 };
static const int64_t DAY_MS = 24LL * 60 * 60 * 1000;

const office_hours OFFICE_HOURS_DEFAULT = {
    .morning_open = 7 * 60 + 30,
    .morning_close = 11 * 60 + 30,
    .afternoon_open = 13 * 60,
    .afternoon_close = 17 * 60,
    .cutoff = 15 * 60,
};

const char *office_hours_problem(const office_hours *h)
{
    if (h->morning_open < 0 || h->afternoon_close > 24 * 60)
        return "Giờ làm việc phải nằm trong một ngày (00:00–24:00)";
    if (h->morning_close - h->morning_open < 30 || h->afternoon_close - h->afternoon_open < 30)
        return "Mỗi buổi làm việc phải dài ít nhất 30 phút";
    if (h->afternoon_open < h->morning_close)
        return "Buổi chiều phải bắt đầu sau khi buổi sáng kết thúc";
    if (h->cutoff < h->morning_open || h->cutoff > h->afternoon_close)
        return "Giờ tiếp nhận cuối ngày phải nằm trong giờ làm việc";
    return NULL;
}

int office_clock_parse(const char *text)
{
    if (!text || strlen(text) != 5 || text[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (text[i] < '0' || text[i] > '9'))
            return -1;
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0))
        return -1;
    return hours * 60 + minutes;
}

void office_clock_format(int minutes, char out[6])
{
    snprintf(out, 6, "%02u:%02u", (unsigned)(minutes / 60) % 100u, (unsigned)(minutes % 60));
}

int office_hours_day_minutes(const office_hours *h)
{
    return (h->morning_close - h->morning_open) + (h->afternoon_close - h->afternoon_open);
}

int32_t deadline_local_day(int64_t instant_ms)
{
    int64_t local = instant_ms + (int64_t)DEADLINE_UTC_OFFSET_MINUTES * MINUTE_MS;
    int64_t days = local / DAY_MS - (local % DAY_MS < 0 ? 1 : 0);
    return (int32_t)(days + CIVIL_UNIX_EPOCH_DAY);
}

int64_t deadline_instant(int32_t day, int minute)
{
    return ((int64_t)day - CIVIL_UNIX_EPOCH_DAY) * DAY_MS +
           ((int64_t)minute - DEADLINE_UTC_OFFSET_MINUTES) * MINUTE_MS;
}

/* The two sessions of a day as instants. */
typedef struct {
    int64_t open, close;
} session;

static void day_sessions(const office_hours *h, int32_t day, session out[2])
{
    out[0] = (session){deadline_instant(day, h->morning_open),
                       deadline_instant(day, h->morning_close)};
    out[1] = (session){deadline_instant(day, h->afternoon_open),
                       deadline_instant(day, h->afternoon_close)};
}

/* The first working day after `day`, or -1 past the calendar's end. */
static int32_t next_working_day(const workcal *cal, int32_t day)
{
    for (day++; workcal_covers(cal, day); day++)
        if (workcal_is_working_day(cal, day))
            return day;
    return -1;
}

bool deadline_start(const deadline_clock *clock, int64_t received, int64_t *start)
{
    int32_t day = deadline_local_day(received);
    if (!workcal_covers(clock->calendar, day))
        return false;
    int64_t cutoff = deadline_instant(day, clock->hours.cutoff);
    if (workcal_is_working_day(clock->calendar, day) && received < cutoff) {
        session s[2];
        day_sessions(&clock->hours, day, s);
        for (int i = 0; i < 2; i++) {
            if (received < s[i].close) {
                *start = received > s[i].open ? received : s[i].open;
                return true;
            }
        }
    }
    int32_t next = next_working_day(clock->calendar, day);
    if (next < 0)
        return false;
    *start = deadline_instant(next, clock->hours.morning_open);
    return true;
}

bool deadline_add_working_time(const deadline_clock *clock, int64_t start, int64_t duration_ms,
                               int64_t *due)
{
    if (duration_ms <= 0) {
        *due = start;
        return duration_ms == 0;
    }
    int64_t remaining = duration_ms;
    int64_t now = start;
    for (int32_t day = deadline_local_day(start); workcal_covers(clock->calendar, day); day++) {
        if (!workcal_is_working_day(clock->calendar, day))
            continue;
        session s[2];
        day_sessions(&clock->hours, day, s);
        for (int i = 0; i < 2; i++) {
            if (now >= s[i].close)
                continue;
            int64_t from = now > s[i].open ? now : s[i].open;
            if (remaining <= s[i].close - from) {
                *due = from + remaining;
                return true;
            }
            remaining -= s[i].close - from;
            now = s[i].close;
        }
    }
    return false;
}

bool deadline_due(const deadline_clock *clock, int64_t received, deadline_unit unit,
                  int amount, int64_t *due)
{
    int64_t start;
    if (!deadline_start(clock, received, &start))
        return false;
    switch (unit) {
    case DEADLINE_SAME_DAY:
        *due = deadline_instant(deadline_local_day(start), clock->hours.afternoon_close);
        return true;
    case DEADLINE_WORKING_DAYS:
        if (amount < 1)
            return false;
        return deadline_add_working_time(
            clock, start, (int64_t)amount * office_hours_day_minutes(&clock->hours) * MINUTE_MS,
            due);
    case DEADLINE_WORKING_HOURS:
        if (amount < 1)
            return false;
        return deadline_add_working_time(clock, start, (int64_t)amount * 60 * MINUTE_MS, due);
    case DEADLINE_CALENDAR_DAYS: {
        if (amount < 1)
            return false;
        int64_t later = start + (int64_t)amount * DAY_MS;
        int32_t day = deadline_local_day(later);
        if (!workcal_covers(clock->calendar, day))
            return false;
        if (workcal_is_working_day(clock->calendar, day)) {
            *due = later;
            return true;
        }
        int32_t next = next_working_day(clock->calendar, day);
        if (next < 0)
            return false;
        *due = deadline_instant(next, clock->hours.afternoon_close);
        return true;
    }
    }
    return false;
}

bool deadline_step_dues(const deadline_clock *clock, int64_t start, int64_t due,
                        const int *shares, size_t count, int64_t *dues)
{
    int64_t total;
    if (count == 0 || !deadline_working_time_between(clock, start, due, &total))
        return false;
    int cumulative = 0;
    for (size_t i = 0; i < count; i++) {
        cumulative += shares[i];
        if (i + 1 == count) {
            dues[i] = due;
        } else if (!deadline_add_working_time(clock, start, total * cumulative / 100, &dues[i])) {
            return false;
        }
    }
    return cumulative == 100;
}

static int64_t overlap(int64_t a_from, int64_t a_to, int64_t b_from, int64_t b_to)
{
    int64_t from = a_from > b_from ? a_from : b_from;
    int64_t to = a_to < b_to ? a_to : b_to;
    return to > from ? to - from : 0;
}

bool deadline_working_time_between(const deadline_clock *clock, int64_t from, int64_t to,
                                   int64_t *duration_ms)
{
    *duration_ms = 0;
    if (to <= from)
        return true;
    int32_t last = deadline_local_day(to);
    for (int32_t day = deadline_local_day(from); day <= last; day++) {
        if (!workcal_covers(clock->calendar, day))
            return false;
        if (!workcal_is_working_day(clock->calendar, day))
            continue;
        session s[2];
        day_sessions(&clock->hours, day, s);
        for (int i = 0; i < 2; i++)
            *duration_ms += overlap(from, to, s[i].open, s[i].close);
    }
    return true;
}

bool deadline_extend_for_pause(const deadline_clock *clock, int64_t due, int64_t pause_from,
                               int64_t pause_to, int64_t *new_due)
{
    int64_t paused;
    return deadline_working_time_between(clock, pause_from, pause_to, &paused) &&
           deadline_add_working_time(clock, due, paused, new_due);
}

bool deadline_working_days_late(const deadline_clock *clock, int64_t due, int64_t finished,
                                int *days)
{
    int64_t late;
    if (!deadline_working_time_between(clock, due, finished, &late))
        return false;
    int64_t day_ms = (int64_t)office_hours_day_minutes(&clock->hours) * MINUTE_MS;
    *days = (int)((late + day_ms - 1) / day_ms);
    return true;
}
