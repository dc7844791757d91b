/* Reading the kept facts of a period (the table dossier_fact, migration
 * 0019): one range of its covering index, no per-dossier recomputation, read
 * as a scan (a province's month is most of a million rows). */
#include "report/internal.h"

int64_t report_scan_facts(store_conn *c, const char *unit, int64_t from_ms, int64_t to_ms, bool with_code,
                          report_fact_visit visit, void *ctx)
{
    /* Two statements rather than one with a CASE: an index alone answers
     * the first, in whatever order it holds; only a drill-down reads the
     * codes from the table, in the order received. */
    static const char *const sql[2] = {
        "WITH RECURSIVE sub(id) AS (SELECT id FROM unit WHERE agency_code = ?3"
        " UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
        " SELECT id, received_ms, due_ms, ended_ms, paused_ms, supplements, channel, flags, NULL"
        " FROM dossier_fact WHERE received_ms >= ?1 AND received_ms < ?2"
        " AND competent_unit_id IN (SELECT id FROM sub)",
        "WITH RECURSIVE sub(id) AS (SELECT id FROM unit WHERE agency_code = ?3"
        " UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
        " SELECT id, received_ms, due_ms, ended_ms, paused_ms, supplements, channel, flags, code"
        " FROM dossier_fact WHERE received_ms >= ?1 AND received_ms < ?2"
        " AND competent_unit_id IN (SELECT id FROM sub) ORDER BY received_ms, id",
    };
    store_stmt *st = store_prepare_scan(c, sql[with_code]);
    if (!st)
        return -1;
    store_bind_int64(st, 1, from_ms);
    store_bind_int64(st, 2, to_ms);
    store_bind_text(st, 3, unit);
    int64_t n = 0;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        report_fact f = {
            .id = store_col_int64(st, 0),
            .received_ms = store_col_int64(st, 1),
            .timing = {.due_ms = store_col_int64(st, 2),
                       .end_ms = store_col_int64(st, 3),
                       .paused_since_ms = store_col_int64(st, 4),
                       .supplement_requests = (int)store_col_int64(st, 5)},
            .channel = (int)store_col_int64(st, 6),
            .flags = (unsigned)store_col_int64(st, 7),
            .code = with_code ? store_col_text(st, 8) : NULL,
        };
        f.timing.apologized = (f.flags & FACT_APOLOGIZED) != 0;
        visit(&f, ctx);
        n++;
    }
    store_reset(st);
    return rc == STORE_DONE ? n : -1;
}
