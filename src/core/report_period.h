/* The periods of a plan's reports and when each is due: ISO weeks
 * ("2026-W47", Monday to Sunday) due on a weekday at a local time of that
 * week, and months ("2026-11") due on a day of that month. */
#ifndef XASO_CORE_REPORT_PERIOD_H
#define XASO_CORE_REPORT_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

typedef struct report_slot {
    char label[12];      /* 2026-W47 or 2026-11 */
    int32_t first_day;   /* day numbers */
    int32_t last_day;
    int32_t due_day;
    int due_minute;      /* local minutes after midnight */
} report_slot;

/* The ISO week holding day: its year and number (1..53). */
void iso_week_of(int32_t day, int *year, int *week);

/* The week's slot; weekday 1 Monday .. 7 Sunday. */
report_slot report_week(int32_t any_day, int due_weekday, int due_minute);
/* The month's slot; due_day 1..28. */
report_slot report_month(int year, int month, int due_day, int due_minute);
/* "2026-W47" or "2026-11" back to its slot; false when malformed. */
bool report_slot_parse(const char *label, bool weekly, int due_weekday, int due_day, int due_minute, report_slot *out);

#endif
