/* Reading văn bản đi: the list a unit's officials see and one document
 * whole. A confidential one (Điều 15 khoản 2) is shown only to the
 * accounts named on it and its drafter and signer; to anyone else it does
 * not exist. */
#include "document/outgoing.h"

#include "core/fold.h"
#include "org/permission.h"

#include <stdlib.h>
#include <string.h>

static json_t *recipients_of(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT r.id, u.agency_code, r.organ_id, r.organ_name, r.delivered_id, r.status,"
                                      " r.status_note, r.status_at FROM document_recipient r"
                                      " LEFT JOIN unit u ON u.id = r.unit_id WHERE r.document_id = ? ORDER BY r.id");
    json_t *out = json_array();
    if (!st)
        return out;
    store_bind_int64(st, 1, id);
    while (store_step(st) == STORE_ROW) {
        json_t *r = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)store_col_int64(st, 0), "kind",
                              store_col_is_null(st, 1) ? "external" : "internal", "organ_name", store_col_text(st, 3));
        json_object_set_new(r, "unit", document_col_text(st, 1));
        json_object_set_new(r, "organ_id", document_col_text(st, 2));
        json_object_set_new(r, "delivered_id", document_col_int(st, 4));
        json_object_set_new(r, "status", document_col_text(st, 5));
        json_object_set_new(r, "status_note", document_col_text(st, 6));
        json_object_set_new(r, "status_at", document_col_text(st, 7));
        json_array_append_new(out, r);
    }
    store_reset(st);
    return out;
}

static json_t *signature_of(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT s.key_id, s.file_sha256, s.signed_at, s.signature, k.public_key,"
                                      " k.revoked_at FROM document_signature s JOIN signing_key k ON k.id = s.key_id"
                                      " WHERE s.document_id = ? ORDER BY s.id DESC LIMIT 1");
    if (!st)
        return json_null();
    store_bind_int64(st, 1, id);
    json_t *out = store_step(st) == STORE_ROW
                      ? json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?}", "key_id", (json_int_t)store_col_int64(st, 0),
                                  "covered_sha256", store_col_text(st, 1), "signed_at", store_col_text(st, 2),
                                  "signature", store_col_text(st, 3), "public_key", store_col_text(st, 4),
                                  "key_revoked_at", store_col_text(st, 5))
                      : json_null();
    store_reset(st);
    return out;
}

/* The columns of the list and of the whole document, in this order. */
#define OUT_COLUMNS                                                                                               \
    "d.id, d.status, u.agency_code, u.name, d.type_code, d.type_name, d.code_number, d.code_notation,"            \
    " d.issued_date, d.organ_name, d.organ_id, d.subject, d.urgency, d.secrecy, d.year, d.seq, d.signed_at,"      \
    " d.issued_at, d.sent_at, d.created_by, d.created_at, d.updated_at, du.agency_code, dr.username,"             \
    " sg.username, d.signer_position, d.signer_full_name, d.due_date, d.file_sha256, d.register, dr.full_name,"   \
    " sg.full_name"

static json_t *summary_row(store_stmt *st)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                          (json_int_t)store_col_int64(st, 0), "direction", "out", "status", store_col_text(st, 1),
                          "unit", store_col_text(st, 2), "unit_name", store_col_text(st, 3), "type_code",
                          store_col_text(st, 4), "type_name", store_col_text(st, 5), "organ_name",
                          store_col_text(st, 9), "subject", store_col_text(st, 11), "urgency", store_col_text(st, 12),
                          "secrecy", store_col_text(st, 13), "created_by", store_col_text(st, 19));
    const char *number = store_col_text(st, 6), *notation = store_col_text(st, 7);
    json_object_set_new(o, "number", document_number_json(number, notation));
    json_object_set_new(o, "code_number", document_col_text(st, 6));
    json_object_set_new(o, "code_notation", document_col_text(st, 7));
    json_object_set_new(o, "issued_date", document_col_text(st, 8));
    json_object_set_new(o, "organ_id", document_col_text(st, 10));
    json_object_set_new(o, "year", document_col_int(st, 14));
    json_object_set_new(o, "seq", document_col_int(st, 15));
    json_object_set_new(o, "signed_at", document_col_text(st, 16));
    json_object_set_new(o, "issued_at", document_col_text(st, 17));
    json_object_set_new(o, "sent_at", document_col_text(st, 18));
    json_object_set_new(o, "created_at", document_col_text(st, 20));
    json_object_set_new(o, "updated_at", document_col_text(st, 21));
    json_object_set_new(o, "drafting_unit", document_col_text(st, 22));
    json_object_set_new(o, "drafter", document_col_text(st, 23));
    json_object_set_new(o, "signer", document_col_text(st, 24));
    json_object_set_new(o, "signer_position", document_col_text(st, 25));
    json_object_set_new(o, "signer_full_name", document_col_text(st, 26));
    json_object_set_new(o, "due_date", document_col_text(st, 27));
    json_object_set_new(o, "file_sha256", document_col_text(st, 28));
    json_object_set_new(o, "register", document_col_text(st, 29));
    /* The accounts' names, for the page; signer_full_name is what the signed file prints. */
    json_object_set_new(o, "drafter_name", document_col_text(st, 30));
    json_object_set_new(o, "signer_name", document_col_text(st, 31));
    return o;
}

#define OUT_FROM                                                                                                  \
    " FROM document d JOIN unit u ON u.id = d.unit_id LEFT JOIN unit du ON du.id = d.drafting_unit_id"          \
    " LEFT JOIN account dr ON dr.id = d.drafter_account_id LEFT JOIN account sg ON sg.id = d.signer_account_id"

json_t *document_out_json(store_conn *c, int64_t id, int64_t viewer, const char *scopes)
{
    store_stmt *st = store_prepare(c, "SELECT " OUT_COLUMNS ", d.content, d.language, d.page_amount, d.description,"
                                      " d.issued_amount, d.file_name, d.reply_to_id" OUT_FROM
                                      " WHERE d.id = ? AND d.direction = 'out'");
    if (!st)
        return NULL;
    store_bind_int64(st, 1, id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return NULL;
    }
    json_t *o = summary_row(st);
    json_object_set_new(o, "content", document_col_text(st, 32));
    json_object_set_new(o, "language", document_col_text(st, 33));
    json_object_set_new(o, "page_amount", document_col_int(st, 34));
    json_object_set_new(o, "description", document_col_text(st, 35));
    json_object_set_new(o, "issued_amount", document_col_int(st, 36));
    json_object_set_new(o, "file_name", document_col_text(st, 37));
    json_object_set_new(o, "reply_to", document_col_int(st, 38));
    store_reset(st);
    json_object_set_new(o, "files", document_files_json(c, id));
    json_object_set_new(o, "recipients", recipients_of(c, id));
    json_object_set_new(o, "access", document_access_json(c, id));
    json_object_set_new(o, "events", document_events_json(c, id));
    json_object_set_new(o, "signature", signature_of(c, id));
    json_object_set_new(o, "allowed_actions", document_allowed_json(c, viewer, scopes, id));
    return o;
}

bool document_out_visible_id(web_request *req, store *s, const char *param, int64_t *id)
{
    store_conn *c = store_reader(s);
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    if (document_path_id(req, param, id) && document_visible(c, org_caller(req), *id))
        return true;
    web_reply_error(req, 404, "not_found", param, "Không có văn bản này.");
    return false;
}

static void get_outgoing(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t id;
    if (!document_out_visible_id(req, st->store, "id", &id))
        return;
    json_t *out = document_out_json(store_reader(st->store), id, org_caller(req), org_request_scopes(req));
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 404, "not_found", "id", "Không có văn bản đi này.");
}

static bool status_known(const char *s)
{
    static const char *const known[] = {"draft", "review", "signed", "issued", "sent", "withdrawn"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(s, known[i]) == 0)
            return true;
    return false;
}

/* GET /api/v1/documents/outgoing?status=&year=&q=&unit=: newest first; q
 * matches the trích yếu folded for diacritics ("quyet dinh" finds
 * "Quyết định"), as every search does. */
static void list_outgoing(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *status = web_query(req, "status"), *q = web_query(req, "q"), *unit = web_query(req, "unit");
    long year = 0, limit = 100;
    if (!web_query_int(req, "year", 1900, 9999, "Năm gồm bốn chữ số.", &year) ||
        !web_query_int(req, "limit", 1, 500, "Số dòng từ 1 đến 500.", &limit))
        return;
    if (status && !status_known(status)) {
        web_reply_error(req, 422, "invalid_field", "status",
                        "Trạng thái: draft, review, signed, issued, sent hoặc withdrawn.");
        return;
    }
    if (q && strlen(q) > 200) {
        web_reply_error(req, 422, "invalid_field", "q", "Từ khóa tối đa 200 ký tự.");
        return;
    }
    int64_t unit_id = 0;
    if (unit && !org_resolve_unit(req, st->store, "document.read", ORG_REACH_NEAR, unit, &unit_id, &unit))
        return;
    store_stmt *s = org_read_stmt(
        req, st->store,
        "SELECT " OUT_COLUMNS OUT_FROM " WHERE d.direction = 'out' AND d.unit_id IN " ORG_NEAR_UNITS(1, 2)
        " AND (d.secrecy = '' OR d.drafter_account_id = ?1 OR d.signer_account_id = ?1 OR EXISTS (SELECT 1 FROM"
        " document_access x WHERE x.document_id = d.id AND x.account_id = ?1))"
        " AND (CAST(?3 AS TEXT) = '' OR d.status = ?3) AND (CAST(?4 AS BIGINT) = 0 OR d.unit_id = ?4)"
        " AND (CAST(?5 AS BIGINT) = 0 OR COALESCE(d.year, CAST(SUBSTR(d.created_at, 1, 4) AS INTEGER)) = ?5)"
        " ORDER BY d.id DESC");
    if (!s)
        return;
    store_bind_int64(s, 1, org_caller(req));
    store_bind_text(s, 2, org_permission_roles("document.read"));
    store_bind_text(s, 3, status ? status : "");
    store_bind_int64(s, 4, unit_id);
    store_bind_int64(s, 5, year);
    char *folded_q = NULL;
    if (q && *q) {
        folded_q = arena_alloc(&req->arena, strlen(q) + 1);
        text_fold(q, folded_q, strlen(q) + 1);
    }
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(s)) == STORE_ROW && json_array_size(items) < (size_t)limit) {
        if (folded_q && *folded_q) {
            const char *subject = store_col_text(s, 11);
            char *folded = malloc(strlen(subject) + 1);
            bool match = folded && (text_fold(subject, folded, strlen(subject) + 1), strstr(folded, folded_q));
            free(folded);
            if (!match)
                continue;
        }
        json_array_append_new(items, summary_row(s));
    }
    store_reset(s);
    if (rc < 0) {
        json_decref(items);
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

int document_read_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/documents/outgoing", .handler = list_outgoing, .ctx = st,
         .permission = "document.read"},
        {.method = "GET", .pattern = "/api/v1/documents/outgoing/{id}", .handler = get_outgoing, .ctx = st,
         .permission = "document.read"},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
