/* The calendar's parsers and arithmetic on arbitrary input. Besides not
 * crashing, each checks an invariant:
 *   - a date or clock text that parses formats back to the same text, and
 *     an instant that parses formats to text that parses to the same instant;
 *   - a lunar date converts back to the day it came from;
 *   - a deadline is never before its start, and the working time between
 *     start and due is exactly the time limit. */
#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/lunar.h"
#include "core/timefmt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_texts(const uint8_t *data, size_t size)
{
    char text[48];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    civil_date d;
    if (civil_date_parse(text, &d)) {
        char back[CIVIL_DATE_TEXT_LEN];
        civil_date_format(d, back);
        if (strcmp(back, text) != 0)
            abort();
    }
    int64_t ms, again;
    if (timefmt_parse_iso_offset(text, &ms)) {
        char back[TIMEFMT_ISO_LEN];
        timefmt_iso_utc(ms, back);
        if (!timefmt_parse_iso_utc(back, &again) || again != ms)
            abort();
    }
    int minutes = office_clock_parse(text);
    if (minutes >= 0) {
        char back[6];
        office_clock_format(minutes, back);
        if (strcmp(back, text) != 0)
            abort();
    }
}

static const workcal *calendar(void)
{
    static arena a;
    static workcal cal;
    static int built;
    if (!built) {
        arena_init(&a, 0);
        built = workcal_build(&cal, &a, 2020, 2031, NULL, 0) ? 1 : -1;
    }
    return built == 1 ? &cal : NULL;
}

static void check_deadline(const uint8_t *data, size_t size)
{
    if (size < 12 || !calendar())
        return;
    uint64_t raw;
    uint32_t amount_raw;
    memcpy(&raw, data, sizeof raw);
    memcpy(&amount_raw, data + 8, sizeof amount_raw);
    /* An instant in 2020..2028 and a limit that fits the calendar. */
    int64_t received = 1577836800000LL + (int64_t)(raw % (9ULL * 365 * 86400000ULL));
    int amount = (int)(amount_raw % 300) + 1;
    deadline_unit unit = (deadline_unit)(data[size - 1] % 4);
    deadline_clock clock = {calendar(), OFFICE_HOURS_DEFAULT};
    int64_t start, due, between;
    if (!deadline_start(&clock, received, &start) ||
        !deadline_due(&clock, received, unit, amount, &due))
        return;
    if (start < received || due < start)
        abort();
    if (unit == DEADLINE_SAME_DAY || unit == DEADLINE_CALENDAR_DAYS)
        return;
    int64_t expected = (int64_t)amount * 60000 * (unit == DEADLINE_WORKING_DAYS ? 480 : 60);
    if (!deadline_working_time_between(&clock, start, due, &between) || between != expected)
        abort();

    int32_t day = deadline_local_day(received);
    if (lunar_to_day(lunar_from_day(day, LUNAR_TZ_VIETNAM), LUNAR_TZ_VIETNAM) != day)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_texts(data, size);
    check_deadline(data, size);
    return 0;
}
