/* A unit's QĐ 766 settings: how the feedback metric scores a period with no
 * feedback. The national portal gives it its 6 points ('full'); a province
 * that reads the rule the other way sets 'zero'. */
#include "report/report.h"

#include "core/timefmt.h"
#include "org/audit.h"

#include <string.h>

bool report_feedback_full(store_conn *c, const char *unit)
{
    store_stmt *st = store_prepare(c, "SELECT feedback_none FROM service_index_setting WHERE unit_code = ?");
    bool full = true;
    if (!st)
        return full;
    store_bind_text(st, 1, unit);
    if (store_step(st) == STORE_ROW)
        full = strcmp(store_col_text(st, 0), "zero") != 0;
    store_reset(st);
    return full;
}

typedef struct {
    const char *unit, *feedback_none, *actor;
    int64_t now;
} setting_job;

static int write_setting(store_conn *c, void *ctx)
{
    setting_job *j = ctx;
    store_stmt *st = store_prepare(
        c, "INSERT INTO service_index_setting (unit_code, feedback_none, set_by, set_at) VALUES (?, ?, ?, ?)"
           " ON CONFLICT (unit_code) DO UPDATE SET feedback_none = excluded.feedback_none,"
           " set_by = excluded.set_by, set_at = excluded.set_at");
    if (!st)
        return STORE_ERROR;
    char iso[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, iso);
    const char *values[] = {j->unit, j->feedback_none, j->actor, iso};
    for (int i = 0; i < 4; i++)
        store_bind_text(st, i + 1, values[i]);
    int rc = store_step(st);
    store_reset(st);
    return rc != STORE_DONE ? (rc < 0 ? rc : STORE_ERROR)
                            : audit_record(c, j->actor, "service_index.settings", "unit", 0,
                                           json_pack("{s:s, s:s}", "unit", j->unit, "feedback_none", j->feedback_none));
}

int report_set_feedback_none(store *s, const char *unit, bool full, const char *actor, int64_t now)
{
    setting_job j = {unit, full ? "full" : "zero", actor, now};
    return store_write(s, write_setting, &j);
}
