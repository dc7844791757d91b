/* Public holidays for civil servants (công chức, viên chức), by statute.
 *
 * Bộ luật Lao động 2019, Điều 112 khoản 1: Tết Dương lịch 1 day (1/1); Tết
 * Âm lịch 5 days; Chiến thắng 30/4; Quốc tế lao động 1/5; Quốc khánh 2 days
 * (2/9 and the day before or after); Giỗ Tổ Hùng Vương 1 day (10/3 âm lịch).
 * Điều 111 khoản 3: a holiday that falls on the weekly rest day is made up
 * on the next working day; civil servants rest on Saturday and Sunday, so a
 * holiday on either is made up on the next day that is neither a weekend
 * nor another holiday.
 *
 * Which 5 days of Tết and which neighbour of 2/9 is the government's choice,
 * announced each year; the defaults here are what the statute alone gives
 * and are replaced by the announced decision when one is recorded
 * (see workcal.h). */
#ifndef XASO_CORE_HOLIDAYS_H
#define XASO_CORE_HOLIDAYS_H

#include <stddef.h>
#include <stdint.h>

/* What a day off is for. Decisions are recorded per occasion and year; 30/4
 * and 1/5 are announced together, so they are one occasion. */
typedef enum holiday_occasion {
    OCCASION_NEW_YEAR,             /* Tết Dương lịch */
    OCCASION_TET,                  /* Tết Nguyên đán */
    OCCASION_HUNG_KINGS,           /* Giỗ Tổ Hùng Vương */
    OCCASION_REUNIFICATION_LABOUR, /* 30/4 and 1/5 */
    OCCASION_NATIONAL_DAY,         /* Quốc khánh */
    OCCASION_EXTRA,                /* any other day the government gives */
    OCCASION_COUNT
} holiday_occasion;

typedef enum holiday_kind {
    HOLIDAY_STATUTORY,    /* a holiday the statute names */
    HOLIDAY_COMPENSATION, /* nghỉ bù: a holiday fell on a weekend */
    HOLIDAY_DECIDED_OFF,  /* off by the year's decision */
    HOLIDAY_DECIDED_WORK, /* làm bù: a weekend day worked by the decision */
} holiday_kind;

typedef struct holiday_day {
    int32_t day; /* civil day number */
    holiday_occasion occasion;
    holiday_kind kind;
    /* Which statutory day this one is or makes up for, in Vietnamese:
     * "Ngày Chiến thắng 30/4", "Mùng 1 Tết", ... */
    const char *label;
} holiday_day;

/* Enough for one year's statutory days and their compensation. */
enum { HOLIDAYS_MAX_PER_YEAR = 32 };

/* The statutory days off of civil year `year`, with compensation, sorted by
 * day. Returns how many were written to out (at most HOLIDAYS_MAX_PER_YEAR). */
size_t holidays_statutory(int year, holiday_day out[HOLIDAYS_MAX_PER_YEAR]);

/* Stable machine names ("new_year", "tet", ...) and Vietnamese titles. */
const char *holiday_occasion_code(holiday_occasion occasion);
const char *holiday_occasion_title(holiday_occasion occasion);
/* Returns OCCASION_COUNT for an unknown code. */
holiday_occasion holiday_occasion_from_code(const char *code);
const char *holiday_kind_code(holiday_kind kind);
const char *holiday_kind_title(holiday_kind kind);

#endif
