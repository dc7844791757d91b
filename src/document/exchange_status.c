/* edXML status messages (QCVN 102:2016, codes 01–06): the one this unit
 * returns to an outside sender about a document it received (NĐ 30/2020
 * Điều 21 khoản 2: the sender learns the same day that it arrived, or that
 * it was refused), and the one an outside receiver returns about a
 * document this unit sent, recorded on its recipient row. */
#include "document/exchange.h"

#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The code that says where an incoming document stands (01 for a status
 * that has none: it has arrived). */
static const char *code_of_status(const char *status)
{
    const char *code = document_status_code(status);
    return code ? code : "01";
}

typedef struct incoming {
    int64_t id, unit_id;
    const char *status, *code_number, *code_notation, *issued_date, *organ_id, *document_id, *description;
} incoming;

static int load_incoming(store_conn *c, arena *a, int64_t id, incoming *d)
{
    store_stmt *st = store_prepare(c, "SELECT unit_id, status, code_number, code_notation, issued_date, organ_id,"
                                      " edxml_document_id, (SELECT note FROM document_event e WHERE e.document_id = d.id"
                                      " AND e.action = 'refuse' ORDER BY e.id DESC LIMIT 1)"
                                      " FROM document d WHERE id = ? AND direction = 'in'");
    if (!st)
        return -1;
    store_bind_int64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        d->id = id;
        d->unit_id = store_col_int64(st, 0);
        d->status = exchange_col(a, st, 1);
        d->code_number = exchange_col(a, st, 2);
        d->code_notation = exchange_col(a, st, 3);
        d->issued_date = exchange_col(a, st, 4);
        d->organ_id = exchange_col(a, st, 5);
        d->document_id = exchange_col(a, st, 6);
        d->description = exchange_col(a, st, 7);
    }
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : -1;
}

typedef struct status_job {
    int64_t document_id, recipient_id;
    const char *actor, *code, *note, *organ, *text;
    int64_t now;
} status_job;

/* The status sent back is a step of the incoming document's trace. */
static int write_status_out(store_conn *c, void *ctx)
{
    status_job *j = ctx;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    int rc = document_event_add(c, j->document_id, at, j->actor, "edxml_status_out", NULL, NULL, j->code, j->note);
    if (rc)
        return rc;
    return audit_record(c, j->actor, "document.edxml_status_out", "document", j->document_id,
                        json_pack("{s:s, s:s}", "status_code", j->code, "to", j->organ));
}

static bool status_code_ok(const char *code)
{
    return edxml_status_name(code) != NULL;
}

static void get_status(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t id;
    if (!document_path_id(req, "id", &id)) {
        web_reply_error(req, 404, "not_found", "id", "Không có văn bản này.");
        return;
    }
    const char *code = web_query(req, "code");
    if (code && !status_code_ok(code)) {
        web_reply_error(req, 422, "invalid_field", "code", "Mã trạng thái là 01 đến 06 (QCVN 102:2016).");
        return;
    }
    store_conn *c = store_reader(st->store);
    incoming d = {0};
    int rc = c ? load_incoming(c, &req->arena, id, &d) : -1;
    if (rc < 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (rc > 0 || !document_visible(c, org_caller(req), id)) {
        web_reply_error(req, 404, "not_found", "id", "Không có văn bản đến này.");
        return;
    }
    if (!org_require_unit(req, st->store, "document.clerk", d.unit_id, ORG_REACH_NEAR))
        return;
    if (!d.organ_id || !d.document_id) {
        web_reply_error(req, 409, "not_edxml", "id",
                        "Văn bản này không đến qua edXML: không có mã định danh và DocumentId của nơi gửi.");
        return;
    }
    if (!code)
        code = code_of_status(d.status);
    edxml_status s = {.status_code = code};
    char date[11], stamp[20];
    s.response_for.organ_id = d.organ_id;
    s.response_for.document_id = d.document_id;
    s.response_for.code = d.code_number && d.code_notation
                              ? arena_printf(&req->arena, "%s/%s", d.code_number, d.code_notation) : NULL;
    s.response_for.promulgation_date = d.issued_date && edxml_date_out(d.issued_date, date) ? date : NULL;
    if (!exchange_unit(c, &req->arena, d.unit_id, &s.from)) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    s.description = strcmp(code, "02") == 0 && d.description ? d.description : edxml_status_name(code);
    exchange_local_time(req->now_ms, stamp);
    s.timestamp = stamp;
    exchange_staff(c, &req->arena, org_caller(req), s.from.organ_name, &s.staff);
    size_t len;
    char *xml = edxml_status_write(&s, &len);
    char *body = xml ? arena_alloc(&req->arena, len + 1) : NULL;
    if (body)
        memcpy(body, xml, len);
    free(xml);
    status_job j = {.document_id = id, .actor = req->who.subject, .code = code, .organ = d.organ_id,
                    .note = arena_printf(&req->arena, "Gói trạng thái %s (%s) gửi %s", code, edxml_status_name(code),
                                         d.organ_id),
                    .now = req->now_ms};
    if (!body || store_write(st->store, write_status_out, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_add_attachment_name(req, arena_printf(&req->arena, "trang-thai-%s-%lld.edxml", code, (long long)id));
    web_reply_bytes(req, 200, "application/xml; charset=utf-8", body, len);
}

/* The outgoing document a status is about (its DocumentId), and the row of
 * the organ reporting it. 0 found, 1 no document, 2 no such recipient, -1. */
static int find_recipient(store_conn *c, const edxml_status *s, int64_t *document_id, int64_t *unit_id,
                          int64_t *recipient_id)
{
    store_stmt *st = store_prepare(c, "SELECT id, unit_id FROM document WHERE direction = 'out'"
                                      " AND edxml_document_id = ? ORDER BY id");
    if (!st)
        return -1;
    store_bind_text(st, 1, s->response_for.document_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *document_id = store_col_int64(st, 0);
        *unit_id = store_col_int64(st, 1);
    }
    store_reset(st);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? 1 : -1;
    st = store_prepare(c, "SELECT r.id FROM document_recipient r LEFT JOIN unit u ON u.id = r.unit_id"
                          " WHERE r.document_id = ? AND coalesce(r.organ_id, u.agency_code) = ? ORDER BY r.id");
    if (!st)
        return -1;
    store_bind_int64(st, 1, *document_id);
    store_bind_text(st, 2, s->from.organ_id);
    rc = store_step(st);
    if (rc == STORE_ROW)
        *recipient_id = store_col_int64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 2 : -1;
}

static int write_status_in(store_conn *c, void *ctx)
{
    status_job *j = ctx;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    store_stmt *st = store_prepare(c, "UPDATE document_recipient SET status = ?, status_note = ?, status_at = ?"
                                      " WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->code);
    store_bind_text(st, 2, j->note);
    store_bind_text(st, 3, at);
    store_bind_int64(st, 4, j->recipient_id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if ((rc = document_event_add(c, j->document_id, at, j->actor, "edxml_status", NULL, NULL, j->code, j->text)))
        return rc;
    return audit_record(c, j->actor, "document.edxml_status", "document", j->document_id,
                        json_pack("{s:I, s:s, s:s}", "recipient", (json_int_t)j->recipient_id, "status_code", j->code,
                                  "from", j->organ));
}

static void post_status(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *xml;
    size_t len;
    if (!exchange_body(req, &xml, &len))
        return;
    edxml_status s;
    edxml_error err;
    if (edxml_status_read(&req->arena, xml, len, &s, &err) != 0) {
        exchange_refuse(req, &err);
        return;
    }
    store_conn *c = store_reader(st->store);
    int64_t document_id = 0, unit_id = 0, recipient_id = 0;
    int rc = c ? find_recipient(c, &s, &document_id, &unit_id, &recipient_id) : -1;
    if (rc < 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    /* A document the caller may not see is answered as one that is not there. */
    if (rc == 1 || !document_visible(c, org_caller(req), document_id) ||
        !org_may_near(c, org_caller(req), "document.clerk", unit_id)) {
        web_reply_error(req, 404, "not_found", "ResponseFor/DocumentId", "Không có văn bản đi nào mang DocumentId này.");
        return;
    }
    if (rc == 2) {
        web_reply_error(req, 404, "not_found", "From/OrganId", "Văn bản không gửi đến cơ quan này (From/OrganId).");
        return;
    }
    if (s.description && strlen(s.description) > 2000) {
        web_reply_error(req, 422, "edxml_invalid", "Description", "Mô tả trạng thái dài quá 2000 byte.");
        return;
    }
    status_job j = {.document_id = document_id, .recipient_id = recipient_id, .actor = req->who.subject,
                    .code = s.status_code, .note = s.description, .organ = s.from.organ_id, .now = req->now_ms,
                    /* in the arena, whole: a fixed buffer cut a description inside a character */
                    .text = arena_printf(&req->arena, "%s: %s%s%s", s.from.organ_id, edxml_status_name(s.status_code),
                                         s.description ? " — " : "", s.description ? s.description : "")};
    if (!j.text || store_write(st->store, write_status_in, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:I, s:I, s:s, s:s, s:s?}", "document_id", (json_int_t)document_id,
                                       "recipient_id", (json_int_t)recipient_id, "status", s.status_code,
                                       "status_name", edxml_status_name(s.status_code), "note", s.description));
}

int document_exchange_status_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/documents/incoming/{id}/edxml-status", .handler = get_status, .ctx = st,
         .permission = "document.clerk"},
        {.method = "POST", .pattern = "/api/v1/documents/edxml-status", .handler = post_status, .ctx = st,
         .permission = "document.clerk", .max_body = 1u << 20},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
