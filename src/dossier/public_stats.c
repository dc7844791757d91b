/* What the public portal shows without any personal data: the procedures
 * this commune's citizens use most. (The month-by-month figures are the
 * report part's, report/public_stats.c.) */
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
