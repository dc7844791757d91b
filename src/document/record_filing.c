/* Lập hồ sơ: filing a document into a work record of its unit (NĐ 30/2020
 * Điều 29: the one who handles a matter files its documents; PL VI Phần II
 * Mục I–II fields 1–2: the document's Mã hồ sơ and its ordinal in the
 * record), taking it out again while the record is open, and moving it from
 * one open record to another when asked in so many words. */
#include "document/record.h"

#include "core/record_code.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int64_t record_id, unit_id, document_id;
    bool move;
    const char *actor, *file_code;
    int64_t now;
    int64_t ordinal, from_record;
    const char *code, *field, *message;
    char text[200];
} filing_job;

/* A trace note, written into buf. */
static const char *note(char *buf, size_t len, const char *format, ...) __attribute__((format(printf, 3, 4)));
static const char *note(char *buf, size_t len, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(buf, len, format, ap);
    va_end(ap);
    return buf;
}

static int refuse(filing_job *j, int status, const char *code, const char *field, const char *message)
{
    j->code = code;
    j->field = field;
    j->message = message;
    return status;
}

/* The record's status inside the write: 1 open, 0 not (closed, archived),
 * or a STORE_ code; its file code into code when asked. */
static int record_open(store_conn *c, int64_t record_id, char *code, size_t len)
{
    store_stmt *st = store_prepare(c, "SELECT r.status, u.agency_code, r.year, r.file_notation FROM work_record r"
                                      " JOIN unit u ON u.id = r.unit_id WHERE r.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, record_id);
    int rc = store_step(st);
    int open = rc == STORE_ROW && strcmp(store_col_text(st, 0), "open") == 0;
    if (rc == STORE_ROW && code)
        record_file_code(store_col_text(st, 1), (int)store_col_int64(st, 2), store_col_text(st, 3), code, len);
    store_reset(st);
    return rc == STORE_ROW ? open : rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* Takes the document out of its record and closes the gap, so the record's
 * ordinals stay 1..n. The shift goes through negative values: UNIQUE
 * (record_id, doc_ordinal) is checked row by row on both databases. */
static int unfile(store_conn *c, int64_t document_id, int64_t record_id, int64_t ordinal, const char *at)
{
    static const char *const sql[] = {
        "UPDATE document SET record_id = NULL, doc_ordinal = NULL, updated_at = ?3 WHERE id = ?1 AND record_id = ?2",
        "UPDATE document SET doc_ordinal = -(doc_ordinal - 1) WHERE record_id = ?2 AND doc_ordinal > ?4"
        " AND CAST(?1 AS BIGINT) IS NOT NULL AND CAST(?3 AS TEXT) IS NOT NULL",
        "UPDATE document SET doc_ordinal = -doc_ordinal WHERE record_id = ?2 AND doc_ordinal < 0"
        " AND CAST(?1 AS BIGINT) IS NOT NULL AND CAST(?3 AS TEXT) IS NOT NULL AND CAST(?4 AS BIGINT) IS NOT NULL",
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        store_stmt *st = store_prepare(c, sql[i]);
        if (!st)
            return STORE_ERROR;
        store_bind_int64(st, 1, document_id);
        store_bind_int64(st, 2, record_id);
        store_bind_text(st, 3, at);
        store_bind_int64(st, 4, ordinal);
        int rc = store_step(st);
        store_reset(st);
        if (rc != STORE_DONE)
            return rc < 0 ? rc : STORE_ERROR;
    }
    return 0;
}

/* Statuses at which a document exists as a document: an outgoing one once
 * signed (it has its number), an incoming one once registered and not sent
 * back. Drafts, withdrawn and refused ones are not filed. */
static bool fileable(const char *status)
{
    static const char *const ok[] = {"signed", "issued", "sent", "registered", "assigned", "in_progress", "done"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(status, ok[i]) == 0)
            return true;
    return false;
}

static int write_file(store_conn *c, void *ctx)
{
    filing_job *j = ctx;
    char code[RECORD_FILE_CODE_LEN];
    int open = record_open(c, j->record_id, code, sizeof code);
    if (open < 0)
        return open;
    if (!open)
        return refuse(j, 409, "record_closed", "id", "Hồ sơ đã kết thúc: không thêm văn bản được nữa.");
    store_stmt *st = store_prepare(c, "SELECT status, unit_id, drafting_unit_id, handling_unit_id,"
                                      " record_id, doc_ordinal FROM document WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->document_id);
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        store_reset(st);
        return rc == STORE_DONE ? refuse(j, 404, "not_found", "document_id", "Không có văn bản này.") : STORE_ERROR;
    }
    bool ours = store_col_int64(st, 1) == j->unit_id || store_col_int64(st, 2) == j->unit_id ||
                store_col_int64(st, 3) == j->unit_id;
    bool can = fileable(store_col_text(st, 0));
    int64_t filed_in = store_col_int64(st, 4), filed_at = store_col_int64(st, 5);
    store_reset(st);
    /* A record holds its own unit's documents: issued, received, drafted
     * or handled there (Điều 28: each unit's catalog). */
    if (!ours)
        return refuse(j, 422, "wrong_unit", "document_id", "Văn bản không thuộc đơn vị lập hồ sơ này.");
    if (!can)
        return refuse(j, 409, "document_not_final", "document_id",
                      "Chỉ lập hồ sơ văn bản đi đã ký số hoặc văn bản đến đã vào sổ (không phải bản dự thảo, văn bản"
                      " đã thu hồi hay đã trả lại).");
    if (filed_in == j->record_id)
        return refuse(j, 409, "already_filed", "document_id", "Văn bản đã có trong hồ sơ này.");
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    if (filed_in) {
        char other[RECORD_FILE_CODE_LEN];
        int other_open = record_open(c, filed_in, other, sizeof other);
        if (other_open < 0)
            return other_open;
        if (!j->move) {
            snprintf(j->text, sizeof j->text, "Văn bản đã được lập vào hồ sơ %s; gửi \"move\": true để chuyển.", other);
            return refuse(j, 409, "already_filed", "document_id", j->text);
        }
        if (!other_open) {
            snprintf(j->text, sizeof j->text, "Văn bản nằm trong hồ sơ %s đã kết thúc: không chuyển được.", other);
            return refuse(j, 409, "record_closed", "move", j->text);
        }
        rc = unfile(c, j->document_id, filed_in, filed_at, at);
        if (rc)
            return rc;
        rc = document_event_add(c, j->document_id, at, j->actor, "unfile", NULL, NULL, NULL,
                                note(j->text, sizeof j->text, "Chuyển khỏi hồ sơ %s", other));
        if (rc)
            return rc;
        j->from_record = filed_in;
    }
    st = store_prepare(c, "UPDATE document SET record_id = ?1, updated_at = ?3, doc_ordinal ="
                          " (SELECT COALESCE(MAX(x.doc_ordinal), 0) + 1 FROM document x WHERE x.record_id = ?1)"
                          " WHERE id = ?2 RETURNING doc_ordinal");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->record_id);
    store_bind_int64(st, 2, j->document_id);
    store_bind_text(st, 3, at);
    rc = store_step(st);
    if (rc == STORE_ROW)
        j->ordinal = store_col_int64(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return rc < 0 ? rc : STORE_ERROR;
    rc = document_event_add(c, j->document_id, at, j->actor, "file", NULL, NULL, NULL,
                            note(j->text, sizeof j->text, "Lập vào hồ sơ %s, số thứ tự %lld", code,
                                                (long long)j->ordinal));
    if (rc)
        return rc;
    json_t *summary = json_pack("{s:I, s:I}", "document_id", (json_int_t)j->document_id, "ordinal",
                                (json_int_t)j->ordinal);
    if (j->from_record)
        json_object_set_new(summary, "moved_from", json_integer(j->from_record));
    return audit_record(c, j->actor, "work_record.file", "work_record", j->record_id, summary);
}

static int write_unfile(store_conn *c, void *ctx)
{
    filing_job *j = ctx;
    char code[RECORD_FILE_CODE_LEN];
    int open = record_open(c, j->record_id, code, sizeof code);
    if (open < 0)
        return open;
    if (!open)
        return refuse(j, 409, "record_closed", "id", "Hồ sơ đã kết thúc: không bớt văn bản được nữa.");
    store_stmt *st = store_prepare(c, "SELECT doc_ordinal FROM document WHERE id = ? AND record_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->document_id);
    store_bind_int64(st, 2, j->record_id);
    int rc = store_step(st);
    j->ordinal = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? refuse(j, 404, "not_found", "document_id", "Văn bản không có trong hồ sơ này.")
                                : STORE_ERROR;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    rc = unfile(c, j->document_id, j->record_id, j->ordinal, at);
    if (!rc)
        rc = document_event_add(c, j->document_id, at, j->actor, "unfile", NULL, NULL, NULL,
                                note(j->text, sizeof j->text, "Rút khỏi hồ sơ %s", code));
    return rc ? rc
              : audit_record(c, j->actor, "work_record.unfile", "work_record", j->record_id,
                             json_pack("{s:I, s:I}", "document_id", (json_int_t)j->document_id, "ordinal",
                                       (json_int_t)j->ordinal));
}

static void reply_filed(web_request *req, org_state *st, int rc, const filing_job *j)
{
    if (rc > 0) {
        web_reply_error(req, rc, j->code, j->field, j->message);
        return;
    }
    work_record_row r;
    store_conn *c = store_reader(st->store);
    if (rc < 0 || !c || work_record_read(c, &req->arena, j->record_id, &r) != 1) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    json_t *out = work_record_json(&r);
    json_object_set_new(out, "document_id", json_integer(j->document_id));
    json_object_set_new(out, "doc_ordinal", j->ordinal ? json_integer(j->ordinal) : json_null());
    web_reply_json(req, 200, out);
}

/* Nobody learns from a refusal that a confidential document they may not
 * see exists: it answers as a missing one (the document part's rule). */
static bool document_seen(web_request *req, org_state *st, int64_t document_id)
{
    store_conn *c = store_reader(st->store);
    if (c && document_visible(c, org_caller(req), document_id))
        return true;
    web_reply_error(req, c ? 404 : 503, c ? "not_found" : "unavailable", "document_id",
                    c ? "Không có văn bản này." : NULL);
    return false;
}

/* POST /api/v1/work-records/{id}/documents {document_id, move?} */
static void file_document(web_request *req, void *ctx)
{
    org_state *st = ctx;
    work_record_row r;
    if (!work_record_in_reach(req, st, true, &r))
        return;
    filing_job j = {.record_id = r.id, .unit_id = r.unit_id, .actor = req->who.subject, .now = req->now_ms};
    json_t *move = json_object_get(req->json, "move");
    if (!web_json_int(req, req->json, "document_id", 1, INT64_MAX, true, &j.document_id))
        return;
    if (move && !json_is_boolean(move)) {
        web_reply_error(req, 422, "invalid_field", "move", "\"move\" là true hoặc false.");
        return;
    }
    j.move = json_is_true(move);
    if (!document_seen(req, st, j.document_id))
        return;
    reply_filed(req, st, store_write(st->store, write_file, &j), &j);
}

/* DELETE /api/v1/work-records/{id}/documents/{document} */
static void unfile_document(web_request *req, void *ctx)
{
    org_state *st = ctx;
    work_record_row r;
    if (!work_record_in_reach(req, st, true, &r))
        return;
    filing_job j = {.record_id = r.id, .unit_id = r.unit_id, .actor = req->who.subject, .now = req->now_ms};
    if (!document_path_id(req, "document", &j.document_id)) {
        web_reply_error(req, 404, "not_found", "document_id", "Văn bản không có trong hồ sơ này.");
        return;
    }
    if (!document_seen(req, st, j.document_id))
        return;
    int rc = store_write(st->store, write_unfile, &j);
    j.ordinal = 0;
    reply_filed(req, st, rc, &j);
}

int document_record_filing_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/work-records/{id}/documents", .handler = file_document, .ctx = st,
         .permission = "document.records", .flags = WEB_JSON_BODY, .max_body = 4096},
        {.method = "DELETE", .pattern = "/api/v1/work-records/{id}/documents/{document}", .handler = unfile_document,
         .ctx = st, .permission = "document.records"},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
