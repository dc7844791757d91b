/* The edXML exchange (QCVN 102:2016) with document systems outside this
 * deployment: an issued outgoing document as a package for one of its
 * recipients (NĐ 30/2020 Điều 17, 18: văn bản điện tử is sent through the
 * document system), and what the files of the exchange share. */
#include "document/exchange.h"

#include "core/timefmt.h"
#include "org/audit.h"
#include "store/blob.h"
#include "web/multipart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* --- shared ---------------------------------------------------------- */

void exchange_refuse(web_request *req, const edxml_error *err)
{
    int status = strcmp(err->code, "edxml_too_large") == 0 ? 413 : 422;
    web_reply_error(req, status, err->code, err->field, err->message);
}

static bool xml_type(const char *type)
{
    static const char *const types[] = {"application/xml", "text/xml", "application/edxml+xml"};
    while (type && *type == ' ')
        type++;
    for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i]);
        if (strncasecmp(type, types[i], n) == 0 && (type[n] == '\0' || type[n] == ';' || type[n] == ' '))
            return true;
    }
    return false;
}

bool exchange_body(web_request *req, const char **xml, size_t *len)
{
    const char *type = web_header(req, "Content-Type");
    char boundary[128];
    if (type && multipart_boundary(type, boundary, sizeof boundary)) {
        multipart_part parts[4];
        int n = multipart_parse(req->body, req->body_len, boundary, parts, 4);
        for (int i = 0; i < n; i++)
            if (strcmp(parts[i].name, "file") == 0) {
                *xml = parts[i].data;
                *len = parts[i].len;
                return true;
            }
        web_reply_error(req, 400, n < 0 ? "invalid_multipart" : "invalid_field", "file",
                        "Cần gửi tệp gói tin edXML trong phần file.");
        return false;
    }
    if (!xml_type(type)) {
        web_reply_error(req, 415, "unsupported_media_type", NULL,
                        "Gói tin edXML gửi dạng application/xml hoặc multipart/form-data (phần file).");
        return false;
    }
    *xml = req->body ? req->body : "";
    *len = req->body_len;
    return true;
}

const char *exchange_col(arena *a, store_stmt *st, int col)
{
    const char *t = store_col_text(st, col);
    return t ? arena_strdup(a, t) : NULL;
}

bool exchange_unit(store_conn *c, arena *a, int64_t unit_id, edxml_organ *out)
{
    memset(out, 0, sizeof *out);
    store_stmt *st = store_prepare(c, "SELECT u.agency_code, u.name, p.name FROM unit u"
                                      " LEFT JOIN unit p ON p.id = u.parent_id WHERE u.id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, unit_id);
    bool found = store_step(st) == STORE_ROW;
    if (found) {
        out->organ_id = exchange_col(a, st, 0);
        out->organ_name = exchange_col(a, st, 1);
        out->organ_in_charge = exchange_col(a, st, 2);
    }
    store_reset(st);
    return found;
}

void exchange_staff(store_conn *c, arena *a, int64_t account_id, const char *department, edxml_staff *out)
{
    memset(out, 0, sizeof *out);
    out->department = department;
    store_stmt *st = store_prepare(c, "SELECT full_name, phone, email FROM account WHERE id = ?");
    if (!st)
        return;
    store_bind_int64(st, 1, account_id);
    if (store_step(st) == STORE_ROW) {
        out->staff = exchange_col(a, st, 0);
        out->mobile = exchange_col(a, st, 1);
        out->email = exchange_col(a, st, 2);
    }
    store_reset(st);
}

void exchange_local_time(int64_t now_ms, char out[20])
{
    time_t t = (time_t)(now_ms / 1000) + 7 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 20, "%Y/%m/%d %H:%M:%S", &tm);
}

/* --- the package of an outgoing document ----------------------------- */

typedef struct outgoing {
    int64_t id, unit_id, page_amount, issued_amount;
    const char *status, *type_code, *type_name, *code_number, *code_notation, *issued_date, *organ_name;
    const char *subject, *content, *signer_position, *signer_full_name, *urgency, *due_date;
    const char *file_sha256, *file_name, *document_id, *to_places, *secrecy;
} outgoing;

/* 0 found, 1 none, -1 store error. */
static int load_outgoing(store_conn *c, arena *a, int64_t id, outgoing *d)
{
    store_stmt *st = store_prepare(
        c, "SELECT unit_id, status, type_code, type_name, code_number, code_notation, issued_date, organ_name,"
           " subject, content, signer_position, signer_full_name, urgency, due_date, page_amount, issued_amount,"
           " file_sha256, file_name, edxml_document_id, secrecy FROM document WHERE id = ? AND direction = 'out'");
    if (!st)
        return -1;
    store_bind_int64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        int i = 0;
        d->id = id;
        d->unit_id = store_col_int64(st, i++);
        const char **text[] = {&d->status, &d->type_code, &d->type_name, &d->code_number, &d->code_notation,
                               &d->issued_date, &d->organ_name, &d->subject, &d->content, &d->signer_position,
                               &d->signer_full_name, &d->urgency, &d->due_date};
        for (size_t k = 0; k < sizeof text / sizeof text[0]; k++)
            *text[k] = exchange_col(a, st, i++);
        d->page_amount = store_col_is_null(st, i) ? -1 : store_col_int64(st, i);
        i++;
        d->issued_amount = store_col_is_null(st, i) ? -1 : store_col_int64(st, i);
        i++;
        d->file_sha256 = exchange_col(a, st, i++);
        d->file_name = exchange_col(a, st, i++);
        d->document_id = exchange_col(a, st, i++);
        d->secrecy = exchange_col(a, st, i++);
    }
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : -1;
}

typedef struct recipient {
    int64_t id, unit_id;
    const char *organ_id, *organ_name;
} recipient;

static int load_recipient(store_conn *c, arena *a, int64_t document_id, int64_t id, recipient *r)
{
    store_stmt *st = store_prepare(c, "SELECT r.unit_id, coalesce(r.organ_id, u.agency_code), r.organ_name"
                                      " FROM document_recipient r LEFT JOIN unit u ON u.id = r.unit_id"
                                      " WHERE r.id = ? AND r.document_id = ?");
    if (!st)
        return -1;
    store_bind_int64(st, 1, id);
    store_bind_int64(st, 2, document_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        r->id = id;
        r->unit_id = store_col_is_null(st, 0) ? 0 : store_col_int64(st, 0);
        r->organ_id = exchange_col(a, st, 1);
        r->organ_name = exchange_col(a, st, 2);
    }
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : -1;
}

/* The file's bytes from the file store, in the arena; NULL when missing or
 * over the package's limit (*too_large). */
static unsigned char *read_blob(web_request *req, const char *data_dir, const char *hash, size_t *len, bool *too_large)
{
    char path[4096];
    struct stat sb;
    if (blob_path(data_dir, hash, path, sizeof path) != 0 || stat(path, &sb) != 0)
        return NULL;
    if ((uint64_t)sb.st_size > EDXML_MAX_ATTACHMENT) {
        *too_large = true;
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    unsigned char *data = f ? arena_alloc(&req->arena, (size_t)sb.st_size + 1) : NULL;
    *len = data ? fread(data, 1, (size_t)sb.st_size, f) : 0;
    if (f)
        fclose(f);
    return data && *len == (size_t)sb.st_size ? data : NULL;
}

/* The signed PDF first, then the document's files: the content (the
 * scan or draft the signed PDF names by its SHA-256, so the receiver can
 * check it) and the attachments (Điều 18: the issued document and what
 * goes with it), as direct delivery sends them. -1 store error, 1 a file
 * missing, 2 too large, 0 done. */
static int gather_files(web_request *req, store_conn *c, const char *data_dir, const outgoing *d,
                        edxml_attachment *files, size_t *n)
{
    *n = 0;
    bool too_large = false;
    size_t total = 0;
    if (d->file_sha256) {
        edxml_attachment *f = &files[(*n)++];
        f->content_id = "f1";
        f->content_type = "application/pdf";
        f->name = d->file_name ? d->file_name : "van-ban.pdf";
        f->description = "Văn bản đã ký số";
        if (!(f->data = read_blob(req, data_dir, d->file_sha256, &f->len, &too_large)))
            return too_large ? 2 : 1;
        total += f->len;
    }
    store_stmt *st = store_prepare(c, "SELECT name, content_type, sha256, role FROM document_file WHERE document_id = ?"
                                      " ORDER BY id");
    if (!st)
        return -1;
    store_bind_int64(st, 1, d->id);
    int rc, out = 0;
    while ((rc = store_step(st)) == STORE_ROW && !out) {
        if (*n == EDXML_MAX_ATTACHMENTS) {
            out = 2;
            break;
        }
        edxml_attachment *f = &files[*n];
        f->content_id = arena_printf(&req->arena, "f%zu", *n + 1);
        f->name = exchange_col(&req->arena, st, 0);
        f->content_type = exchange_col(&req->arena, st, 1);
        const char *role = store_col_text(st, 3);
        f->description = role && strcmp(role, "content") == 0 ? "Tệp nội dung" : "Tệp đính kèm";
        const char *hash = exchange_col(&req->arena, st, 2);
        if (!(f->data = read_blob(req, data_dir, hash, &f->len, &too_large)))
            out = too_large ? 2 : 1;
        else if ((total += f->len) > EDXML_MAX_DECODED)
            out = 2;
        (*n)++;
    }
    store_reset(st);
    return out ? out : rc == STORE_DONE || rc == STORE_ROW ? 0 : -1;
}

static int type_number(const char *type_code)
{
    /* DocumentType/Type: the standard's code list was not found (UNCERTAIN);
     * 1 is what builders send for a công văn, so công văn is 1 and another
     * type 0, its name saying which. */
    return type_code && strcmp(type_code, "cong_van") == 0 ? 1 : 0;
}

typedef struct mark_job {
    int64_t document_id, recipient_id;
    const char *actor, *organ, *document_edxml_id, *set_document_id;
    int64_t now;
} mark_job;

/* The recipient row is sent (status_at and the note; its status stays
 * for the codes that come back), the DocumentId is kept on the document,
 * the trace and the audit log say so. */
static int write_mark_sent(store_conn *c, void *ctx)
{
    mark_job *j = ctx;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    store_stmt *st = store_prepare(c, "UPDATE document_recipient SET status_note = ?, status_at = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, "Đã gửi gói tin edXML");
    store_bind_text(st, 2, at);
    store_bind_int64(st, 3, j->recipient_id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if (j->set_document_id) {
        st = store_prepare(c, "UPDATE document SET edxml_document_id = ?, updated_at = ? WHERE id = ?"
                              " AND edxml_document_id IS NULL");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, j->set_document_id);
        store_bind_text(st, 2, at);
        store_bind_int64(st, 3, j->document_id);
        rc = store_step(st);
        store_reset(st);
        if (rc != STORE_DONE)
            return rc < 0 ? rc : STORE_ERROR;
    }
    char note[600];
    snprintf(note, sizeof note, "Gói tin edXML gửi %s", j->organ);
    if ((rc = document_event_add(c, j->document_id, at, j->actor, "edxml_export", NULL, NULL, NULL, note)))
        return rc;
    return audit_record(c, j->actor, "document.edxml_export", "document", j->document_id,
                        json_pack("{s:I, s:s, s:s}", "recipient", (json_int_t)j->recipient_id, "organ_id", j->organ,
                                  "edxml_document_id", j->document_edxml_id));
}

/* ToPlaces: every recipient's name, as the "Nơi nhận" lines. */
static void to_places(store_conn *c, arena *a, int64_t document_id, edxml_package *p)
{
    const char **lines = arena_calloc(a, EDXML_MAX_ORGANS, sizeof *lines);
    store_stmt *st = lines ? store_prepare(c, "SELECT organ_name FROM document_recipient WHERE document_id = ? ORDER BY id")
                           : NULL;
    if (!st)
        return;
    store_bind_int64(st, 1, document_id);
    size_t n = 0;
    while (n < EDXML_MAX_ORGANS && store_step(st) == STORE_ROW)
        lines[n++] = exchange_col(a, st, 0);
    store_reset(st);
    p->to_places = lines;
    p->to_places_count = n;
}

static bool build_package(web_request *req, store_conn *c, const outgoing *d, const recipient *r, edxml_package *p,
                          edxml_organ *to, char *date, char *due, char *stamp)
{
    memset(p, 0, sizeof *p);
    arena *a = &req->arena;
    if (!exchange_unit(c, a, d->unit_id, &p->from))
        return false;
    if (d->organ_name)
        p->from.organ_name = d->organ_name;
    *to = (edxml_organ){.organ_id = r->organ_id, .organ_name = r->organ_name};
    p->to = to;
    p->to_count = 1;
    p->code_number = d->code_number;
    p->code_notation = d->code_notation;
    if (!d->issued_date || !edxml_date_out(d->issued_date, date))
        return false;
    p->promulgation_date = date;
    p->type = type_number(d->type_code);
    p->type_name = d->type_name;
    p->subject = d->subject;
    p->content = d->content;
    p->signer_position = d->signer_position;
    p->signer_full_name = d->signer_full_name;
    p->due_date = d->due_date && edxml_date_out(d->due_date, due) ? due : NULL;
    to_places(c, a, d->id, p);
    p->priority = edxml_priority_from_urgency(d->urgency);
    p->promulgation_amount = d->issued_amount;
    p->page_amount = d->page_amount;
    p->steering_type = -1; /* its code list is uncertain: not sent */
    p->trace_organ_id = p->from.organ_id;
    exchange_local_time(req->now_ms, stamp);
    p->trace_timestamp = stamp;
    p->bussiness_doc_type = 0;
    exchange_staff(c, a, org_caller(req), p->from.organ_name, &p->staff);
    return true;
}

static void get_package(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t id, rid;
    const char *rtext = web_query(req, "recipient");
    if (!document_path_id(req, "id", &id)) {
        web_reply_error(req, 404, "not_found", "id", "Không có văn bản này.");
        return;
    }
    if (!rtext || !*rtext || strlen(rtext) > 18 || strspn(rtext, "0123456789") != strlen(rtext) ||
        (rid = strtoll(rtext, NULL, 10)) <= 0) {
        web_reply_error(req, 422, "invalid_field", "recipient", "Cần mã nơi nhận (recipient) của văn bản.");
        return;
    }
    store_conn *c = store_reader(st->store);
    outgoing d = {0};
    int rc = c ? load_outgoing(c, &req->arena, id, &d) : -1;
    if (rc < 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (rc > 0 || !document_visible(c, org_caller(req), id)) {
        web_reply_error(req, 404, "not_found", "id", "Không có văn bản đi này.");
        return;
    }
    if (!org_require_unit(req, st->store, "document.clerk", d.unit_id, ORG_REACH_NEAR))
        return;
    /* A state secret (mật, tối mật, tuyệt mật) never goes over the ordinary
     * exchange (Luật Bảo vệ bí mật nhà nước 2018 Điều 5: no sending of a
     * secret over telecommunications outside the cipher rules), and the
     * package has no element for độ mật: the receiver would register it
     * as an ordinary document. */
    if (d.secrecy && d.secrecy[0]) {
        web_reply_error(req, 409, "confidential_not_exchangeable", "secrecy",
                        "Văn bản mật không được gửi qua trục liên thông edXML; chuyển văn bản này theo quy định"
                        " về bảo vệ bí mật nhà nước.");
        return;
    }
    if (strcmp(d.status, "issued") != 0 && strcmp(d.status, "sent") != 0) {
        web_reply_error(req, 409, "invalid_status", "status",
                        "Chỉ văn bản đã phát hành mới gửi được qua edXML (Điều 18 Nghị định 30/2020).");
        return;
    }
    recipient r = {0};
    if ((rc = load_recipient(c, &req->arena, id, rid, &r)) != 0) {
        if (rc < 0)
            web_reply_error(req, 503, "unavailable", NULL, NULL);
        else
            web_reply_error(req, 404, "not_found", "recipient", "Văn bản này không có nơi nhận đó.");
        return;
    }
    if (!r.organ_id) {
        web_reply_error(req, 422, "invalid_field", "recipient",
                        "Nơi nhận chưa có mã định danh điện tử, không gửi được gói tin edXML.");
        return;
    }
    edxml_package p;
    edxml_organ to;
    char date[11], due[11], stamp[20], docid[512];
    if (!build_package(req, c, &d, &r, &p, &to, date, due, stamp)) {
        web_reply_error(req, 409, "invalid_status", "id", "Văn bản chưa có số, ký hiệu hoặc ngày ban hành.");
        return;
    }
    const char *set_id = NULL;
    if (d.document_id) {
        p.document_id = d.document_id;
    } else if (edxml_document_id(p.from.organ_id, d.issued_date, d.code_number, d.code_notation, docid, sizeof docid)) {
        p.document_id = set_id = arena_strdup(&req->arena, docid);
    }
    edxml_attachment *files = arena_calloc(&req->arena, EDXML_MAX_ATTACHMENTS, sizeof *files);
    size_t n = 0;
    rc = files ? gather_files(req, c, st->data_dir, &d, files, &n) : -1;
    if (rc) {
        if (rc == 2)
            web_reply_error(req, 413, "edxml_too_large", NULL, "Các tệp của văn bản vượt quá giới hạn một gói tin edXML.");
        else if (rc == 1)
            web_reply_error(req, 409, "file_missing", NULL, "Không đọc được tệp của văn bản trong kho tệp.");
        else
            web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    p.attachments = files;
    p.attachment_count = n;
    size_t len = 0;
    char *xml = edxml_write(&p, &len);
    if (!xml) {
        web_reply_error(req, 409, "invalid_status", "id", "Văn bản chưa đủ thông tin để lập gói tin edXML.");
        return;
    }
    char *body = arena_alloc(&req->arena, len + 1);
    if (body)
        memcpy(body, xml, len);
    free(xml);
    mark_job j = {.document_id = id, .recipient_id = rid, .actor = req->who.subject, .organ = r.organ_id,
                  .document_edxml_id = p.document_id, .set_document_id = set_id, .now = req->now_ms};
    if (!body || store_write(st->store, write_mark_sent, &j) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_add_attachment_name(req, arena_printf(&req->arena, "%s-%s.edxml", d.code_number, r.organ_id));
    web_reply_bytes(req, 200, "application/xml; charset=utf-8", body, len);
}

int document_exchange_routes(web_server *w, org_state *st)
{
    const web_route route = {.method = "GET", .pattern = "/api/v1/documents/outgoing/{id}/edxml",
                             .handler = get_package, .ctx = st, .permission = "document.clerk"};
    if (web_server_route(w, &route) != 0)
        return -1;
    if (document_exchange_import_routes(w, st) != 0)
        return -1;
    return document_exchange_status_routes(w, st);
}
