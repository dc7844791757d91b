/* Workflow definitions: validated, then stored as a new immutable version. */
#include "catalog/internal.h"

#include "core/agency_code.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <stdio.h>
#include <string.h>

int catalog_refused(org_error *err, int status, const char *code, const char *field,
                    const char *message)
{
    org_refuse(err, status, code, field, message);
    return REFUSED;
}

int catalog_store_failure(int rc, org_error *err)
{
    if (rc == REFUSED)
        return -1;
    return org_refuse(err, 503, "unavailable", NULL, "Không ghi được dữ liệu; vui lòng thử lại.");
}

int64_t catalog_procedure_id(store_conn *c, const char *code)
{
    store_stmt *st = store_prepare(c, "SELECT id FROM procedure WHERE code = ?");
    if (!st)
        return -1;
    store_bind_text(st, 1, code);
    int rc = store_step(st);
    int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : rc == STORE_DONE ? 0 : -1;
    store_reset(st);
    return id;
}

static int refuse_step(workflow_input *in, org_error *err, int step, const char *part,
                       const char *message)
{
    (void)in;
    if (step < 0)
        return org_refuse_at(err, 422, "invalid_field", message, "%s", part ? part : "steps");
    return org_refuse_at(err, 422, "invalid_field", message, "steps[%d].%s", step,
                         part ? part : "");
}

static unsigned parse_actions(json_t *list, bool *ok)
{
    unsigned bits = 0;
    *ok = json_is_array(list);
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a) {
        unsigned bit = workflow_action_from_name(json_string_value(a));
        *ok = *ok && bit != 0;
        bits |= bit;
    }
    return bits;
}

static int read_steps(json_t *steps, workflow_input *in, org_error *err)
{
    if (!json_is_array(steps) || json_array_size(steps) == 0 || json_array_size(steps) > WF_MAX_STEPS)
        return refuse_step(in, err, -1, "steps", "Quy trình phải có từ 1 đến 20 bước.");
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        wf_step *step = &in->steps[i];
        json_t *share = json_object_get(s, "share");
        bool ok;
        if (!json_is_object(s))
            return refuse_step(in, err, (int)i, NULL, "Mỗi bước là một đối tượng.");
        step->key = json_string_value(json_object_get(s, "key"));
        step->name = json_string_value(json_object_get(s, "name"));
        step->role = json_string_value(json_object_get(s, "role"));
        step->unit_code = json_string_value(json_object_get(s, "unit"));
        if (step->unit_code && !agency_code_valid(step->unit_code))
            return refuse_step(in, err, (int)i, "unit", "Đơn vị xử lý phải là mã định danh.");
        if (!json_is_integer(share))
            return refuse_step(in, err, (int)i, "share", "Tỷ lệ thời gian là số nguyên phần trăm.");
        step->share = (int)(json_integer_value(share) > 1000 ? 1000 : json_integer_value(share) < -1 ? -1 : json_integer_value(share));
        step->actions = parse_actions(json_object_get(s, "actions"), &ok);
        if (!ok)
            return refuse_step(in, err, (int)i, "actions",
                               "Thao tác phải là forward, send_back, request_supplement, refuse, "
                               "transfer, approve hoặc issue_result.");
    }
    in->count = json_array_size(steps);
    return 0;
}

int catalog_check_workflow(json_t *j, workflow_input *in, org_error *err)
{
    memset(in, 0, sizeof *in);
    if (!json_is_object(j))
        return refuse_step(in, err, -1, "workflow", "Quy trình phải là một đối tượng.");
    json_t *template_name = json_object_get(j, "template");
    if (template_name) {
        const wf_step *steps;
        in->template_name = json_string_value(template_name);
        in->count = workflow_template(in->template_name, &steps);
        if (in->count == 0)
            return refuse_step(in, err, -1, "template",
                               "Mẫu quy trình là same_day, counter_specialist_leader hoặc "
                               "counter_specialist_other_level_leader.");
        memcpy(in->steps, steps, in->count * sizeof steps[0]);
        return 0;
    }
    if (read_steps(json_object_get(j, "steps"), in, err) != 0)
        return -1;
    wf_problem p;
    if (!workflow_check(in->steps, in->count, org_role_valid, &p))
        return refuse_step(in, err, p.step, p.field, p.message);
    return 0;
}

static int unit_id_of(store_conn *c, const char *code, int64_t *id)
{
    store_stmt *st = store_prepare(c, "SELECT id FROM unit WHERE agency_code = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, code);
    int rc = store_step(st);
    *id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? 0 : rc;
}

static char *actions_text(unsigned bits, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < WF_ACTION_COUNT; i++) {
        if (!(bits & (1u << i)))
            continue;
        if (out[0])
            strncat(out, ",", cap - strlen(out) - 1);
        strncat(out, workflow_action_name(1u << i), cap - strlen(out) - 1);
    }
    return out;
}

static int insert_step(store_conn *c, int64_t workflow_id, int position, const wf_step *s,
                       int64_t unit_id)
{
    store_stmt *st = store_prepare(c, "INSERT INTO workflow_step (workflow_id, position, key, "
                                      "name, role, unit_id, share, actions) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    char actions[160];
    store_bind_int64(st, 1, workflow_id);
    store_bind_int64(st, 2, position);
    store_bind_text(st, 3, s->key);
    store_bind_text(st, 4, s->name);
    store_bind_text(st, 5, s->role);
    if (unit_id)
        store_bind_int64(st, 6, unit_id);
    else
        store_bind_null(st, 6);
    store_bind_int64(st, 7, s->share);
    store_bind_text(st, 8, actions_text(s->actions, actions, sizeof actions));
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

int catalog_insert_workflow(store_conn *c, int64_t procedure_id, const workflow_input *wf,
                            const char *actor, int *version, org_error *err)
{
    int64_t units[WF_MAX_STEPS] = {0};
    for (size_t i = 0; i < wf->count; i++) {
        int rc = wf->steps[i].unit_code ? unit_id_of(c, wf->steps[i].unit_code, &units[i]) : 0;
        if (rc != 0)
            return rc;
        if (wf->steps[i].unit_code && units[i] == 0) {
            org_refuse_at(err, 422, "invalid_field", "Không có đơn vị với mã định danh này.",
                          "steps[%zu].unit", i);
            return REFUSED;
        }
    }
    store_stmt *st = store_prepare(
        c, "INSERT INTO workflow (procedure_id, version, template, created_by, created_at) "
           "VALUES (?1, (SELECT COALESCE(MAX(version), 0) + 1 FROM workflow WHERE procedure_id = ?1), "
           "?2, ?3, ?4) RETURNING id, version");
    if (!st)
        return STORE_ERROR;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_bind_int64(st, 1, procedure_id);
    if (wf->template_name)
        store_bind_text(st, 2, wf->template_name);
    else
        store_bind_null(st, 2);
    store_bind_text(st, 3, actor);
    store_bind_text(st, 4, now);
    int rc = store_step(st);
    int64_t workflow_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    *version = rc == STORE_ROW ? (int)store_col_int64(st, 1) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    for (size_t i = 0; i < wf->count; i++)
        if ((rc = insert_step(c, workflow_id, (int)i, &wf->steps[i], units[i])) != 0)
            return rc;
    st = store_prepare(c, "UPDATE procedure SET current_workflow_id = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, workflow_id);
    store_bind_int64(st, 2, procedure_id);
    rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

typedef struct {
    const char *code;
    const workflow_input *wf;
    const char *actor;
    int version;
    org_error *err;
} workflow_job;

static int write_workflow(store_conn *c, void *ctx)
{
    workflow_job *j = ctx;
    int64_t id = catalog_procedure_id(c, j->code);
    if (id < 0)
        return STORE_ERROR;
    if (id == 0)
        return catalog_refused(j->err, 404, "not_found", "code", "Không có thủ tục với mã này.");
    int rc = catalog_insert_workflow(c, id, j->wf, j->actor, &j->version, j->err);
    if (rc != 0)
        return rc;
    return audit_record(c, j->actor, "workflow.version", "procedure", id,
                        json_pack("{s:s, s:i, s:s?, s:i}", "code", j->code, "version", j->version,
                                  "template", j->wf->template_name, "steps", (int)j->wf->count));
}

int catalog_workflow_save(store *s, const char *code, json_t *workflow, const char *actor,
                          int *version, org_error *err)
{
    workflow_input wf;
    if (catalog_check_workflow(workflow, &wf, err) != 0)
        return -1;
    workflow_job j = {code, &wf, actor, 0, err};
    int rc = store_write(s, write_workflow, &j);
    if (rc != 0)
        return catalog_store_failure(rc, err);
    *version = j.version;
    return 0;
}

static json_t *steps_json(store_conn *c, int64_t workflow_id, bool *failed)
{
    store_stmt *st = store_prepare(c, "SELECT s.key, s.name, s.role, u.agency_code, s.share, "
                                      "s.actions FROM workflow_step s LEFT JOIN unit u ON "
                                      "u.id = s.unit_id WHERE s.workflow_id = ? ORDER BY s.position");
    if (!st) {
        *failed = true;
        return NULL;
    }
    store_bind_int64(st, 1, workflow_id);
    json_t *steps = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        json_t *actions = json_array();
        char buf[160];
        snprintf(buf, sizeof buf, "%s", store_col_text(st, 5));
        for (char *save, *a = strtok_r(buf, ",", &save); a; a = strtok_r(NULL, ",", &save))
            json_array_append_new(actions, json_string(a));
        json_array_append_new(steps, json_pack("{s:s, s:s, s:s, s:s?, s:I, s:o}", "key",
                                               store_col_text(st, 0), "name", store_col_text(st, 1),
                                               "role", store_col_text(st, 2), "unit",
                                               store_col_text(st, 3), "share",
                                               (json_int_t)store_col_int64(st, 4), "actions", actions));
    }
    store_reset(st);
    *failed = rc != STORE_DONE;
    return steps;
}

json_t *catalog_workflow_json(store_conn *c, const char *code, int version, bool *failed)
{
    *failed = false;
    store_stmt *st = store_prepare(
        c, "SELECT w.id, w.version, w.template, w.created_by, w.created_at, "
           "CASE WHEN w.id = p.current_workflow_id THEN 1 ELSE 0 END FROM workflow w JOIN procedure p ON p.id = w.procedure_id "
           "WHERE p.code = ?1 AND (w.version = ?2 OR (CAST(?2 AS BIGINT) = 0 AND w.id = p.current_workflow_id))");
    if (!st) {
        *failed = true;
        return NULL;
    }
    store_bind_text(st, 1, code);
    store_bind_int64(st, 2, version);
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        store_reset(st);
        *failed = rc != STORE_DONE;
        return NULL;
    }
    int64_t id = store_col_int64(st, 0);
    json_t *out = json_pack("{s:I, s:s?, s:s, s:s, s:b}", "version",
                            (json_int_t)store_col_int64(st, 1), "template", store_col_text(st, 2),
                            "created_by", store_col_text(st, 3), "created_at",
                            store_col_text(st, 4), "current", (int)store_col_int64(st, 5));
    store_reset(st);
    json_t *steps = steps_json(c, id, failed);
    json_object_set_new(out, "steps", steps ? steps : json_array());
    if (*failed) {
        json_decref(out);
        return NULL;
    }
    return out;
}
