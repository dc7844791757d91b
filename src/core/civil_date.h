/* Civil (proleptic Gregorian) dates as day numbers. A day number is the
 * Julian Day Number of the date: the count of days since 1 January 4713 BC
 * (Julian), so it is positive for every date this program meets and
 * subtracting two gives the days between them. */
#ifndef XASO_CORE_CIVIL_DATE_H
#define XASO_CORE_CIVIL_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct civil_date {
    int year;
    int month; /* 1..12 */
    int day;   /* 1..31 */
} civil_date;

enum { CIVIL_DATE_TEXT_LEN = 11 }; /* "YYYY-MM-DD" and NUL */

/* Day number of 1970-01-01, the Unix epoch. */
enum { CIVIL_UNIX_EPOCH_DAY = 2440588 };

int32_t civil_day_number(civil_date d);
civil_date civil_from_day_number(int32_t day);

/* 1 Monday .. 7 Sunday (ISO 8601). */
int civil_weekday(int32_t day);
bool civil_is_weekend(int32_t day);

int civil_days_in_month(int year, int month);
bool civil_date_valid(civil_date d);

/* Parses exactly "YYYY-MM-DD" with a real date in years 1..9999. */
bool civil_date_parse(const char *s, civil_date *out);
void civil_date_format(civil_date d, char out[CIVIL_DATE_TEXT_LEN]);
/* "dd/mm/yyyy", the way Vietnamese papers write a date. */
void civil_date_format_vn(civil_date d, char out[CIVIL_DATE_TEXT_LEN]);

#endif
