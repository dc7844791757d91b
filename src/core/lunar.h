/* The Vietnamese lunisolar calendar (âm lịch), computed from astronomy:
 *   - a day runs from local midnight to midnight in UTC+7 (the time zone the
 *     calendar has used since 1968; UTC+8 gives the Chinese calendar);
 *   - a month starts on the day of a new moon;
 *   - month 11 is the month that holds the December solstice;
 *   - a year from one month 11 to the next with 13 months has a leap month:
 *     the first month after month 11 without a major solar term (trung khí,
 *     the sun's apparent longitude crossing a multiple of 30°).
 * New moons come from Meeus, "Astronomical Algorithms" (2nd ed.) ch. 49 with
 * ΔT from Espenak & Meeus (2006); the sun's longitude from ch. 25. Valid for
 * 1900..2100. */
#ifndef XASO_CORE_LUNAR_H
#define XASO_CORE_LUNAR_H

#include <stdbool.h>
#include <stdint.h>

enum { LUNAR_TZ_VIETNAM = 7, LUNAR_FIRST_YEAR = 1900, LUNAR_LAST_YEAR = 2100 };

typedef struct lunar_date {
    int year;  /* the year in which its month 1 begins */
    int month; /* 1..12 */
    int day;   /* 1..30 */
    bool leap; /* the leap (nhuận) month that repeats `month` */
} lunar_date;

/* Lunar date of a civil day number (see civil_date.h) in time zone tz_hours. */
lunar_date lunar_from_day(int32_t day, int tz_hours);

/* Day number of a lunar date, or -1 when no such date exists (day 30 of a
 * short month, a leap flag on a month that is not leap that year). */
int32_t lunar_to_day(lunar_date date, int tz_hours);

/* Day number of mùng 1 Tết (lunar 1/1) of `year`. */
int32_t lunar_new_year_day(int year, int tz_hours);

/* The leap month of the lunar year `year` (1..12), or 0 when it has none. */
int lunar_leap_month(int year, int tz_hours);

#endif
