/* Intake: a dossier received at the counter or by post, or submitted
 * online, with its code, its applicant, its papers and its deadline. */
#include "dossier/internal.h"

#include "catalog/form_rules.h"
#include "core/civil_date.h"
#include "core/dossier_code.h"
#include "core/dossier_status.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_STEPS = 20 };

typedef struct {
    json_t *body;
    int channel;
    const dossier_actor *who;
    const char *idempotency_key;
    int64_t now;
    applicant_input applicant;
    json_t *out;
    bool created;
    org_error *err;
} intake_job;

typedef struct {
    int64_t id, workflow_id, competent_unit, fee;
    char time_unit[24];
    int time_amount;
    json_t *form;      /* owned */
} procedure_info;

static int load_procedure(store_conn *c, const char *code, procedure_info *p, org_error *err)
{
    memset(p, 0, sizeof *p);
    store_stmt *st = store_prepare(
        c, "SELECT id, current_workflow_id, competent_unit_id, time_unit, time_amount, form_schema,"
           " CASE WHEN status = 'active' AND review_status = 'confirmed' AND time_unit IS NOT NULL"
           " AND (effective_from IS NULL OR effective_from <= ?2)"
           " AND (effective_to IS NULL OR effective_to >= ?2) THEN 1 ELSE 0 END,"
           " (SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM procedure_fee f WHERE f.procedure_id = procedure.id)"
           " FROM procedure WHERE code = ?1");
    if (!st)
        return STORE_ERROR;
    /* Today in Vietnam, from this program's clock rather than the database's. */
    char today[CIVIL_DATE_TEXT_LEN];
    civil_date_format(civil_from_day_number(deadline_local_day(timefmt_now_ms())), today);
    store_bind_text(st, 1, code ? code : "");
    store_bind_text(st, 2, today);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        p->id = store_col_int64(st, 0);
        p->workflow_id = store_col_int64(st, 1);
        p->competent_unit = store_col_int64(st, 2);
        snprintf(p->time_unit, sizeof p->time_unit, "%s",
                 store_col_text(st, 3) ? store_col_text(st, 3) : "");
        p->time_amount = (int)store_col_int64(st, 4);
        p->form = json_loads(store_col_text(st, 5), 0, NULL);
        bool accepts = store_col_int64(st, 6) != 0;
        p->fee = store_col_int64(st, 7);
        store_reset(st);
        if (!accepts || !p->workflow_id)
            return dossier_refused(err, 422, "procedure_closed", "procedure",
                                   "Thủ tục này hiện chưa nhận hồ sơ (chưa áp dụng hoặc đang rà soát).");
        return 0;
    }
    store_reset(st);
    if (rc != STORE_DONE)
        return rc;
    return dossier_refused(err, 422, "invalid_field", "procedure", "Không có thủ tục với mã này.");
}

static int64_t unit_by_code(store_conn *c, const char *code)
{
    store_stmt *st = store_prepare(c, "SELECT id FROM unit WHERE agency_code = ?");
    if (!st)
        return -1;
    store_bind_text(st, 1, code);
    int rc = store_step(st);
    int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : rc == STORE_DONE ? 0 : -1;
    store_reset(st);
    return id;
}

/* The commune (top-level unit) a unit belongs to. */
static int64_t top_unit(store_conn *c, int64_t unit)
{
    store_stmt *st = store_prepare(
        c, "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM unit WHERE id = ?"
           " UNION ALL SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id)"
           " SELECT id FROM up WHERE parent_id IS NULL");
    if (!st)
        return -1;
    store_bind_int64(st, 1, unit);
    int64_t top = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : unit;
    store_reset(st);
    return top;
}

static int64_t account_unit(store_conn *c, int64_t account_id)
{
    store_stmt *st = store_prepare(c, "SELECT unit_id FROM account WHERE id = ?");
    if (!st)
        return -1;
    store_bind_int64(st, 1, account_id);
    int64_t unit = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return unit;
}

/* The units: where it is received, and which unit is competent. */
static int resolve_units(store_conn *c, intake_job *j, const procedure_info *p, int64_t *receiving,
                         int64_t *competent)
{
    const char *receiving_code = json_string_value(json_object_get(j->body, "receiving_unit"));
    const char *competent_code = json_string_value(json_object_get(j->body, "competent_unit"));
    *competent = competent_code ? unit_by_code(c, competent_code) : 0;
    if (*competent < 0)
        return STORE_ERROR;
    if (competent_code && !*competent)
        return dossier_refused(j->err, 422, "invalid_field", "competent_unit",
                               "Không có đơn vị với mã định danh này.");
    if (j->channel == CHANNEL_ONLINE) {
        if (!*competent)
            *competent = p->competent_unit;
        if (!*competent)
            return dossier_refused(j->err, 422, "invalid_field", "competent_unit",
                                   "Cần chọn xã, phường nhận hồ sơ.");
        *receiving = *competent;
        return 0;
    }
    *receiving = receiving_code ? unit_by_code(c, receiving_code) : account_unit(c, j->who->account_id);
    if (*receiving < 0)
        return STORE_ERROR;
    if (!*receiving)
        return dossier_refused(j->err, 422, "invalid_field", "receiving_unit",
                               "Không có đơn vị với mã định danh này.");
    if (!org_has_role_near(c, j->who->account_id, "reception", *receiving))
        return dossier_refused(j->err, 403, "out_of_scope", "receiving_unit",
                               "Bạn không tiếp nhận hồ sơ tại đơn vị này.");
    if (!*competent)
        *competent = p->competent_unit ? p->competent_unit : top_unit(c, *receiving);
    return *competent < 0 ? STORE_ERROR : 0;
}

/* Form values: the given ones, with the applicant's data where a field's
 * prefill names it; then the catalog's check. */
static json_t *form_values(intake_job *j, const procedure_info *p)
{
    json_t *given = json_object_get(j->body, "form");
    json_t *values = json_is_object(given) ? json_deep_copy(given) : json_object();
    const applicant_input *a = &j->applicant;
    size_t i;
    json_t *f;
    json_array_foreach(p->form, i, f) {
        const char *key = json_string_value(json_object_get(f, "key"));
        const char *prefill = json_string_value(json_object_get(f, "prefill"));
        if (!prefill || json_object_get(values, key))
            continue;
        const char *v = strcmp(prefill, "full_name") == 0  ? a->full_name
                        : strcmp(prefill, "cccd") == 0     ? a->cccd
                        : strcmp(prefill, "phone") == 0    ? a->phone
                        : strcmp(prefill, "email") == 0    ? a->email
                        : strcmp(prefill, "address") == 0  ? a->address
                                                            : a->birth_date;
        if (v)
            json_object_set_new(values, key, json_string(v));
    }
    return values;
}

static int check_form(intake_job *j, const procedure_info *p, json_t *values)
{
    if (json_object_get(j->body, "form") && !json_is_object(json_object_get(j->body, "form")))
        return dossier_refused(j->err, 422, "invalid_field", "form", "Biểu mẫu phải là một đối tượng.");
    const char *key;
    if (form_values_ok(p->form, values, &key, j->err->text, sizeof j->err->text))
        return 0;
    org_refuse_at(j->err, 422, "invalid_field", j->err->text, "form.%s", key ? key : "");
    return REFUSED;
}

static int next_sequence(store_conn *c, int64_t unit, const char *day, int *sequence)
{
    store_stmt *st = store_prepare(c, "INSERT INTO dossier_sequence (unit_id, day, last) VALUES (?, ?, 1)"
                                      " ON CONFLICT (unit_id, day) DO UPDATE SET last = dossier_sequence.last + 1"
                                      " RETURNING last");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, unit);
    store_bind_text(st, 2, day);
    int rc = store_step(st);
    *sequence = rc == STORE_ROW ? (int)store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int allocate_code(store_conn *c, intake_job *j, int64_t receiving, char code[40])
{
    store_stmt *st = store_prepare(c, "SELECT agency_code FROM unit WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, receiving);
    char agency[16] = "";
    if (store_step(st) == STORE_ROW)
        snprintf(agency, sizeof agency, "%s", store_col_text(st, 0));
    store_reset(st);
    civil_date day = civil_from_day_number(deadline_local_day(j->now));
    char day_text[CIVIL_DATE_TEXT_LEN];
    civil_date_format(day, day_text);
    int sequence, rc = next_sequence(c, receiving, day_text, &sequence);
    if (rc != 0)
        return rc;
    if (!dossier_code_format(agency, day, sequence, code))
        return dossier_refused(j->err, 422, "invalid_field", "receiving_unit",
                               "Không lập được mã hồ sơ cho đơn vị này.");
    return 0;
}

static deadline_unit unit_of(const char *time_unit)
{
    return strcmp(time_unit, "working_hours") == 0    ? DEADLINE_WORKING_HOURS
           : strcmp(time_unit, "calendar_days") == 0  ? DEADLINE_CALENDAR_DAYS
           : strcmp(time_unit, "same_day") == 0       ? DEADLINE_SAME_DAY
                                                      : DEADLINE_WORKING_DAYS;
}

/* The due instant and each step's due, from the competent unit's calendar. */
int dossier_compute_due(store_conn *c, int64_t competent, int64_t workflow_id, const char *time_unit,
                        int amount, int64_t received, int64_t *due, json_t **step_dues)
{
    arena a;
    arena_init(&a, 0);
    org_calendar cal;
    step_info steps[MAX_STEPS];
    int n = dossier_steps(c, workflow_id, steps, MAX_STEPS);
    int shares[MAX_STEPS];
    int64_t dues[MAX_STEPS], start;
    bool ok = n > 0 && dossier_clock(c, &a, competent, received, &cal) &&
              deadline_start(&cal.clock, received, &start) &&
              deadline_due(&cal.clock, received, unit_of(time_unit), amount, due);
    for (int i = 0; ok && i < n; i++)
        shares[i] = steps[i].share;
    ok = ok && deadline_step_dues(&cal.clock, start, *due, shares, (size_t)n, dues);
    *step_dues = json_array();
    for (int i = 0; ok && i < n; i++) {
        char iso[TIMEFMT_ISO_LEN];
        timefmt_iso_utc(dues[i], iso);
        json_array_append_new(*step_dues, json_string(iso));
    }
    arena_free(&a);
    return ok ? 0 : -1;
}

static const char *const DOCUMENT_STATES[] = {"original", "copy", "digitized", "reused", "missing"};

/* Every paper of the procedure gets a row; those not given are missing,
 * except, online, a paper the procedure lets the office take from data it
 * already holds (the căn cước from the population database): the applicant
 * was told not to send it, and it counts as reused. */
static int write_documents(store_conn *c, intake_job *j, int64_t dossier_id, int64_t procedure_id,
                           int *digitized, int *reused)
{
    json_t *given = json_object_get(j->body, "documents");
    if (given && !json_is_array(given))
        return dossier_refused(j->err, 422, "invalid_field", "documents", "Giấy tờ là một danh sách.");
    size_t i;
    json_t *d;
    json_array_foreach(given, i, d) {
        const char *state = json_string_value(json_object_get(d, "state"));
        bool known = false;
        for (size_t k = 0; state && k < 5; k++)
            known = known || strcmp(state, DOCUMENT_STATES[k]) == 0;
        if (!json_is_integer(json_object_get(d, "id")) || !known) {
            org_refuse_at(j->err, 422, "invalid_field",
                          "Mỗi giấy tờ cần mã và tình trạng: original, copy, digitized, reused hoặc missing.",
                          "documents[%zu]", i);
            return REFUSED;
        }
        *digitized += strcmp(state, "digitized") == 0;
        *reused += strcmp(state, "reused") == 0;
    }
    store_stmt *st = store_prepare(c, "SELECT id, CASE WHEN reusable_from IS NOT NULL THEN 1 ELSE 0 END"
                                      " FROM procedure_document WHERE procedure_id = ? AND retired = 0");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, procedure_id);
    int64_t ids[256];
    bool reusable[256];
    int n = 0;
    while (n < 256 && store_step(st) == STORE_ROW) {
        reusable[n] = store_col_int64(st, 1) != 0;
        ids[n++] = store_col_int64(st, 0);
    }
    store_reset(st);
    json_array_foreach(given, i, d) {
        bool belongs = false;
        for (int k = 0; k < n; k++)
            belongs = belongs || ids[k] == json_integer_value(json_object_get(d, "id"));
        if (!belongs) {
            org_refuse_at(j->err, 422, "invalid_field", "Giấy tờ này không thuộc thủ tục.", "documents[%zu].id", i);
            return REFUSED;
        }
    }
    for (int k = 0; k < n; k++) {
        const char *state = reusable[k] && j->channel == CHANNEL_ONLINE ? "reused" : "missing", *file = NULL,
                   *file_name = NULL;
        bool given_here = false;
        json_array_foreach(given, i, d) if (json_integer_value(json_object_get(d, "id")) == ids[k]) {
            state = json_string_value(json_object_get(d, "state"));
            file = json_string_value(json_object_get(d, "file"));
            file_name = json_string_value(json_object_get(d, "file_name"));
            given_here = true;
        }
        *reused += !given_here && strcmp(state, "reused") == 0;
        store_stmt *ins = store_prepare(c, "INSERT INTO dossier_document (dossier_id, procedure_document_id, state, file, file_name) VALUES (?, ?, ?, ?, ?)");
        if (!ins)
            return STORE_ERROR;
        store_bind_int64(ins, 1, dossier_id);
        store_bind_int64(ins, 2, ids[k]);
        store_bind_text(ins, 3, state);
        if (file)
            store_bind_text(ins, 4, file);
        else
            store_bind_null(ins, 4);
        if (file_name)
            store_bind_text(ins, 5, file_name);
        else
            store_bind_null(ins, 5);
        int rc = store_step(ins);
        store_reset(ins);
        if (rc != STORE_DONE)
            return rc == STORE_CONSTRAINT ? dossier_refused(j->err, 422, "invalid_field", "documents",
                                                            "Một giấy tờ được nhập hai lần.")
                                          : rc < 0 ? rc : STORE_ERROR;
    }
    return 0;
}

static int replay(store_conn *c, intake_job *j)
{
    if (!j->idempotency_key)
        return 1;
    store_stmt *st = store_prepare(c, "SELECT code FROM dossier WHERE idempotency_key = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->idempotency_key);
    char code[40] = "";
    int rc = store_step(st);
    if (rc == STORE_ROW)
        snprintf(code, sizeof code, "%s", store_col_text(st, 0));
    store_reset(st);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? 1 : rc;
    j->out = dossier_state_json(c, code);
    j->created = false;
    return j->out ? 0 : STORE_ERROR;
}

typedef struct {
    int64_t receiving, competent, citizen, due;
    int status, step;
    char code[40];
    json_t *values, *step_dues;
    const char *actor_role;
    int64_t actor_unit;
} intake_plan;

static int insert_dossier(store_conn *c, intake_job *j, const procedure_info *p, intake_plan *plan,
                          int64_t *id)
{
    char *applicant_text = json_dumps(json_object_get(j->body, "applicant"), JSON_COMPACT);
    char *values = json_dumps(plan->values, JSON_COMPACT);
    char *dues = json_dumps(plan->step_dues, JSON_COMPACT);
    store_stmt *st = store_prepare(
        c, "INSERT INTO dossier (code, procedure_id, workflow_id, receiving_unit_id, competent_unit_id,"
           " channel, status, step, actor_role, actor_unit_id, assignee_id, citizen_id, applicant,"
           " form_values, submitted_at, received_at, due_at, step_dues, fee_amount, idempotency_key,"
           " created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
           " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?15) RETURNING id");
    int rc = st && applicant_text && values && dues ? 0 : STORE_ERROR;
    if (rc == 0) {
        store_bind_text(st, 1, plan->code);
        store_bind_int64(st, 2, p->id);
        store_bind_int64(st, 3, p->workflow_id);
        store_bind_int64(st, 4, plan->receiving);
        store_bind_int64(st, 5, plan->competent);
        store_bind_int64(st, 6, j->channel);
        store_bind_int64(st, 7, plan->status);
        if (plan->step >= 0)
            store_bind_int64(st, 8, plan->step);
        else
            store_bind_null(st, 8);
        store_bind_text(st, 9, plan->actor_role);
        store_bind_int64(st, 10, plan->actor_unit);
        if (j->who->account_id)
            store_bind_int64(st, 11, j->who->account_id);
        else
            store_bind_null(st, 11);
        store_bind_int64(st, 12, plan->citizen);
        store_bind_text(st, 13, applicant_text);
        store_bind_text(st, 14, values);
        dossier_bind_instant(st, 15, j->now);
        dossier_bind_instant(st, 16, plan->status == DOSSIER_RECEIVED ? j->now : 0);
        dossier_bind_instant(st, 17, plan->due);
        store_bind_text(st, 18, dues);
        /* An exemption the official records at the counter (hộ nghèo, ...) waives the fee. */
        const char *exempt = j->channel == CHANNEL_ONLINE ? NULL
                             : json_string_value(json_object_get(j->body, "fee_exemption"));
        store_bind_int64(st, 19, exempt && *exempt ? 0 : p->fee);
        if (j->idempotency_key)
            store_bind_text(st, 20, j->idempotency_key);
        else
            store_bind_null(st, 20);
        store_bind_text(st, 21, j->who->name);
        rc = store_step(st);
        *id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
        if (rc == STORE_ROW)
            rc = store_step(st);
        store_reset(st);
        rc = rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
    }
    free(applicant_text);
    free(values);
    free(dues);
    if (rc != 0)
        *id = 0;
    const char *exempt = json_string_value(json_object_get(j->body, "fee_exemption"));
    if (rc == 0 && exempt && *exempt && j->channel != CHANNEL_ONLINE) {
        store_stmt *ex = store_prepare(c, "UPDATE dossier SET fee_exempt_reason = ? WHERE id = ?");
        if (!ex)
            return STORE_ERROR;
        store_bind_text(ex, 1, exempt);
        store_bind_int64(ex, 2, *id);
        rc = store_step(ex) == STORE_DONE ? 0 : STORE_ERROR;
        store_reset(ex);
    }
    return rc;
}

static int plan_times(store_conn *c, intake_job *j, const procedure_info *p, intake_plan *plan)
{
    plan->step_dues = NULL;
    plan->due = 0;
    if (j->channel == CHANNEL_ONLINE) {
        plan->status = DOSSIER_SUBMITTED;
        plan->step = -1;
        plan->actor_role = "reception";
        plan->actor_unit = plan->receiving;
        plan->step_dues = json_array();
        return 0;
    }
    plan->status = DOSSIER_RECEIVED;
    plan->step = 0;
    step_info first;
    if (dossier_steps(c, p->workflow_id, &first, 1) != 1)
        return STORE_ERROR;
    dossier_row row = {.receiving_unit = plan->receiving, .competent_unit = plan->competent};
    plan->actor_role = "reception";
    plan->actor_unit = dossier_step_unit(&row, &first, 0);
    if (dossier_compute_due(c, plan->competent, p->workflow_id, p->time_unit, p->time_amount, j->now,
                            &plan->due, &plan->step_dues) != 0) {
        json_decref(plan->step_dues);
        plan->step_dues = NULL;
        return dossier_refused(j->err, 422, "invalid_field", "procedure",
                               "Không tính được hạn giải quyết theo lịch làm việc.");
    }
    return 0;
}

static int do_intake(store_conn *c, void *ctx)
{
    intake_job *j = ctx;
    int rc = replay(c, j);
    if (rc <= 0)
        return rc;
    procedure_info p;
    rc = load_procedure(c, json_string_value(json_object_get(j->body, "procedure")), &p, j->err);
    intake_plan plan = {0};
    int digitized = 0, reused = 0;
    int64_t id = 0;
    if (rc == 0)
        rc = resolve_units(c, j, &p, &plan.receiving, &plan.competent);
    if (rc == 0) {
        plan.values = form_values(j, &p);
        rc = check_form(j, &p, plan.values);
    }
    if (rc == 0)
        rc = dossier_upsert_citizen(c, &j->applicant, j->who->name, j->now, &plan.citizen);
    if (rc == 0)
        rc = allocate_code(c, j, plan.receiving, plan.code);
    if (rc == 0)
        rc = plan_times(c, j, &p, &plan);
    if (rc == 0)
        rc = insert_dossier(c, j, &p, &plan, &id);
    if (rc == 0)
        rc = write_documents(c, j, id, p.id, &digitized, &reused);
    if (rc == 0)
        rc = dossier_event(c, id, j->now, j->who->name,
                           j->channel == CHANNEL_ONLINE ? "submit" : "receive", 0, plan.status, -1,
                           plan.step, plan.receiving, json_string_value(json_object_get(j->body, "note")));
    if (rc == 0)
        rc = dossier_outbox(c, id, j->channel == CHANNEL_ONLINE ? "submit" : "receive", 0, plan.status,
                            NULL, j->now);
    if (rc == 0)
        rc = audit_record(c, j->who->name, "dossier.receive", "dossier", id,
                          json_pack("{s:s, s:i, s:i, s:i, s:i}", "code", plan.code, "channel",
                                    j->channel, "status", plan.status, "digitized", digitized,
                                    "reused", reused));
    if (rc == 0) {
        j->out = dossier_state_json(c, plan.code);
        j->created = true;
        rc = j->out ? 0 : STORE_ERROR;
    }
    json_decref(p.form);
    json_decref(plan.values);
    json_decref(plan.step_dues);
    return rc;
}

int dossier_intake(store *s, json_t *body, int channel, const dossier_actor *who,
                   const char *idempotency_key, int64_t now, json_t **out, bool *created,
                   org_error *err)
{
    intake_job j = {.body = body, .channel = channel, .who = who,
                    .idempotency_key = idempotency_key, .now = now, .err = err};
    if (!json_is_object(body) || !json_is_string(json_object_get(body, "procedure")))
        return org_refuse(err, 422, "invalid_field", "procedure", "Cần mã thủ tục.");
    if (idempotency_key && (strlen(idempotency_key) < 8 || strlen(idempotency_key) > 100))
        return org_refuse(err, 422, "invalid_field", "Idempotency-Key",
                          "Khóa chống gửi trùng dài từ 8 đến 100 ký tự.");
    if (dossier_check_applicant(json_object_get(body, "applicant"), &j.applicant, err) != 0)
        return -1;
    int rc = store_write(s, do_intake, &j);
    if (rc != 0) {
        json_decref(j.out);
        return dossier_store_failure(rc, err);
    }
    *out = j.out;
    *created = j.created;
    return 0;
}
