/* Inside the plan part. */
#ifndef XASO_PLAN_INTERNAL_H
#define XASO_PLAN_INTERNAL_H

#include "core/arena.h"
#include "plan/plan.h"

/* The metric xaso computes for an indicator whose text names one (e.g.
 * "tỷ lệ ... thanh toán trực tuyến" -> "online_payment"); NULL: reported. */
const char *plan_metric_for(const char *indicator_text);

/* A computed indicator's value for a year: numerator, denominator, percent
 * and the formula in words; NULL when the metric is unknown. */
json_t *plan_metric_value(store_conn *c, const char *metric, int year);

/* The plan as the board shows it (plan_read.c); NULL with *http 404/503. */
json_t *plan_read(store_conn *c, int64_t plan_id, const char *unit, int quarter, const char *status, int64_t now,
                  int *http);

/* An exported CSV as an XLSX sheet with the same columns (malloc'd). */
void *plan_csv_to_xlsx(const char *tmp_dir, const char *csv, const char *sheet, size_t *len);

/* The two layouts, header by header, as officials type them. */
extern const char *const PLAN_TASK_HEADERS[8];
extern const char *const PLAN_INDICATOR_HEADERS[4];

#endif
