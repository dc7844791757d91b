/* What the dossier files share: loading a dossier and its workflow, events,
 * instants, the clock. */
#include "dossier/internal.h"

#include "catalog/workflow_rules.h"
#include "core/civil_date.h"
#include "core/dossier_status.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <string.h>

int dossier_refused(org_error *err, int status, const char *code, const char *field,
                    const char *message)
{
    org_refuse(err, status, code, field, message);
    return REFUSED;
}

int dossier_store_failure(int rc, org_error *err)
{
    if (rc == REFUSED)
        return -1;
    return org_refuse(err, 503, "unavailable", NULL, "Không ghi được dữ liệu; vui lòng thử lại.");
}

int64_t dossier_instant(store_stmt *st, int col)
{
    int64_t ms = 0;
    const char *text = store_col_text(st, col);
    return text && timefmt_parse_iso_utc(text, &ms) ? ms : 0;
}

void dossier_bind_instant(store_stmt *st, int index, int64_t ms)
{
    if (!ms) {
        store_bind_null(st, index);
        return;
    }
    char iso[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(ms, iso);
    store_bind_text(st, index, iso);
}

int dossier_load(store_conn *c, const char *code, dossier_row *row)
{
    memset(row, 0, sizeof *row);
    store_stmt *st = store_prepare(
        c, "SELECT id, procedure_id, workflow_id, receiving_unit_id, competent_unit_id, citizen_id,"
           " code, channel, status, status_before_pause, step, actor_role, actor_unit_id,"
           " assignee_id, transfer_unit_id, submitted_at, received_at, due_at, paused_ms, version,"
           " step_dues, finished_at, returned_at, ended_at, return_channel, paid, result_electronic,"
           " result_paper FROM dossier WHERE code = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, code);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        row->id = store_col_int64(st, 0);
        row->procedure_id = store_col_int64(st, 1);
        row->workflow_id = store_col_int64(st, 2);
        row->receiving_unit = store_col_int64(st, 3);
        row->competent_unit = store_col_int64(st, 4);
        row->citizen_id = store_col_int64(st, 5);
        snprintf(row->code, sizeof row->code, "%s", store_col_text(st, 6));
        row->channel = (int)store_col_int64(st, 7);
        row->status = (int)store_col_int64(st, 8);
        row->status_before_pause = (int)store_col_int64(st, 9);
        row->step = store_col_text(st, 10) ? (int)store_col_int64(st, 10) : -1;
        snprintf(row->actor_role, sizeof row->actor_role, "%s",
                 store_col_text(st, 11) ? store_col_text(st, 11) : "");
        row->actor_unit = store_col_int64(st, 12);
        row->assignee = store_col_int64(st, 13);
        row->transfer_unit = store_col_int64(st, 14);
        row->submitted_at = dossier_instant(st, 15);
        row->received_at = dossier_instant(st, 16);
        row->due_at = dossier_instant(st, 17);
        row->paused_ms = store_col_int64(st, 18);
        row->version = store_col_int64(st, 19);
        row->step_dues = json_loads(store_col_text(st, 20), 0, NULL);
        if (!row->step_dues)
            row->step_dues = json_array();
        row->finished_at = dossier_instant(st, 21);
        row->returned_at = dossier_instant(st, 22);
        row->ended_at = dossier_instant(st, 23);
        row->return_channel = (int)store_col_int64(st, 24);
        row->paid = (int)store_col_int64(st, 25);
        row->result_electronic = (int)store_col_int64(st, 26);
        row->result_paper = (int)store_col_int64(st, 27);
    }
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : rc;
}

void dossier_row_release(dossier_row *row)
{
    json_decref(row->step_dues);
    row->step_dues = NULL;
}

int dossier_steps(store_conn *c, int64_t workflow_id, step_info *steps, int max)
{
    store_stmt *st = store_prepare(c, "SELECT key, name, role, unit_id, share, actions "
                                      "FROM workflow_step WHERE workflow_id = ? ORDER BY position");
    if (!st)
        return -1;
    store_bind_int64(st, 1, workflow_id);
    int n = 0, rc;
    while ((rc = store_step(st)) == STORE_ROW && n < max) {
        step_info *s = &steps[n++];
        memset(s, 0, sizeof *s);
        snprintf(s->key, sizeof s->key, "%s", store_col_text(st, 0));
        snprintf(s->name, sizeof s->name, "%s", store_col_text(st, 1));
        snprintf(s->role, sizeof s->role, "%s", store_col_text(st, 2));
        s->unit = store_col_int64(st, 3);
        s->share = (int)store_col_int64(st, 4);
        char actions[200];
        snprintf(actions, sizeof actions, "%s", store_col_text(st, 5));
        for (char *save, *a = strtok_r(actions, ",", &save); a; a = strtok_r(NULL, ",", &save))
            s->actions |= workflow_action_from_name(a);
    }
    store_reset(st);
    return rc == STORE_DONE || rc == STORE_ROW ? n : -1;
}

int64_t dossier_step_unit(const dossier_row *row, const step_info *step, int position)
{
    if (row->transfer_unit)
        return row->transfer_unit;
    if (step->unit)
        return step->unit;
    return position == 0 ? row->receiving_unit : row->competent_unit;
}

int dossier_event(store_conn *c, int64_t dossier_id, int64_t at, const char *actor,
                  const char *action, int from_status, int to_status, int from_step,
                  int to_step, int64_t unit, const char *note)
{
    store_stmt *st = store_prepare(c, "INSERT INTO dossier_event (dossier_id, at, actor, action, "
                                      "from_status, to_status, from_step, to_step, unit_id, note) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, dossier_id);
    dossier_bind_instant(st, 2, at);
    store_bind_text(st, 3, actor);
    store_bind_text(st, 4, action);
    int ints[] = {from_status, to_status, from_step, to_step};
    for (int i = 0; i < 4; i++) {
        if (ints[i] < 0 || (i < 2 && ints[i] == 0))
            store_bind_null(st, 5 + i);
        else
            store_bind_int64(st, 5 + i, ints[i]);
    }
    if (unit)
        store_bind_int64(st, 9, unit);
    else
        store_bind_null(st, 9);
    if (note)
        store_bind_text(st, 10, note);
    else
        store_bind_null(st, 10);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

bool dossier_clock(store_conn *c, arena *a, int64_t unit, int64_t now, org_calendar *cal)
{
    int year = civil_from_day_number(deadline_local_day(now)).year;
    return year > 1901 && year < 2090 && org_calendar_load(c, a, unit, year - 1, year + 3, cal);
}

json_t *dossier_state_json(store_conn *c, const char *code)
{
    dossier_row row;
    if (dossier_load(c, code, &row) != 0)
        return NULL;
    char due[TIMEFMT_ISO_LEN] = "";
    if (row.due_at)
        timefmt_iso_utc(row.due_at, due);
    json_t *out = json_pack("{s:s, s:i, s:s, s:i, s:I, s:s?}", "code", row.code, "status",
                            row.status, "status_title", dossier_status_title(row.status), "step",
                            row.step, "version", (json_int_t)row.version, "due_at",
                            row.due_at ? due : NULL);
    dossier_row_release(&row);
    return out;
}
