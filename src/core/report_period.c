/* See report_period.h. ISO 8601 weeks: a week belongs to the year of its
 * Thursday. */
#include "core/report_period.h"

#include "core/civil_date.h"

#include <stdio.h>
#include <string.h>

void iso_week_of(int32_t day, int *year, int *week)
{
    int32_t thursday = day - (civil_weekday(day) - 1) + 3;
    *year = civil_from_day_number(thursday).year;
    int32_t jan1 = civil_day_number((civil_date){*year, 1, 1});
    *week = (thursday - jan1) / 7 + 1;
}

report_slot report_week(int32_t any_day, int due_weekday, int due_minute)
{
    report_slot s;
    int year, week;
    iso_week_of(any_day, &year, &week);
    s.first_day = any_day - (civil_weekday(any_day) - 1);
    s.last_day = s.first_day + 6;
    s.due_day = s.first_day + (due_weekday - 1);
    s.due_minute = due_minute;
    snprintf(s.label, sizeof s.label, "%04d-W%02d", year, week);
    return s;
}

report_slot report_month(int year, int month, int due_day, int due_minute)
{
    report_slot s;
    s.first_day = civil_day_number((civil_date){year, month, 1});
    s.last_day = s.first_day + civil_days_in_month(year, month) - 1;
    s.due_day = s.first_day + due_day - 1;
    s.due_minute = due_minute;
    snprintf(s.label, sizeof s.label, "%04d-%02d", year, month);
    return s;
}

bool report_slot_parse(const char *label, bool weekly, int due_weekday, int due_day, int due_minute, report_slot *out)
{
    int year, n;
    char tail;
    if (!label || strlen(label) != (weekly ? 8u : 7u))
        return false;
    if (weekly) {
        if (sscanf(label, "%4d-W%2d%c", &year, &n, &tail) != 2 || year < 2000 || year > 2100 || n < 1 || n > 53)
            return false;
        /* The Monday of week 1 is the Monday of the week holding 4 January. */
        int32_t jan4 = civil_day_number((civil_date){year, 1, 4});
        int32_t monday = jan4 - (civil_weekday(jan4) - 1) + 7 * (n - 1);
        *out = report_week(monday, due_weekday, due_minute);
        return strcmp(out->label, label) == 0; /* week 53 only where it exists */
    }
    if (sscanf(label, "%4d-%2d%c", &year, &n, &tail) != 2 || year < 2000 || year > 2100 || n < 1 || n > 12)
        return false;
    *out = report_month(year, n, due_day, due_minute);
    return true;
}
