/* Reading dossiers: the official's detail (personal data only for those who
 * handle it, each read logged), the applicant's public view, queues. */
#include "dossier/internal.h"

#include "catalog/workflow_rules.h"
#include "core/dossier_status.h"
#include "core/timefmt.h"
#include "org/permission.h"

#include <stdio.h>
#include <string.h>

static const char *const ROLES[] = {"reception", "specialist", "leader", "clerk"};

/* Handles it: any dossier role on the receiving, competent or current unit. */
static bool handles(store_conn *c, int64_t account, const dossier_row *row)
{
    int64_t units[] = {row->receiving_unit, row->competent_unit, row->actor_unit, row->transfer_unit};
    for (size_t u = 0; u < 4; u++)
        for (size_t r = 0; units[u] && r < 4; r++)
            if (org_has_role_near(c, account, ROLES[r], units[u]))
                return true;
    return false;
}

int dossier_in_reach(store_conn *c, int64_t account_id, const char *code)
{
    store_stmt *st = store_prepare(c, "SELECT receiving_unit_id, competent_unit_id, actor_unit_id, transfer_unit_id"
                                      " FROM dossier WHERE code = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, code);
    int rc = store_step(st);
    int64_t units[4] = {0};
    for (int i = 0; rc == STORE_ROW && i < 4; i++)
        units[i] = store_col_int64(st, i);
    store_reset(st);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? 2 : STORE_ERROR;
    for (int i = 0; i < 4; i++)
        if (units[i] && org_may_near(c, account_id, "dossier.work", units[i]))
            return 1;
    return 0;
}

/* Notes the applicant is meant to read: what to supply, why it was refused,
 * stopped or late. Other notes are between officials. */
static bool note_for_applicant(const char *action)
{
    static const char *const actions[] = {"request_supplement", "not_receive", "refuse", "stop", "withdraw",
                                          "approve_apology", "request_payment"};
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(action, actions[i]) == 0)
            return true;
    return false;
}

static json_t *events_json(store_conn *c, int64_t id, bool with_actors)
{
    store_stmt *st = store_prepare(c, "SELECT e.at, e.actor, e.action, e.from_status, e.to_status, "
                                      "e.from_step, e.to_step, u.name, e.note FROM dossier_event e "
                                      "LEFT JOIN unit u ON u.id = e.unit_id WHERE e.dossier_id = ? "
                                      "ORDER BY e.id");
    json_t *list = json_array();
    if (!st)
        return list;
    store_bind_int64(st, 1, id);
    while (store_step(st) == STORE_ROW) {
        int to = (int)store_col_int64(st, 4);
        json_t *e = json_pack("{s:s, s:s, s:i, s:s, s:s?}", "at", store_col_text(st, 0), "action",
                              store_col_text(st, 2), "status", to, "status_title",
                              dossier_status_title(to), "unit", store_col_text(st, 7));
        if (with_actors) {
            json_object_set_new(e, "actor", json_string(store_col_text(st, 1)));
            if (store_col_text(st, 8))
                json_object_set_new(e, "note", json_string(store_col_text(st, 8)));
            if (store_col_text(st, 6))
                json_object_set_new(e, "step", json_integer(store_col_int64(st, 6)));
        } else if (store_col_text(st, 8) && note_for_applicant(store_col_text(st, 2))) {
            json_object_set_new(e, "note", json_string(store_col_text(st, 8)));
        }
        json_array_append_new(list, e);
    }
    store_reset(st);
    return list;
}

static json_t *documents_json(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT d.procedure_document_id, p.name, d.state, d.file_name "
                                      "FROM dossier_document d JOIN procedure_document p ON "
                                      "p.id = d.procedure_document_id WHERE d.dossier_id = ? ORDER BY p.position");
    json_t *list = json_array();
    if (!st)
        return list;
    store_bind_int64(st, 1, id);
    while (store_step(st) == STORE_ROW)
        json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s?}", "id",
                                              (json_int_t)store_col_int64(st, 0), "name",
                                              store_col_text(st, 1), "state", store_col_text(st, 2),
                                              "file_name", store_col_text(st, 3)));
    store_reset(st);
    return list;
}

/* The fields every view shares. */
static json_t *summary_json(store_conn *c, const dossier_row *row)
{
    store_stmt *st = store_prepare(
        c, "SELECT p.code, p.name, r.agency_code, r.name, k.agency_code, k.name, a.name,"
           " d.received_at, d.due_at, d.finished_at, d.returned_at, d.end_kind, d.end_reason,"
           " d.applicant, d.fee_amount, d.paid, d.result_electronic, d.result_paper, d.flag,"
           " d.submitted_at, (SELECT name FROM workflow_step s WHERE s.workflow_id = d.workflow_id"
           " AND s.position = d.step) FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
           " JOIN unit r ON r.id = d.receiving_unit_id JOIN unit k ON k.id = d.competent_unit_id"
           " LEFT JOIN unit a ON a.id = d.actor_unit_id WHERE d.id = ?");
    if (!st || (store_bind_int64(st, 1, row->id), store_step(st)) != STORE_ROW) {
        if (st)
            store_reset(st);
        return NULL;
    }
    json_t *out = json_pack(
        "{s:s, s:i, s:s, s:i, s:I, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:s?, s:s?, s:s?,"
        " s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:b, s:b, s:b, s:s?, s:s}",
        "code", row->code, "status", row->status, "status_title", dossier_status_title(row->status),
        "channel", row->channel, "version", (json_int_t)row->version, "procedure", "code",
        store_col_text(st, 0), "name", store_col_text(st, 1), "receiving_unit", "agency_code",
        store_col_text(st, 2), "name", store_col_text(st, 3), "competent_unit", "agency_code",
        store_col_text(st, 4), "name", store_col_text(st, 5), "waiting_at", store_col_text(st, 6),
        "current_step", store_col_text(st, 20), "received_at", store_col_text(st, 7), "due_at",
        store_col_text(st, 8), "finished_at", store_col_text(st, 9), "returned_at",
        store_col_text(st, 10), "end_kind", store_col_text(st, 11), "end_reason",
        store_col_text(st, 12), "fee_amount", (json_int_t)store_col_int64(st, 14), "paid",
        (int)store_col_int64(st, 15), "result_electronic", (int)store_col_int64(st, 16),
        "result_paper", (int)store_col_int64(st, 17), "flag", store_col_text(st, 18),
        "submitted_at", store_col_text(st, 19));
    json_t *applicant = json_loads(store_col_text(st, 13), 0, NULL);
    json_object_set_new(out, "_applicant", applicant ? applicant : json_object());
    store_reset(st);
    return out;
}

/* What the reader may do now, for the buttons of the staff page; the
 * action itself checks again. */
static json_t *allowed_actions(store_conn *c, int64_t account, const dossier_row *row, bool my_turn)
{
    json_t *list = json_array();
    step_info steps[20];
    int n = dossier_steps(c, row->workflow_id, steps, 20);
    unsigned actions = row->step >= 0 && row->step < n ? steps[row->step].actions : 0;
    bool reception = org_has_role_near(c, account, "reception", row->receiving_unit);
    bool leader = org_has_role_near(c, account, "leader", row->competent_unit);
#define ADD(name) json_array_append_new(list, json_string(name))
    switch (row->status) {
    case DOSSIER_SUBMITTED:
        if (my_turn) {
            ADD("accept");
            ADD("not_receive");
            ADD("request_supplement");
        }
        break;
    case DOSSIER_RECEIVED:
    case DOSSIER_PROCESSING:
        if (my_turn) {
            if (!row->assignee)
                ADD("claim");
            static const struct {
                unsigned bit;
                const char *name;
            } step_actions[] = {
                {WF_FORWARD, "forward"}, {WF_APPROVE, "approve"}, {WF_SEND_BACK, "send_back"},
                {WF_TRANSFER, "transfer"}, {WF_REQUEST_SUPPLEMENT, "request_supplement"},
                {WF_REFUSE, "refuse"}, {WF_ISSUE_RESULT, "issue_result"},
            };
            for (size_t i = 0; i < sizeof step_actions / sizeof step_actions[0]; i++)
                if (actions & step_actions[i].bit)
                    ADD(step_actions[i].name);
            ADD("request_payment");
            ADD("propose_apology");
        }
        if (leader) {
            ADD("approve_apology");
            ADD("stop");
        }
        break;
    case DOSSIER_SUPPLEMENT:
        if (reception)
            ADD("supply");
        break;
    case DOSSIER_PAYMENT:
        if (reception)
            ADD("confirm_payment");
        break;
    case DOSSIER_DONE:
        if (my_turn)
            ADD("return");
        break;
    default:
        break;
    }
    if (reception && !dossier_status_final(row->status) && row->status != DOSSIER_DONE)
        ADD("withdraw");
#undef ADD
    return list;
}

typedef struct {
    const char *code;
    const dossier_actor *who;
    int64_t now;
    json_t *out;
    int status;
} detail_job;

/* A read that writes: the personal-data read is logged in the same step. */
static int read_detail(store_conn *c, void *ctx)
{
    detail_job *j = ctx;
    dossier_row row;
    int rc = dossier_load(c, j->code, &row);
    if (rc != 0) {
        j->status = rc == 1 ? 404 : 503;
        return rc < 0 ? rc : 0;
    }
    j->out = summary_json(c, &row);
    if (!j->out) {
        dossier_row_release(&row);
        return STORE_ERROR;
    }
    json_t *applicant = json_incref(json_object_get(j->out, "_applicant"));
    json_object_del(j->out, "_applicant");
    bool personal = handles(c, j->who->account_id, &row);
    if (personal) {
        json_object_set_new(j->out, "applicant", applicant);
        rc = dossier_log_read(c, row.citizen_id, j->who->name, row.id, j->now);
    } else {
        json_decref(applicant);
        json_object_set_new(j->out, "applicant", json_null());
    }
    json_object_set_new(j->out, "step", json_integer(row.step));
    json_object_set_new(j->out, "step_dues", json_incref(row.step_dues));
    json_object_set_new(j->out, "documents", documents_json(c, row.id));
    json_object_set_new(j->out, "events", events_json(c, row.id, true));
    bool my_turn = row.actor_role[0] && org_has_role_near(c, j->who->account_id, row.actor_role, row.actor_unit) &&
                   (!row.assignee || row.assignee == j->who->account_id);
    json_object_set_new(j->out, "my_turn", json_boolean(my_turn));
    json_object_set_new(j->out, "allowed_actions", allowed_actions(c, j->who->account_id, &row, my_turn));
    json_object_set_new(j->out, "assigned_to_me", json_boolean(row.assignee && row.assignee == j->who->account_id));
    json_object_set_new(j->out, "waiting_for_role", row.actor_role[0] ? json_string(row.actor_role) : json_null());
    dossier_row_release(&row);
    j->status = 200;
    return rc;
}

json_t *dossier_detail(store *s, const char *code, const dossier_actor *who, int64_t now, int *status)
{
    detail_job j = {code, who, now, NULL, 503};
    int rc = store_write(s, read_detail, &j);
    if (rc != 0 || j.status != 200) {
        json_decref(j.out);
        *status = rc != 0 ? 503 : j.status;
        return NULL;
    }
    *status = 200;
    return j.out;
}

/* "Nguyễn Văn An" -> "N*** V** A*": enough to recognise, not to identify. */
static json_t *masked(const char *name)
{
    char out[400];
    size_t o = 0;
    bool word_start = true;
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p && o + 8 < sizeof out;) {
        size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        if (*p == ' ') {
            out[o++] = ' ';
            word_start = true;
        } else if (word_start) {
            for (size_t i = 0; i < len && p[i]; i++)
                out[o++] = (char)p[i];
            word_start = false;
        } else {
            out[o++] = '*';
        }
        for (size_t i = 0; i < len && *p; i++)
            p++;
    }
    return json_stringn(out, o);
}

json_t *dossier_public(store_conn *c, const char *code, const char *phone_last4, int *status)
{
    dossier_row row;
    int rc = dossier_load(c, code, &row);
    if (rc != 0) {
        *status = rc == 1 ? 404 : 503;
        return NULL;
    }
    json_t *out = summary_json(c, &row);
    if (!out) {
        dossier_row_release(&row);
        *status = 503;
        return NULL;
    }
    json_t *applicant = json_object_get(out, "_applicant");
    const char *phone = json_string_value(json_object_get(applicant, "phone"));
    size_t n = phone ? strlen(phone) : 0;
    bool verified = phone_last4 && n >= 4 && strlen(phone_last4) == 4 &&
                    strcmp(phone + n - 4, phone_last4) == 0;
    json_object_set_new(out, "applicant_name", masked(json_string_value(json_object_get(applicant, "full_name"))));
    json_object_set_new(out, "verified", json_boolean(verified));
    if (verified) {
        json_object_set_new(out, "applicant", json_pack("{s:O?, s:O?}", "full_name",
                                                        json_object_get(applicant, "full_name"), "phone",
                                                        json_object_get(applicant, "phone")));
        json_object_set_new(out, "events", events_json(c, row.id, false));
        json_object_set_new(out, "documents", documents_json(c, row.id));
    } else {
        /* Without the phone digits: where it is and when it is due, nothing personal. */
        static const char *const personal[] = {"end_reason", "fee_amount", "paid", "flag"};
        for (size_t i = 0; i < 4; i++)
            json_object_del(out, personal[i]);
    }
    json_object_del(out, "_applicant");
    if (!verified) /* the applicant acts on the version seen */
        json_object_del(out, "version");
    dossier_row_release(&row);
    *status = 200;
    return out;
}

json_t *dossier_queue(store_conn *c, int64_t account_id, bool overdue, int64_t now)
{
    char iso[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(now, iso);
    store_stmt *st = store_prepare(
        c, "WITH RECURSIVE grants(unit, role) AS (SELECT g.unit_id, g.role FROM role_grant g"
           " JOIN account a ON a.id = g.account_id WHERE g.account_id = ?1 AND a.status = 'active'),"
           " below(id, role) AS (SELECT unit, role FROM grants"
           " UNION SELECT u.id, below.role FROM unit u JOIN below ON u.parent_id = below.id),"
           " above(id, role) AS (SELECT unit, role FROM grants"
           " UNION SELECT u.parent_id, above.role FROM unit u JOIN above ON u.id = above.id"
           " WHERE u.parent_id IS NOT NULL AND u.kind != 'commune'),"
           " down(id, role) AS (SELECT id, role FROM below UNION SELECT id, role FROM above)"
           " SELECT DISTINCT d.code, d.status, p.name, d.due_at, d.flag,"
           " CASE WHEN d.assignee_id = ?1 THEN 1 ELSE 0 END, d.received_at, d.submitted_at, d.applicant"
           " FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
           " JOIN down ON down.id = d.actor_unit_id AND down.role = d.actor_role"
           " WHERE (d.assignee_id IS NULL OR d.assignee_id = ?1)"
           " AND (CAST(?2 AS BIGINT) = 0 OR (d.due_at IS NOT NULL AND d.due_at < ?3 AND d.status IN (2, 4)))"
           " ORDER BY d.due_at NULLS LAST, d.submitted_at LIMIT 500");
    if (!st)
        return NULL;
    store_bind_int64(st, 1, account_id);
    store_bind_int64(st, 2, overdue ? 1 : 0);
    store_bind_text(st, 3, iso);
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        int status = (int)store_col_int64(st, 1);
        /* The applicant's name from the JSON snapshot: read here, as SQLite
         * and PostgreSQL have no JSON function in common. */
        const char *applicant = store_col_text(st, 8);
        json_t *snapshot = applicant ? json_loads(applicant, 0, NULL) : NULL;
        const char *name = json_string_value(json_object_get(snapshot, "full_name"));
        json_array_append_new(items, json_pack("{s:s, s:i, s:s, s:s, s:s?, s:s?, s:b, s:s?, s:s, s:s?}",
                                               "code", store_col_text(st, 0), "status", status,
                                               "status_title", dossier_status_title(status),
                                               "procedure", store_col_text(st, 2), "due_at",
                                               store_col_text(st, 3), "flag", store_col_text(st, 4),
                                               "assigned_to_me", (int)store_col_int64(st, 5),
                                               "received_at", store_col_text(st, 6), "submitted_at",
                                               store_col_text(st, 7), "applicant", name));
        json_decref(snapshot);
    }
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(items);
        return NULL;
    }
    return json_pack("{s:o}", "items", items);
}
