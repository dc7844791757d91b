/* A plan task's time as officials write it: a quarter or a range of quarters
 * of one year — "Quý II/2026", "Quý I – Quý III/ 2026", "Quý I - III/ 2026",
 * "Quý III-III/2026", "Quý I- IV/2026" — and the days it covers. */
#ifndef XASO_CORE_PLAN_PERIOD_H
#define XASO_CORE_PLAN_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

typedef struct plan_period {
    int year;
    int first_quarter, last_quarter; /* 1..4, first <= last */
} plan_period;

/* Reads the text: the word "Quý" (any case) as often as written, Roman
 * quarters I–IV, one range mark (-, –, —), and the year after a slash or a
 * space. Anything else, a quarter out of range, a backwards range or a year
 * outside 2000–2100 is refused. */
bool plan_period_parse(const char *text, plan_period *out);

/* First and last day (day numbers) of the period. */
int32_t plan_period_first_day(plan_period p);
int32_t plan_period_last_day(plan_period p);

/* The canonical spelling, "Quý II/2026" or "Quý I – Quý III/2026". */
enum { PLAN_PERIOD_TEXT_MAX = 40 };
void plan_period_format(plan_period p, char out[PLAN_PERIOD_TEXT_MAX]);

#endif
