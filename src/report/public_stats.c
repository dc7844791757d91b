/* The public statistics page's figures: per month how many dossiers were
 * received, finished on time or late, are in progress or ended otherwise,
 * and how many came online; totals only, no personal data. */
#include "report/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"

/* Months are Vietnam's (UTC+7), of the day a dossier was received; the
 * dossiers are those the unit's subtree is competent for, as the kept facts
 * (dossier_fact, migration 0019) hold them: one range of an index. */
json_t *report_public_statistics(store_conn *c, int64_t unit_id, int year)
{
    int64_t from = deadline_instant(civil_day_number((civil_date){year, 1, 1}), 0);
    int64_t to = deadline_instant(civil_day_number((civil_date){year + 1, 1, 1}), 0);
    /* The month by the instants its days begin at (?4: 1 February ...
     * ?14: 1 December), which both databases compare alike. */
    store_stmt *st = store_prepare(
        c, "WITH RECURSIVE sub(id) AS (SELECT CAST(?3 AS BIGINT)"
           " UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
           " SELECT CASE WHEN received_ms < ?4 THEN 1 WHEN received_ms < ?5 THEN 2 WHEN received_ms < ?6 THEN 3"
           " WHEN received_ms < ?7 THEN 4 WHEN received_ms < ?8 THEN 5 WHEN received_ms < ?9 THEN 6"
           " WHEN received_ms < ?10 THEN 7 WHEN received_ms < ?11 THEN 8 WHEN received_ms < ?12 THEN 9"
           " WHEN received_ms < ?13 THEN 10 WHEN received_ms < ?14 THEN 11 ELSE 12 END AS month, COUNT(*),"
           " SUM(CASE WHEN channel = 2 THEN 1 ELSE 0 END),"
           " SUM(CASE WHEN finished_at IS NOT NULL AND finished_at <= due_at THEN 1 ELSE 0 END),"
           " SUM(CASE WHEN finished_at IS NOT NULL AND finished_at > due_at THEN 1 ELSE 0 END),"
           " SUM(CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END),"
           " SUM(CASE WHEN ended_at IS NOT NULL AND finished_at IS NULL THEN 1 ELSE 0 END)"
           " FROM dossier_fact WHERE received_ms >= ?1 AND received_ms < ?2"
           " AND competent_unit_id IN (SELECT id FROM sub) GROUP BY month ORDER BY month");
    if (!st)
        return NULL;
    store_bind_int64(st, 1, from);
    store_bind_int64(st, 2, to);
    store_bind_int64(st, 3, unit_id);
    for (int m = 2; m <= 12; m++)
        store_bind_int64(st, m + 2, deadline_instant(civil_day_number((civil_date){year, m, 1}), 0));
    json_t *months = json_array();
    json_int_t total[6] = {0};
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        json_int_t v[6];
        for (int i = 0; i < 6; i++) {
            v[i] = (json_int_t)store_col_int64(st, i + 1);
            total[i] += v[i];
        }
        json_array_append_new(months, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "month",
                                                (json_int_t)store_col_int64(st, 0), "received", v[0], "online",
                                                v[1], "on_time", v[2], "late", v[3], "in_progress", v[4],
                                                "ended_otherwise", v[5]));
    }
    store_reset(st);
    if (rc != STORE_DONE) { /* a part of the year is no answer */
        json_decref(months);
        return NULL;
    }
    /* The QĐ 766 score is the report part's: GET /api/v1/public/service-index. */
    return json_pack("{s:i, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I}}", "year", year, "months", months, "total",
                     "received", total[0], "online", total[1], "on_time", total[2], "late", total[3],
                     "in_progress", total[4], "ended_otherwise", total[5]);
}

