/* What the public portal shows without any personal data: the procedures
 * this commune's citizens use most, and per month how many dossiers were
 * received, finished on time or late, and how many came online. */
#include "dossier/internal.h"

#include "core/timefmt.h"

#include <stdio.h>
#include <string.h>

json_t *dossier_popular_procedures(store_conn *c, int64_t now, int limit)
{
    char since[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(now - (int64_t)365 * 24 * 3600 * 1000, since);
    /* The year's most used procedures that take dossiers, then the others
     * that do, so a new commune's home page is not empty. */
    store_stmt *st = store_prepare(
        c, "SELECT p.code, p.name, p.field, p.online_level,"
           " (SELECT COUNT(*) FROM dossier d WHERE d.procedure_id = p.id AND d.submitted_at >= ?1) AS used"
           " FROM procedure p WHERE p.status = 'active' AND p.review_status = 'confirmed'"
           " AND p.time_unit IS NOT NULL ORDER BY used DESC, p.online_level = 'full' DESC, p.code LIMIT ?2");
    if (!st)
        return NULL;
    store_bind_text(st, 1, since);
    store_bind_int64(st, 2, limit);
    json_t *items = json_array();
    while (store_step(st) == STORE_ROW)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:I}", "code", store_col_text(st, 0), "name",
                                               store_col_text(st, 1), "field", store_col_text(st, 2), "online_level",
                                               store_col_text(st, 3), "dossiers",
                                               (json_int_t)store_col_int64(st, 4)));
    store_reset(st);
    return json_pack("{s:o}", "items", items);
}

/* Months are Vietnam's (UTC+7), of the day a dossier was received. */
json_t *dossier_public_statistics(store_conn *c, int year)
{
    char from[TIMEFMT_ISO_LEN], to[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(deadline_instant(civil_day_number((civil_date){year, 1, 1}), 0), from);
    timefmt_iso_utc(deadline_instant(civil_day_number((civil_date){year + 1, 1, 1}), 0), to);
    store_stmt *st = store_prepare(
        c, "SELECT CAST(strftime('%m', received_at, '+7 hours') AS INTEGER) AS month, COUNT(*),"
           " SUM(channel = 2), SUM(finished_at IS NOT NULL AND finished_at <= due_at),"
           " SUM(finished_at IS NOT NULL AND finished_at > due_at),"
           " SUM(finished_at IS NULL AND end_kind IS NULL),"
           " SUM(end_kind IN ('refused', 'withdrawn', 'stopped'))"
           " FROM dossier WHERE received_at >= ?1 AND received_at < ?2 GROUP BY month ORDER BY month");
    if (!st)
        return NULL;
    store_bind_text(st, 1, from);
    store_bind_text(st, 2, to);
    json_t *months = json_array();
    json_int_t total[6] = {0};
    while (store_step(st) == STORE_ROW) {
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
    /* The QĐ 766 score is the report part's: GET /api/v1/public/service-index. */
    return json_pack("{s:i, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I}}", "year", year, "months", months, "total",
                     "received", total[0], "online", total[1], "on_time", total[2], "late", total[3],
                     "in_progress", total[4], "ended_otherwise", total[5]);
}
