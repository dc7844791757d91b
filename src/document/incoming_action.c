/* Handling văn bản đến (NĐ 30/2020 Điều 23, 24): the leader assigns it to
 * a lead unit, perhaps a handler and supporting units, with an instruction
 * and a deadline in working days (Điều 23 khoản 2, khoản 4); the handler
 * starts it, writes notes, completes it; the văn thư may instead return a
 * registered one to its sender (Điều 21 khoản 2). Each step is a trace
 * row, an audit entry and, for a document from a unit of this deployment,
 * the status (QCVN 102:2016, 02/04/05/06) on the sender's recipient row. */
#include "document/due.h"
#include "document/incoming.h"

#include "core/civil_date.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <string.h>

enum { SUPPORT_MAX = 20, ACTION_BAD_STATE = 1, ACTION_NOT_YOURS = 2 };

typedef struct {
    int64_t id, account_id;
    const char *scopes;         /* the caller's API token's (org_request_scopes); NULL: a session */
    const char *action;         /* the trace's and the audit's name, and steps.c's */
    const char *to;             /* NULL: the status stays */
    const char *note, *actor;
    int64_t now;
    bool assign, complete;
    int64_t handling, handler, due_at;
    int64_t support[SUPPORT_MAX];
    size_t support_count;
    const char *was;            /* out: the status it found (static text) */
} action_job;

static const char *status_name(const char *status)
{
    static const char *const names[][2] = {{"registered", "đã vào sổ"}, {"assigned", "đã giao xử lý"},
                                           {"in_progress", "đang xử lý"}, {"done", "đã xử lý xong"},
                                           {"refused", "đã trả lại nơi gửi"}};
    for (size_t i = 0; status && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(status, names[i][0]) == 0)
            return names[i][1];
    return status ? status : "";
}

/* Does the step start from this status (steps.c)? */
static bool starts_from(const char *action, const char *status)
{
    document_facts d = {.out = false};
    snprintf(d.status, sizeof d.status, "%s", status);
    return document_step_from(&d, action);
}

static document_facts facts_of(const incoming_row *row)
{
    document_facts d = {.id = row->id, .unit_id = row->unit_id, .handling_unit_id = row->handling_unit_id,
                        .handler_id = row->handler_id, .out = false};
    snprintf(d.status, sizeof d.status, "%s", row->status);
    return d;
}

/* The status it is in, as one of the static names (so it outlives the row). */
static const char *current_status(store_conn *c, int64_t id, int64_t *source)
{
    static const char *const all[] = {"registered", "assigned", "in_progress", "done", "refused"};
    store_stmt *st = store_prepare(c, "SELECT status, source_document_id FROM document WHERE id = ?");
    if (!st)
        return NULL;
    store_bind_int64(st, 1, id);
    const char *found = NULL;
    if (store_step(st) == STORE_ROW) {
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            if (strcmp(store_col_text(st, 0), all[i]) == 0)
                found = all[i];
        *source = store_col_is_null(st, 1) ? 0 : store_col_int64(st, 1);
    }
    store_reset(st);
    return found;
}

static int step_done(store_stmt *st)
{
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int write_assignment(store_conn *c, action_job *j)
{
    store_stmt *st = store_prepare(c, "UPDATE document SET handling_unit_id = ?, handler_account_id = ?,"
                                      " instruction = ?, due_at = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    char due[TIMEFMT_ISO_LEN];
    if (j->due_at)
        timefmt_iso_utc(j->due_at, due);
    store_bind_int64(st, 1, j->handling);
    if (j->handler > 0)
        store_bind_int64(st, 2, j->handler);
    else
        store_bind_null(st, 2);
    store_bind_text(st, 3, j->note);
    store_bind_text(st, 4, j->due_at ? due : NULL);
    store_bind_int64(st, 5, j->id);
    int rc = step_done(st);
    if (rc)
        return rc;
    /* A reassignment replaces the supporting units. */
    if (!(st = store_prepare(c, "DELETE FROM document_assignee WHERE document_id = ?")))
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    if ((rc = step_done(st)))
        return rc;
    for (size_t i = 0; i < j->support_count; i++) {
        if (!(st = store_prepare(c, "INSERT INTO document_assignee (document_id, unit_id) VALUES (?, ?)")))
            return STORE_ERROR;
        store_bind_int64(st, 1, j->id);
        store_bind_int64(st, 2, j->support[i]);
        if ((rc = step_done(st)))
            return rc;
    }
    return 0;
}

/* Inside the write, as the reader found before it: may the caller still
 * take the step (a reassignment in between names another handler)? */
static int still_yours(store_conn *c, const action_job *j)
{
    document_facts d;
    int rc = document_facts_load(c, j->id, &d);
    if (rc != 1)
        return rc < 0 ? rc : STORE_ERROR;
    bool yours = document_visible(c, j->account_id, j->id) &&
                 document_step_actor(c, j->account_id, j->scopes, &d, j->action);
    return yours ? 0 : ACTION_NOT_YOURS;
}

static int write_action(store_conn *c, void *ctx)
{
    action_job *j = ctx;
    int rc = still_yours(c, j);
    if (rc)
        return rc;
    int64_t source = 0;
    j->was = current_status(c, j->id, &source);
    if (!j->was)
        return STORE_ERROR;
    if (!starts_from(j->action, j->was))
        return ACTION_BAD_STATE;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    const char *to = j->to ? j->to : j->was;
    store_stmt *st = store_prepare(c, "UPDATE document SET status = ?, updated_at = ?,"
                                      " completed_at = CASE WHEN CAST(? AS INTEGER) = 1 THEN CAST(? AS TEXT)"
                                      " ELSE completed_at END WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, to);
    store_bind_text(st, 2, at);
    store_bind_int64(st, 3, j->complete ? 1 : 0);
    store_bind_text(st, 4, at);
    store_bind_int64(st, 5, j->id);
    rc = step_done(st);
    if (!rc && j->assign)
        rc = write_assignment(c, j);
    bool moved = strcmp(to, j->was) != 0 || j->assign;
    const char *code = moved ? document_status_code(to) : NULL;
    if (!rc)
        rc = document_event_add(c, j->id, at, j->actor, j->action, moved ? j->was : NULL, moved ? to : NULL, code,
                                j->note);
    if (!rc && code && source > 0)
        rc = document_recipient_report(c, j->id, code, j->note, at, j->actor);
    if (rc)
        return rc;
    json_t *summary = json_pack("{s:s, s:s, s:s?}", "from", j->was, "to", to, "note", j->note);
    if (j->assign) {
        json_object_set_new(summary, "handling_unit_id", json_integer(j->handling));
        json_object_set_new(summary, "handler_account_id", j->handler > 0 ? json_integer(j->handler) : json_null());
        json_object_set_new(summary, "support_units", json_integer((json_int_t)j->support_count));
    }
    char action[64];
    snprintf(action, sizeof action, "document.incoming.%s", j->action);
    return audit_record(c, j->actor, action, "document", j->id, summary);
}

/* 403 out_of_scope for one who may not take the step: the leader's and the
 * văn thư's steps name the unit, the handler's the document. */
static void reply_not_yours(web_request *req, const char *action)
{
    if (strcmp(action, "assign") == 0 || strcmp(action, "refuse") == 0)
        web_reply_error(req, 403, "out_of_scope", "unit", "Đơn vị này nằm ngoài phạm vi quản lý của bạn.");
    else
        web_reply_error(req, 403, "out_of_scope", "id",
                        "Văn bản này không được giao cho đồng chí hoặc đơn vị của đồng chí.");
}

/* Runs the job and answers: the document as it is now, 403 when the
 * caller may no longer take the step, 409 invalid_state when it was not
 * in a status the step starts from. */
static void run(web_request *req, org_state *os, action_job *j)
{
    j->account_id = org_caller(req);
    j->scopes = org_request_scopes(req);
    j->actor = req->who.subject;
    j->now = req->now_ms;
    int rc = store_write(os->store, write_action, j);
    if (rc == ACTION_NOT_YOURS) {
        reply_not_yours(req, j->action);
        return;
    }
    if (rc == ACTION_BAD_STATE) {
        web_reply_error(req, 409, "invalid_state", "status",
                        arena_printf(&req->arena, "Văn bản %s, không thể thực hiện việc này.", status_name(j->was)));
        return;
    }
    if (rc != 0) {
        incoming_reply_store(req, rc);
        return;
    }
    store_conn *c = store_reader(os->store);
    json_t *out = c ? incoming_json_as(c, j->id, req->now_ms, j->account_id, j->scopes) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

static bool state_refused(web_request *req, const incoming_row *row, const char *action)
{
    if (starts_from(action, row->status))
        return false;
    web_reply_error(req, 409, "invalid_state", "status",
                    arena_printf(&req->arena, "Văn bản %s, không thể thực hiện việc này.", status_name(row->status)));
    return true;
}

/* May the caller take the step (steps.c)? Else replies 403 out_of_scope.
 * The write asks again (still_yours). */
static bool may_step(web_request *req, store *s, const incoming_row *row, const char *action)
{
    store_conn *c = store_reader(s);
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    document_facts d = facts_of(row);
    if (document_step_actor(c, org_caller(req), org_request_scopes(req), &d, action))
        return true;
    reply_not_yours(req, action);
    return false;
}

/* --- assign ---------------------------------------------------------------- */

static bool unit_in_commune(web_request *req, store_conn *c, const char *code, int64_t commune, const char *field,
                            int64_t *unit)
{
    *unit = code ? incoming_unit_id(c, code) : 0;
    if (*unit > 0 && incoming_unit_inside(c, *unit, commune))
        return true;
    web_reply_error(req, 422, "invalid_field", field,
                    *unit > 0 ? "Đơn vị này không thuộc cơ quan nhận văn bản." : "Không có đơn vị có mã định danh này.");
    return false;
}

static bool read_support(web_request *req, store_conn *c, json_t *body, int64_t commune, action_job *j)
{
    json_t *list = json_object_get(body, "support_units");
    if (!list || json_is_null(list))
        return true;
    if (!json_is_array(list) || json_array_size(list) > SUPPORT_MAX) {
        web_reply_error(req, 422, "invalid_field", "support_units",
                        "Đơn vị phối hợp là một mảng mã định danh (tối đa 20).");
        return false;
    }
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        int64_t unit;
        if (!unit_in_commune(req, c, json_string_value(v), commune, arena_printf(&req->arena, "support_units[%zu]", i),
                             &unit))
            return false;
        bool seen = unit == j->handling;
        for (size_t k = 0; k < j->support_count; k++)
            seen = seen || j->support[k] == unit;
        if (!seen)
            j->support[j->support_count++] = unit;
    }
    return true;
}

/* Điều 23 khoản 2, 4: the deadline, in the lead unit's working days. */
static bool read_due(web_request *req, store_conn *c, json_t *body, action_job *j)
{
    int64_t days = 0;
    const char *date;
    if (!web_json_int(req, body, "due_days", 1, DOCUMENT_DUE_DAYS_MAX, false, &days) ||
        !web_json_string(req, body, "due_date", 10, 10, false, &date))
        return false;
    if (days && date) {
        web_reply_error(req, 422, "invalid_field", "due_date", "Chỉ ghi một trong hai: số ngày làm việc hoặc ngày hạn.");
        return false;
    }
    org_calendar cal;
    if (!incoming_clock(c, &req->arena, j->handling, req->now_ms, &cal)) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    if (!document_due_compute(&cal.clock, req->now_ms, (int)days, date, &j->due_at)) {
        web_reply_error(req, 422, "invalid_field", days ? "due_days" : "due_date",
                        days ? "Hạn xử lý vượt quá lịch làm việc đã có."
                             : "Ngày hạn dạng YYYY-MM-DD, là ngày có thật và không trước hôm nay.");
        return false;
    }
    if (days || date)
        return true;
    /* No deadline given: the one written on the document (field 18), if any. */
    store_stmt *st = store_prepare(c, "SELECT due_date FROM document WHERE id = ?");
    if (!st)
        return true;
    store_bind_int64(st, 1, j->id);
    civil_date d;
    if (store_step(st) == STORE_ROW && store_col_text(st, 0) && civil_date_parse(store_col_text(st, 0), &d))
        j->due_at = deadline_instant(civil_day_number(d), cal.clock.hours.afternoon_close);
    store_reset(st);
    return true;
}

static void post_assign(web_request *req, void *ctx)
{
    org_state *os = ctx;
    incoming_row row;
    if (!incoming_find(req, os->store, &row) || !may_step(req, os->store, &row, "assign") ||
        state_refused(req, &row, "assign"))
        return;
    action_job j = {.id = row.id, .action = "assign", .to = "assigned", .assign = true};
    const char *unit_code, *handler;
    store_conn *c = store_reader(os->store);
    if (!web_json_string(req, req->json, "handling_unit", 1, 13, true, &unit_code) ||
        !web_json_string(req, req->json, "handler", 0, 64, false, &handler) ||
        !web_json_string(req, req->json, "instruction", 1, 2000, true, &j.note))
        return;
    int64_t commune = c ? document_commune_of(c, row.unit_id) : 0;
    if (commune <= 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!unit_in_commune(req, c, unit_code, commune, "handling_unit", &j.handling) ||
        !read_support(req, c, req->json, commune, &j))
        return;
    if (handler && *handler) {
        j.handler = org_lookup_id(c, "SELECT id FROM account WHERE username = ? AND status = 'active'", handler);
        if (j.handler <= 0 || !document_may_be(c, j.handler, "handle", j.handling)) {
            web_reply_error(req, 422, "invalid_field", "handler",
                            "Người xử lý phải là tài khoản có quyền xử lý văn bản trong đơn vị chủ trì.");
            return;
        }
    }
    if (!read_due(req, c, req->json, &j))
        return;
    run(req, os, &j);
}

/* --- the handler's steps -------------------------------------------------- */

static void post_start(web_request *req, void *ctx)
{
    org_state *os = ctx;
    incoming_row row;
    if (!incoming_find(req, os->store, &row) || state_refused(req, &row, "start") ||
        !may_step(req, os->store, &row, "start"))
        return;
    action_job j = {.id = row.id, .action = "start", .to = "in_progress"};
    run(req, os, &j);
}

static void post_note(web_request *req, void *ctx)
{
    org_state *os = ctx;
    incoming_row row;
    if (!incoming_find(req, os->store, &row) || state_refused(req, &row, "note") ||
        !may_step(req, os->store, &row, "note"))
        return;
    action_job j = {.id = row.id, .action = "note", .to = "in_progress"};
    if (!web_json_string(req, req->json, "note", 1, 2000, true, &j.note))
        return;
    run(req, os, &j);
}

static void post_complete(web_request *req, void *ctx)
{
    org_state *os = ctx;
    incoming_row row;
    if (!incoming_find(req, os->store, &row) || state_refused(req, &row, "complete") ||
        !may_step(req, os->store, &row, "complete"))
        return;
    action_job j = {.id = row.id, .action = "complete", .to = "done", .complete = true};
    if (!web_json_string(req, req->json, "note", 0, 2000, false, &j.note))
        return;
    run(req, os, &j);
}

/* Điều 21 khoản 2: the văn thư returns a document that fails the check or
 * was sent to the wrong organ, with the reason, before it is handled. */
static void post_refuse(web_request *req, void *ctx)
{
    org_state *os = ctx;
    incoming_row row;
    if (!incoming_find(req, os->store, &row) || !may_step(req, os->store, &row, "refuse") ||
        state_refused(req, &row, "refuse"))
        return;
    action_job j = {.id = row.id, .action = "refuse", .to = "refused"};
    if (!web_json_string(req, req->json, "reason", 1, 2000, true, &j.note))
        return;
    run(req, os, &j);
}

int document_in_action_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/documents/incoming/{id}/assign", .handler = post_assign, .ctx = st,
         .permission = "document.assign", .flags = WEB_JSON_BODY},
        {.method = "POST", .pattern = "/api/v1/documents/incoming/{id}/start", .handler = post_start, .ctx = st,
         .permission = "document.handle", .flags = WEB_JSON_BODY},
        {.method = "POST", .pattern = "/api/v1/documents/incoming/{id}/note", .handler = post_note, .ctx = st,
         .permission = "document.handle", .flags = WEB_JSON_BODY},
        {.method = "POST", .pattern = "/api/v1/documents/incoming/{id}/complete", .handler = post_complete, .ctx = st,
         .permission = "document.handle", .flags = WEB_JSON_BODY},
        {.method = "POST", .pattern = "/api/v1/documents/incoming/{id}/refuse", .handler = post_refuse, .ctx = st,
         .permission = "document.clerk", .flags = WEB_JSON_BODY},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
