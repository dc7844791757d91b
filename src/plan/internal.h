/* Inside the plan part. */
#ifndef XASO_PLAN_INTERNAL_H
#define XASO_PLAN_INTERNAL_H

#include "core/arena.h"
#include "plan/plan.h"
#include "web/multipart.h"

/* A path parameter that is a row id: digits only, positive; false
 * otherwise (the caller replies 404). */
bool plan_path_id(web_request *req, const char *name, int64_t *out);

/* The plan of the path's {id} is within the caller's reach for permission
 * (plan.manage: a role on the plan's unit or above; otherwise also on a unit
 * inside it within its commune); else replies as org_reply_outside says and
 * returns false. An id that names no plan passes: the handler answers 404. */
bool plan_within_reach(web_request *req, store *s, const char *permission);

/* The metric xaso computes for an indicator whose text names one (e.g.
 * "tỷ lệ ... thanh toán trực tuyến" -> "online_payment"); NULL: reported. */
const char *plan_metric_for(const char *indicator_text);

/* A computed indicator's value for a year, over the dossiers of the plan's
 * unit and the units under it: numerator, denominator, percent and the
 * formula in words; NULL when the metric is unknown. */
json_t *plan_metric_value(store_conn *c, const char *metric, int64_t plan_id, int year);
/* The same for dossiers received in [from_ms, to_ms), and in one month
 * (with its "period", YYYY-MM). */
json_t *plan_metric_range(store_conn *c, const char *metric, int64_t plan_id, int64_t from_ms, int64_t to_ms);
json_t *plan_metric_month(store_conn *c, const char *metric, int64_t plan_id, int year, int month);

/* The plan as the board shows it (plan_read.c); NULL with *http 404/503. */
json_t *plan_read(store_conn *c, int64_t plan_id, const char *unit, int quarter, const char *status, int64_t now,
                  int *http);

/* An exported CSV as an XLSX sheet with the same columns (malloc'd). */
void *plan_csv_to_xlsx(const char *tmp_dir, const char *csv, const char *sheet, size_t *len);

/* Periodic reports (plan_report.c). */
#include "core/report_period.h"
typedef struct plan_schedule {
    int year, weekday, minute, month_day;
    char title[300];
} plan_schedule;
bool plan_report_schedule(store_conn *c, int64_t plan_id, plan_schedule *out);
bool plan_report_slot(const plan_schedule *s, bool weekly, const char *label, report_slot *out);
/* The year's weeks or months up to now: due, sent, sent late or late. */
json_t *plan_report_list(store_conn *c, int64_t plan_id, bool weekly, int64_t now);
/* Locks a snapshot of the board for the period; 409 report_locked when sent. */
int plan_report_submit(store *s, int64_t plan_id, bool weekly, const char *period, const char *actor, int64_t now,
                       org_error *err);
int plan_task_report_submit(store *s, int64_t plan_id, int64_t task_id, bool weekly, const char *period,
                            const char *note, const char *actor, int64_t now, org_error *err);
json_t *plan_task_reports(store_conn *c, int64_t plan_id, const char *kind, const char *period);
json_t *plan_report_content(store_conn *c, int64_t plan_id, bool weekly, const char *period, int64_t now, bool *locked);
/* The report as PDF (pdf) or XLSX; malloc'd. */
void *plan_report_document(json_t *content, const char *commune, const char *heading, const char *tmp_dir, bool pdf,
                           size_t *len);
int plan_report_routes(web_server *w, org_state *st);

/* Evidence files (evidence.c). The JSON body, or a multipart body's "data"
 * part and its files (at most max_files, each of at most
 * PLAN_EVIDENCE_MAX_BYTES, with a UTF-8 name); NULL after replying 400/422
 * when there is no JSON data or a file cannot be kept. parts has room for
 * max_files + 2. */
enum { PLAN_EVIDENCE_MAX_FILES = 5, PLAN_EVIDENCE_MAX_BYTES = 10 << 20 };
json_t *plan_evidence_body(web_request *req, multipart_part *parts, int max_files, int *files);
/* Stores the files; their [{hash, name}] as JSON text in the request arena,
 * or NULL after replying 503. */
const char *plan_evidence_store(web_request *req, const char *data_dir, const multipart_part *parts, int files);
int plan_evidence_routes(web_server *w, org_state *st);

/* A period's text (YYYY, YYYY-Qn, YYYY-MM) as the month it ends, YYYY-MM,
 * in SQL: reported periods sort by when they end, not as text. A quarter's
 * last month is spelled out (SQLite's printf is not PostgreSQL's). */
#define PLAN_PERIOD_END_SQL(col)                                                                                 \
    "(CASE WHEN length(" col ") = 4 THEN " col " || '-12' WHEN substr(" col ", 6, 1) = 'Q' THEN substr(" col     \
    ", 1, 5) || (CASE substr(" col ", 7, 1) WHEN '1' THEN '03' WHEN '2' THEN '06' WHEN '3' THEN '09'"            \
    " WHEN '4' THEN '12' END) ELSE " col " END)"

/* Reported indicators (indicator_values.c): the actual from the reviewed
 * values of the plan's year: their sum for a cumulative count, else the
 * latest (by the end of its period). */
json_t *plan_reported_value(store_conn *c, int64_t indicator_id, bool sum);
int plan_indicator_routes(web_server *w, org_state *st);
int plan_settings_routes(web_server *w, org_state *st);

/* The two layouts, header by header, as officials type them. */
extern const char *const PLAN_TASK_HEADERS[8];
extern const char *const PLAN_INDICATOR_HEADERS[4];

#endif
