/* Actions on a dossier: each one store_write that checks the version, who
 * may act, what the workflow step allows and what core/dossier_status.h
 * allows, then writes the new state, an event and the audit entry. */
#include "dossier/internal.h"

#include "catalog/workflow_rules.h"
#include "core/dossier_status.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"
#include "org/signing.h"

#include <stdio.h>
#include <string.h>

enum { MAX_STEPS = 20 };

typedef struct {
    const char *code;
    json_t *body;
    const dossier_actor *who;
    const unsigned char *signing_key;
    int64_t now;
    json_t *out;
    org_error *err;
} act_job;

/* Everything an action handler works with. */
typedef struct {
    store_conn *c;
    act_job *job;
    dossier_row row;   /* as loaded */
    dossier_row next;  /* as it will be written */
    step_info steps[MAX_STEPS];
    int step_count;
    const char *note;
    int64_t event_unit;
} act;

static const char *body_text(act *a, const char *key)
{
    const char *v = json_string_value(json_object_get(a->job->body, key));
    return v && *v ? v : NULL;
}

static int refuse(act *a, int status, const char *code, const char *field, const char *message)
{
    return dossier_refused(a->job->err, status, code, field, message);
}

static bool is_citizen(const act *a) { return a->job->who->account_id == 0; }

static bool holds(act *a, const char *role, int64_t unit)
{
    return !is_citizen(a) && org_has_role_near(a->c, a->job->who->account_id, role, unit);
}

/* The one whose turn it is: the role and unit the dossier waits for, and
 * the assignee if one claimed it. */
static int require_turn(act *a)
{
    if (!a->row.actor_role[0] || !holds(a, a->row.actor_role, a->row.actor_unit))
        return refuse(a, 403, "not_your_turn", NULL,
                      "Hồ sơ không ở bước của bạn hoặc không thuộc đơn vị của bạn.");
    if (a->row.assignee && a->row.assignee != a->job->who->account_id)
        return refuse(a, 409, "assigned", NULL, "Hồ sơ đã được cán bộ khác nhận xử lý.");
    return 0;
}

static int require_step_action(act *a, unsigned action, const char *name)
{
    if (a->row.step < 0 || a->row.step >= a->step_count ||
        !(a->steps[a->row.step].actions & action)) {
        org_refuse_at(a->job->err, 422, "action_not_allowed",
                      "Bước hiện tại của quy trình không cho phép thao tác này.", "%s", name);
        return REFUSED;
    }
    return 0;
}

static int require_reason(act *a)
{
    a->note = body_text(a, "reason");
    if (!a->note)
        a->note = body_text(a, "note");
    if (!a->note || strlen(a->note) > 2000)
        return refuse(a, 422, "invalid_field", "reason", "Cần nêu rõ lý do (tối đa 2000 byte).");
    return 0;
}

/* Who acts at a step, and from which unit. */
static void enter_step(act *a, int position)
{
    a->next.step = position;
    a->next.transfer_unit = 0;
    a->next.assignee = 0;
    snprintf(a->next.actor_role, sizeof a->next.actor_role, "%s", a->steps[position].role);
    a->next.actor_unit = dossier_step_unit(&a->next, &a->steps[position], position);
}

static void wait_at_reception(act *a)
{
    snprintf(a->next.actor_role, sizeof a->next.actor_role, "reception");
    a->next.actor_unit = a->next.receiving_unit;
    a->next.assignee = 0;
}

static void end_dossier(act *a, int status, const char *kind)
{
    a->next.status = status;
    a->next.ended_at = a->job->now;
    a->next.end_kind = kind;
    a->next.end_reason = a->note;
    a->next.actor_role[0] = '\0';
    a->next.actor_unit = 0;
    a->next.assignee = 0;
}

/* --- time ------------------------------------------------------------------ */

/* Moves the due instant and every step's due still ahead by the working time
 * of [from, to), on the competent unit's calendar. */
static int extend_dues(act *a, int64_t from, int64_t to, int64_t *extended)
{
    arena ar;
    arena_init(&ar, 0);
    org_calendar cal;
    int64_t paused = 0;
    bool ok = dossier_clock(a->c, &ar, a->row.competent_unit, from, &cal) &&
              deadline_working_time_between(&cal.clock, from, to, &paused);
    if (ok && a->next.due_at)
        ok = deadline_add_working_time(&cal.clock, a->next.due_at, paused, &a->next.due_at);
    size_t i;
    json_t *v;
    json_array_foreach(a->next.step_dues, i, v) {
        int64_t due;
        if (!ok || !timefmt_parse_iso_utc(json_string_value(v), &due) || due < from)
            continue;
        char iso[TIMEFMT_ISO_LEN];
        ok = deadline_add_working_time(&cal.clock, due, paused, &due);
        timefmt_iso_utc(due, iso);
        json_array_set_new(a->next.step_dues, i, json_string(iso));
    }
    arena_free(&ar);
    *extended = paused;
    return ok ? 0 : refuse(a, 422, "invalid_field", NULL, "Không tính được hạn mới theo lịch làm việc.");
}

static int start_pause(act *a, const char *kind)
{
    store_stmt *st = store_prepare(a->c, "INSERT INTO dossier_pause (dossier_id, kind, started_at, note) VALUES (?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, a->row.id);
    store_bind_text(st, 2, kind);
    dossier_bind_instant(st, 3, a->job->now);
    store_bind_text(st, 4, a->note);
    int rc = store_step(st);
    store_reset(st);
    a->next.status_before_pause = a->row.status;
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* Ends the open pause; when the clock had started, the deadlines move on by
 * the working time the pause lasted. */
static int end_pause(act *a)
{
    store_stmt *st = store_prepare(a->c, "UPDATE dossier_pause SET ended_at = ? WHERE dossier_id = ? "
                                         "AND ended_at IS NULL RETURNING started_at");
    if (!st)
        return STORE_ERROR;
    dossier_bind_instant(st, 1, a->job->now);
    store_bind_int64(st, 2, a->row.id);
    int rc = store_step(st);
    int64_t started = rc == STORE_ROW ? dossier_instant(st, 0) : 0;
    while (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    int64_t paused = 0;
    if (started && a->row.received_at && (rc = extend_dues(a, started, a->job->now, &paused)) != 0)
        return rc;
    a->next.paused_ms += paused;
    return 0;
}

/* After a pause the dossier goes back to where it was. */
static void resume(act *a)
{
    a->next.status = a->row.status_before_pause ? a->row.status_before_pause : DOSSIER_PROCESSING;
    a->next.status_before_pause = 0;
    if (a->next.status == DOSSIER_SUBMITTED || a->row.step < 0)
        wait_at_reception(a);
    else
        enter_step(a, a->row.step);
}

/* --- the actions ------------------------------------------------------------- */

static int procedure_time(act *a, char unit[24], int *amount)
{
    store_stmt *st = store_prepare(a->c, "SELECT time_unit, time_amount FROM procedure WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, a->row.procedure_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        snprintf(unit, 24, "%s", store_col_text(st, 0) ? store_col_text(st, 0) : "working_days");
        *amount = (int)store_col_int64(st, 1);
    }
    store_reset(st);
    return rc == STORE_ROW ? 0 : STORE_ERROR;
}

static int do_accept(act *a)
{
    int rc = require_turn(a);
    if (rc || a->row.status != DOSSIER_SUBMITTED)
        return rc ? rc : refuse(a, 422, "action_not_allowed", "action", "Hồ sơ đã được xử lý tiếp nhận.");
    char unit[24];
    int amount;
    json_t *dues = NULL;
    if ((rc = procedure_time(a, unit, &amount)) != 0)
        return rc;
    if (dossier_compute_due(a->c, a->row.competent_unit, a->row.workflow_id, unit, amount,
                            a->job->now, &a->next.due_at, &dues) != 0) {
        json_decref(dues);
        return refuse(a, 422, "invalid_field", NULL, "Không tính được hạn giải quyết theo lịch làm việc.");
    }
    json_decref(a->next.step_dues);
    a->next.step_dues = dues;
    a->next.status = DOSSIER_RECEIVED;
    a->next.received_at = a->job->now;
    enter_step(a, 0);
    a->next.assignee = a->job->who->account_id;
    return 0;
}

static int do_not_receive(act *a)
{
    int rc = require_turn(a);
    if (rc == 0)
        rc = require_reason(a);
    if (rc == 0)
        end_dossier(a, DOSSIER_NOT_RECEIVED, "not_received");
    return rc;
}

static int do_claim(act *a)
{
    if (!a->row.actor_role[0] || !holds(a, a->row.actor_role, a->row.actor_unit))
        return refuse(a, 403, "not_your_turn", NULL, "Hồ sơ không ở bước của bạn.");
    if (a->row.assignee && a->row.assignee != a->job->who->account_id)
        return refuse(a, 409, "assigned", NULL, "Hồ sơ đã được cán bộ khác nhận xử lý.");
    a->next.assignee = a->job->who->account_id;
    return 0;
}

static int move_step(act *a, unsigned action, const char *name, int delta)
{
    int rc = require_turn(a);
    if (rc == 0)
        rc = require_step_action(a, action, name);
    if (rc)
        return rc;
    int target = a->row.step + delta;
    if (target < 0 || target >= a->step_count)
        return refuse(a, 422, "action_not_allowed", "action",
                      delta > 0 ? "Đây là bước cuối: hãy trả kết quả." : "Đây là bước đầu tiên.");
    a->next.status = DOSSIER_PROCESSING;
    enter_step(a, target);
    return 0;
}

static int do_forward(act *a)
{
    /* approve moves on like forward: a leader's approval is the step's "forward". */
    return move_step(a, WF_FORWARD | WF_APPROVE, "forward", 1);
}

static int do_approve(act *a) { return move_step(a, WF_APPROVE, "approve", 1); }
static int do_send_back(act *a) { return move_step(a, WF_SEND_BACK, "send_back", -1); }

static int do_transfer(act *a)
{
    int rc = require_turn(a);
    if (rc == 0)
        rc = require_step_action(a, WF_TRANSFER, "transfer");
    if (rc)
        return rc;
    const char *code = body_text(a, "unit");
    store_stmt *st = store_prepare(a->c, "SELECT id FROM unit WHERE agency_code = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, code ? code : "");
    int64_t unit = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (!unit || unit == a->row.actor_unit)
        return refuse(a, 422, "invalid_field", "unit", "Cần mã định danh của đơn vị, cấp nhận liên thông (khác đơn vị hiện tại).");
    a->next.status = DOSSIER_PROCESSING;
    a->next.transfer_unit = unit;
    a->next.actor_unit = unit;
    a->next.assignee = 0;
    a->event_unit = unit;
    return 0;
}

static int do_request_supplement(act *a)
{
    int rc = require_turn(a);
    if (rc == 0 && a->row.status != DOSSIER_SUBMITTED)
        rc = require_step_action(a, WF_REQUEST_SUPPLEMENT, "request_supplement");
    if (rc == 0)
        rc = require_reason(a);
    if (rc == 0)
        rc = start_pause(a, "supplement");
    if (rc == 0) {
        a->next.status = DOSSIER_SUPPLEMENT;
        wait_at_reception(a);
    }
    return rc;
}

/* The files sent with a supplement become the dossier's digitized papers
 * (upload.c has stored them and put them in "documents"); a paper the
 * procedure does not list is refused. */
static int attach_supplied(act *a)
{
    store_stmt *st = store_prepare(a->c, "UPDATE dossier_document SET state = 'digitized', file = ?, file_name = ? "
                                         "WHERE dossier_id = ? AND procedure_document_id = ?");
    if (!st)
        return STORE_ERROR;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(a->job->body, "documents"), i, d) {
        const char *file = json_string_value(json_object_get(d, "file"));
        if (!file)
            continue;
        store_bind_text(st, 1, file);
        store_bind_text(st, 2, json_string_value(json_object_get(d, "file_name")));
        store_bind_int64(st, 3, a->row.id);
        store_bind_int64(st, 4, json_integer_value(json_object_get(d, "id")));
        int rc = store_step(st);
        store_reset(st);
        if (rc != STORE_DONE)
            return rc < 0 ? rc : STORE_ERROR;
        if (store_changes(a->c) != 1)
            return refuse(a, 422, "invalid_field", "documents", "Giấy tờ gửi kèm không thuộc thành phần hồ sơ này.");
    }
    return 0;
}

static int do_supply(act *a)
{
    if (a->row.status != DOSSIER_SUPPLEMENT)
        return refuse(a, 422, "action_not_allowed", "action", "Hồ sơ không ở trạng thái chờ bổ sung.");
    if (!is_citizen(a) && !holds(a, "reception", a->row.receiving_unit))
        return refuse(a, 403, "not_your_turn", NULL, "Chỉ bộ phận một cửa nơi nhận hồ sơ nhận phần bổ sung.");
    a->note = body_text(a, "note");
    int rc = attach_supplied(a);
    if (rc == 0)
        rc = end_pause(a);
    if (rc == 0)
        resume(a);
    return rc;
}

static int do_request_payment(act *a)
{
    int rc = require_turn(a);
    if (rc == 0)
        rc = require_reason(a);
    if (rc == 0)
        rc = start_pause(a, "payment");
    if (rc == 0) {
        a->next.status = DOSSIER_PAYMENT;
        wait_at_reception(a);
    }
    return rc;
}

static int do_confirm_payment(act *a)
{
    if (a->row.status != DOSSIER_PAYMENT)
        return refuse(a, 422, "action_not_allowed", "action", "Hồ sơ không chờ nộp phí.");
    if (!holds(a, "reception", a->row.receiving_unit))
        return refuse(a, 403, "not_your_turn", NULL, "Chỉ bộ phận một cửa ghi nhận việc nộp phí.");
    a->note = body_text(a, "note");
    int rc = end_pause(a);
    if (rc == 0) {
        a->next.paid = 1;
        resume(a);
    }
    return rc;
}

static int do_refuse(act *a)
{
    int rc = require_turn(a);
    if (rc == 0)
        rc = require_step_action(a, WF_REFUSE, "refuse");
    if (rc == 0)
        rc = require_reason(a);
    if (rc == 0)
        end_dossier(a, DOSSIER_STOPPED, "refused");
    return rc;
}

static int do_withdraw(act *a)
{
    if (!is_citizen(a) && !holds(a, "reception", a->row.receiving_unit))
        return refuse(a, 403, "not_your_turn", NULL, "Chỉ người nộp hoặc bộ phận một cửa ghi nhận rút hồ sơ.");
    int rc = require_reason(a);
    if (rc == 0 && (a->row.status == DOSSIER_SUPPLEMENT || a->row.status == DOSSIER_PAYMENT))
        rc = end_pause(a);
    if (rc == 0)
        end_dossier(a, DOSSIER_WITHDRAWN, "withdrawn");
    return rc;
}

static int do_stop(act *a)
{
    if (!holds(a, "leader", a->row.competent_unit))
        return refuse(a, 403, "not_your_turn", NULL, "Chỉ lãnh đạo đơn vị có thẩm quyền dừng xử lý hồ sơ.");
    int rc = require_reason(a);
    if (rc == 0 && (a->row.status == DOSSIER_SUPPLEMENT || a->row.status == DOSSIER_PAYMENT))
        rc = end_pause(a);
    if (rc == 0)
        end_dossier(a, DOSSIER_STOPPED, "stopped");
    return rc;
}

/* An electronic result is the attached file, signed now by the official
 * issuing it. */
static int sign_result(act *a)
{
    store_stmt *st = store_prepare(a->c, "SELECT result_file FROM dossier WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, a->row.id);
    char file[65] = "";
    if (store_step(st) == STORE_ROW && store_col_text(st, 0))
        snprintf(file, sizeof file, "%s", store_col_text(st, 0));
    store_reset(st);
    if (!file[0])
        return refuse(a, 422, "invalid_field", "electronic", "Cần đính kèm tệp kết quả trước khi trả kết quả điện tử.");
    if (!a->job->signing_key)
        return refuse(a, 503, "signing_unavailable", "electronic",
                      "Máy chủ chưa được cấu hình khóa ký (XASO_SIGNING_KEY).");
    char at[TIMEFMT_ISO_LEN], signature[SIGNATURE_HEX];
    timefmt_iso_utc(a->job->now, at);
    int64_t key_id;
    int rc = signing_sign(a->c, a->job->who->account_id, a->job->signing_key, a->row.code, file, at,
                          &key_id, signature);
    if (rc == 1)
        return refuse(a, 503, "signing_unavailable", "electronic",
                      "Không mở được khóa ký: khóa của máy chủ (XASO_SIGNING_KEY) đã đổi.");
    if (rc != 0)
        return rc;
    st = store_prepare(a->c, "INSERT INTO dossier_signature (dossier_id, key_id, file_sha256, signed_at, "
                             "signature) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, a->row.id);
    store_bind_int64(st, 2, key_id);
    store_bind_text(st, 3, file);
    store_bind_text(st, 4, at);
    store_bind_text(st, 5, signature);
    rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int do_issue_result(act *a)
{
    int rc = require_turn(a);
    if (rc == 0)
        rc = require_step_action(a, WF_ISSUE_RESULT, "issue_result");
    if (rc)
        return rc;
    json_t *electronic = json_object_get(a->job->body, "electronic");
    json_t *paper = json_object_get(a->job->body, "paper");
    a->next.result_electronic = json_is_true(electronic);
    a->next.result_paper = paper ? json_is_true(paper) : 1;
    if (!a->next.result_electronic && !a->next.result_paper)
        return refuse(a, 422, "invalid_field", "paper", "Kết quả phải là bản giấy, bản điện tử hoặc cả hai.");
    if (a->next.result_electronic && (rc = sign_result(a)) != 0)
        return rc;
    a->next.status = DOSSIER_DONE;
    a->next.finished_at = a->job->now;
    wait_at_reception(a);
    return 0;
}

static int do_return(act *a)
{
    int rc = require_turn(a);
    if (rc || a->row.status != DOSSIER_DONE)
        return rc ? rc : refuse(a, 422, "action_not_allowed", "action", "Hồ sơ chưa có kết quả để trả.");
    json_t *channel = json_object_get(a->job->body, "return_channel");
    int ch = channel ? (int)json_integer_value(channel) : 1;
    if (ch < 1 || ch > 3)
        return refuse(a, 422, "invalid_field", "return_channel", "Hình thức trả kết quả: 1 tại quầy, 2 trực tuyến, 3 bưu chính.");
    a->next.return_channel = ch;
    a->next.returned_at = a->job->now;
    a->note = body_text(a, "note");
    end_dossier(a, DOSSIER_RETURNED, "returned");
    return 0;
}

static int do_propose_apology(act *a)
{
    int rc = require_turn(a);
    if (rc == 0)
        rc = require_reason(a);
    if (rc)
        return rc;
    int64_t new_due;
    const char *text = body_text(a, "new_due");
    if (!text || !timefmt_parse_iso_offset(text, &new_due) || new_due <= a->row.due_at)
        return refuse(a, 422, "invalid_field", "new_due", "Ngày hẹn mới phải sau hạn hiện tại (ISO 8601).");
    store_stmt *st = store_prepare(a->c, "INSERT INTO dossier_apology (dossier_id, reason, old_due, new_due, proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, a->row.id);
    store_bind_text(st, 2, a->note);
    dossier_bind_instant(st, 3, a->row.due_at);
    dossier_bind_instant(st, 4, new_due);
    store_bind_text(st, 5, a->job->who->name);
    dossier_bind_instant(st, 6, a->job->now);
    rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int do_approve_apology(act *a)
{
    if (!holds(a, "leader", a->row.competent_unit))
        return refuse(a, 403, "not_your_turn", NULL, "Chỉ lãnh đạo đơn vị có thẩm quyền duyệt xin lỗi, hẹn lại.");
    store_stmt *st = store_prepare(a->c, "UPDATE dossier_apology SET approved_by = ?, approved_at = ? "
                                         "WHERE id = (SELECT MAX(id) FROM dossier_apology WHERE dossier_id = ? AND approved_at IS NULL) "
                                         "RETURNING old_due, new_due, reason");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, a->job->who->name);
    dossier_bind_instant(st, 2, a->job->now);
    store_bind_int64(st, 3, a->row.id);
    int rc = store_step(st);
    int64_t old_due = rc == STORE_ROW ? dossier_instant(st, 0) : 0;
    int64_t new_due = rc == STORE_ROW ? dossier_instant(st, 1) : 0;
    /* The approval's note, and so the citizen's apology, gives the reason
     * proposed unless the leader wrote another. */
    if (rc == STORE_ROW && !body_text(a, "note"))
        json_object_set_new(a->job->body, "note", json_string(store_col_text(st, 2)));
    while (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if (!new_due)
        return refuse(a, 422, "action_not_allowed", "action", "Không có đề nghị xin lỗi, hẹn lại nào chờ duyệt.");
    int64_t moved;
    rc = extend_dues(a, old_due, new_due, &moved);
    a->next.due_at = new_due;
    a->note = body_text(a, "note");
    return rc;
}

static const struct {
    const char *name;
    int (*run)(act *);
} ACTIONS[] = {
    {"accept", do_accept},
    {"not_receive", do_not_receive},
    {"claim", do_claim},
    {"forward", do_forward},
    {"approve", do_approve},
    {"send_back", do_send_back},
    {"transfer", do_transfer},
    {"request_supplement", do_request_supplement},
    {"supply", do_supply},
    {"request_payment", do_request_payment},
    {"confirm_payment", do_confirm_payment},
    {"refuse", do_refuse},
    {"withdraw", do_withdraw},
    {"stop", do_stop},
    {"issue_result", do_issue_result},
    {"return", do_return},
    {"propose_apology", do_propose_apology},
    {"approve_apology", do_approve_apology},
};

/* --- writing ------------------------------------------------------------------ */

static void bind_int_or_null(store_stmt *st, int i, int64_t v)
{
    if (v)
        store_bind_int64(st, i, v);
    else
        store_bind_null(st, i);
}

static int write_state(act *a)
{
    dossier_row *n = &a->next;
    char *dues = json_dumps(n->step_dues, JSON_COMPACT);
    store_stmt *st = store_prepare(
        a->c, "UPDATE dossier SET status = ?1, status_before_pause = ?2, step = ?3, actor_role = ?4,"
              " actor_unit_id = ?5, assignee_id = ?6, transfer_unit_id = ?7, received_at = ?8,"
              " due_at = ?9, step_dues = ?10, paused_ms = ?11, finished_at = ?12, returned_at = ?13,"
              " return_channel = ?14, ended_at = ?15, end_kind = COALESCE(?16, end_kind),"
              " end_reason = COALESCE(?17, end_reason), paid = ?18, result_electronic = ?19,"
              " result_paper = ?20, version = version + 1, updated_at = ?21"
              " WHERE id = ?22 AND version = ?23");
    if (!st || !dues) {
        free(dues);
        return STORE_ERROR;
    }
    store_bind_int64(st, 1, n->status);
    bind_int_or_null(st, 2, n->status_before_pause);
    if (n->step >= 0)
        store_bind_int64(st, 3, n->step);
    else
        store_bind_null(st, 3);
    if (n->actor_role[0])
        store_bind_text(st, 4, n->actor_role);
    else
        store_bind_null(st, 4);
    bind_int_or_null(st, 5, n->actor_unit);
    bind_int_or_null(st, 6, n->assignee);
    bind_int_or_null(st, 7, n->transfer_unit);
    dossier_bind_instant(st, 8, n->received_at);
    dossier_bind_instant(st, 9, n->due_at);
    store_bind_text(st, 10, dues);
    store_bind_int64(st, 11, n->paused_ms);
    dossier_bind_instant(st, 12, n->finished_at);
    dossier_bind_instant(st, 13, n->returned_at);
    bind_int_or_null(st, 14, n->return_channel);
    dossier_bind_instant(st, 15, n->ended_at);
    if (n->end_kind)
        store_bind_text(st, 16, n->end_kind);
    else
        store_bind_null(st, 16);
    if (n->end_reason)
        store_bind_text(st, 17, n->end_reason);
    else
        store_bind_null(st, 17);
    store_bind_int64(st, 18, n->paid);
    store_bind_int64(st, 19, n->result_electronic);
    store_bind_int64(st, 20, n->result_paper);
    dossier_bind_instant(st, 21, a->job->now);
    store_bind_int64(st, 22, a->row.id);
    store_bind_int64(st, 23, a->row.version);
    int rc = store_step(st);
    store_reset(st);
    free(dues);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return store_changes(a->c) == 1 ? 0 : refuse(a, 409, "conflict", "version", "Hồ sơ vừa được người khác xử lý.");
}

static int run_action(act *a, const char *name)
{
    for (size_t i = 0; i < sizeof ACTIONS / sizeof ACTIONS[0]; i++) {
        if (strcmp(ACTIONS[i].name, name) != 0)
            continue;
        if (dossier_status_final(a->row.status))
            return refuse(a, 422, "action_not_allowed", "action", "Hồ sơ đã kết thúc.");
        if (is_citizen(a) && strcmp(name, "supply") != 0 && strcmp(name, "withdraw") != 0)
            return refuse(a, 403, "forbidden", "action", "Người nộp chỉ bổ sung hoặc rút hồ sơ.");
        int rc = ACTIONS[i].run(a);
        if (rc)
            return rc;
        if (a->next.status != a->row.status &&
            !dossier_status_move_allowed(a->row.status, a->next.status))
            return refuse(a, 422, "action_not_allowed", "action",
                          "Không được chuyển hồ sơ sang trạng thái này từ trạng thái hiện tại.");
        return 0;
    }
    return refuse(a, 422, "invalid_field", "action", "Thao tác không hợp lệ.");
}

static int do_act(store_conn *c, void *ctx)
{
    act_job *j = ctx;
    act a = {.c = c, .job = j};
    int rc = dossier_load(c, j->code, &a.row);
    if (rc != 0)
        return rc < 0 ? rc : dossier_refused(j->err, 404, "not_found", "code", "Không có hồ sơ với mã này.");
    a.next = a.row;
    a.next.step_dues = json_deep_copy(a.row.step_dues);
    json_t *version = json_object_get(j->body, "version");
    const char *name = json_string_value(json_object_get(j->body, "action"));
    if (!json_is_integer(version))
        rc = refuse(&a, 422, "invalid_field", "version", "Cần phiên bản hồ sơ đang xem (version).");
    else if (json_integer_value(version) != a.row.version)
        rc = refuse(&a, 409, "conflict", "version", "Hồ sơ vừa được người khác xử lý; hãy xem trạng thái mới.");
    else if ((a.step_count = dossier_steps(c, a.row.workflow_id, a.steps, MAX_STEPS)) < 0)
        rc = STORE_ERROR;
    else
        rc = run_action(&a, name ? name : "");
    if (rc == 0)
        rc = write_state(&a);
    if (rc == 0)
        rc = dossier_event(c, a.row.id, j->now, j->who->name, name, a.row.status, a.next.status,
                           a.row.step, a.next.step, a.event_unit ? a.event_unit : a.next.actor_unit,
                           a.note ? a.note : json_string_value(json_object_get(j->body, "note")));
    if (rc == 0)
        rc = dossier_outbox(c, a.row.id, name, a.row.status, a.next.status,
                            a.note ? a.note : json_string_value(json_object_get(j->body, "note")), j->now);
    if (rc == 0) {
        char event[48];
        snprintf(event, sizeof event, "dossier.%s", name);
        rc = audit_record(c, j->who->name, event, "dossier", a.row.id,
                          json_pack("{s:s, s:i, s:i}", "code", a.row.code, "from", a.row.status, "to",
                                    a.next.status));
    }
    if (rc == 0)
        j->out = dossier_state_json(c, j->code);
    dossier_row_release(&a.row);
    dossier_row_release(&a.next);
    return rc == 0 && !j->out ? STORE_ERROR : rc;
}

int dossier_act(store *s, const char *code, json_t *body, const dossier_actor *who,
                const unsigned char *signing_key, int64_t now, json_t **out, org_error *err)
{
    act_job j = {code, body, who, signing_key, now, NULL, err};
    if (!json_is_object(body))
        return org_refuse(err, 422, "invalid_field", "action", "Cần thao tác.");
    int rc = store_write(s, do_act, &j);
    if (rc != 0) {
        json_decref(j.out);
        return dossier_store_failure(rc, err);
    }
    *out = j.out;
    return 0;
}
