/* Gregorian date <-> Julian Day Number, by the integer method of Fliegel and
 * Van Flandern (Communications of the ACM 11(10), 1968). */
#include "core/civil_date.h"

#include <stdio.h>
#include <string.h>

int32_t civil_day_number(civil_date d)
{
    /* Count years from March so that the leap day ends the year. */
    int a = (14 - d.month) / 12;
    int32_t y = d.year + 4800 - a;
    int m = d.month + 12 * a - 3;
    return d.day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

civil_date civil_from_day_number(int32_t day)
{
    int32_t a = day + 32044;
    int32_t b = (4 * a + 3) / 146097;
    int32_t c = a - 146097 * b / 4;
    int32_t d = (4 * c + 3) / 1461;
    int32_t e = c - 1461 * d / 4;
    int32_t m = (5 * e + 2) / 153;
    civil_date out = {
        .day = (int)(e - (153 * m + 2) / 5 + 1),
        .month = (int)(m + 3 - 12 * (m / 10)),
        .year = (int)(100 * b + d - 4800 + m / 10),
    };
    return out;
}

int civil_weekday(int32_t day)
{
    /* JDN 0 was a Monday. */
    return (int)(day % 7) + 1;
}

bool civil_is_weekend(int32_t day)
{
    return civil_weekday(day) >= 6;
}

static bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int civil_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

bool civil_date_valid(civil_date d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 &&
           d.day >= 1 && d.day <= civil_days_in_month(d.year, d.month);
}

static bool read_digits(const char *s, int count, int *out)
{
    int value = 0;
    for (int i = 0; i < count; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        value = value * 10 + (s[i] - '0');
    }
    *out = value;
    return true;
}

bool civil_date_parse(const char *s, civil_date *out)
{
    civil_date d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!read_digits(s, 4, &d.year) || !read_digits(s + 5, 2, &d.month) ||
        !read_digits(s + 8, 2, &d.day) || !civil_date_valid(d))
        return false;
    *out = d;
    return true;
}

void civil_date_format(civil_date d, char out[CIVIL_DATE_TEXT_LEN])
{
    snprintf(out, CIVIL_DATE_TEXT_LEN, "%04u-%02u-%02u", (unsigned)d.year % 10000u,
             (unsigned)d.month % 100u, (unsigned)d.day % 100u);
}

void civil_date_format_vn(civil_date d, char out[CIVIL_DATE_TEXT_LEN])
{
    snprintf(out, CIVIL_DATE_TEXT_LEN, "%02u/%02u/%04u", (unsigned)d.day % 100u,
             (unsigned)d.month % 100u, (unsigned)d.year % 10000u);
}
