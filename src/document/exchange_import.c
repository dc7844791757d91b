/* An edXML package received from another document system, registered as
 * văn bản đến (NĐ 30/2020 Điều 21 khoản 2, Điều 22): read and checked in
 * full first (the package, the receiving unit, a repeat), then its files
 * put in the file store, then one write registers it and its files. A
 * refusal stores nothing; a failed write removes the files it added. */
#include "document/exchange.h"
#include "document/outgoing.h"

#include "core/doc_type.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "org/audit.h"
#include "org/permission.h"
#include "store/blob.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The type from DocumentType/TypeName, else from the notation's first
 * letters (QĐ-UBND), else công văn: the numeric Type's code list is not
 * known (UNCERTAIN). */
static const char *type_code_of(const edxml_package *p)
{
    for (size_t i = 0; p->type_name && i < doc_type_count(); i++) {
        const doc_type *t = doc_type_at(i);
        size_t n = strlen(p->type_name);
        if (strncmp(t->name, p->type_name, n) == 0 && (t->name[n] == '\0' || t->name[n] == ' '))
            return t->code;
    }
    const char *dash = strchr(p->code_notation, '-');
    const doc_type *t = doc_type_by_abbr(p->code_notation, dash ? (size_t)(dash - p->code_notation) : 0);
    return t && dash ? t->code : "cong_van";
}

typedef struct import_job {
    const edxml_package *p;
    int64_t unit_id;
    const char *unit_code;
    const char *type_code, *issued_date, *due_date, *to_places, *note;
    char (*hashes)[BLOB_HASH_HEX];
    const char *actor;
    int64_t now;
    int64_t source_id, source_recipient; /* the outgoing one, when sent from this deployment */
    /* out */
    int64_t id, arrival_number;
    json_t *duplicates;
} import_job;

/* Earlier arrivals of the same package (its DocumentId) or the same
 * document (number, notation, issuing organ: PL VI Phần I Mục III k 1 đ. h).
 * NULL on a store error. */
static json_t *duplicates(store_conn *c, int64_t unit_id, const edxml_package *p)
{
    json_t *same = document_arrival_duplicates(c, 0, unit_id, p->code_number, p->code_notation, p->from.organ_name);
    store_stmt *st = same ? store_prepare(c, "SELECT id, seq, year, arrival_date FROM document WHERE direction = 'in'"
                                             " AND unit_id = ? AND edxml_document_id = ? ORDER BY id")
                          : NULL;
    if (!st) {
        json_decref(same);
        return NULL;
    }
    store_bind_int64(st, 1, unit_id);
    store_bind_text(st, 2, p->document_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        int64_t id = store_col_int64(st, 0);
        bool listed = false;
        size_t i;
        json_t *d;
        json_array_foreach(same, i, d) listed |= json_integer_value(json_object_get(d, "id")) == id;
        if (!listed)
            json_array_append_new(same, json_pack("{s:I, s:I, s:I, s:s?}", "id", (json_int_t)id, "arrival_number",
                                                  (json_int_t)store_col_int64(st, 1), "year",
                                                  (json_int_t)store_col_int64(st, 2), "arrival_date",
                                                  store_col_text(st, 3)));
    }
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(same);
        return NULL;
    }
    return same;
}

static int add_file(store_conn *c, int64_t document_id, const char *role, const edxml_attachment *f,
                    const char *hash, const char *actor, const char *at)
{
    store_stmt *st = store_prepare(c, "INSERT INTO document_file (document_id, role, name, content_type, sha256, size,"
                                      " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, document_id);
    store_bind_text(st, 2, role);
    store_bind_text(st, 3, f->name);
    store_bind_text(st, 4, f->content_type ? f->content_type : "application/octet-stream");
    store_bind_text(st, 5, hash);
    store_bind_int64(st, 6, (int64_t)f->len);
    store_bind_text(st, 7, actor);
    store_bind_text(st, 8, at);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* The sender is a unit of this deployment that exported it: its recipient
 * row learns 03 (accepted, registered) and its trace says so. */
static int tell_sender(store_conn *c, const import_job *j, const char *at)
{
    store_stmt *st = store_prepare(c, "UPDATE document_recipient SET delivered_id = ?, status = '03', status_note = ?,"
                                      " status_at = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    char note[64];
    snprintf(note, sizeof note, "Số đến %lld", (long long)j->arrival_number);
    store_bind_int64(st, 1, j->id);
    store_bind_text(st, 2, note);
    store_bind_text(st, 3, at);
    store_bind_int64(st, 4, j->source_recipient);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    char text[300];
    snprintf(text, sizeof text, "%s: %s (%s)", j->unit_code, edxml_status_name("03"), note);
    return document_event_add(c, j->source_id, at, j->actor, "edxml_status", NULL, NULL, "03", text);
}

static int write_import(store_conn *c, void *ctx)
{
    import_job *j = ctx;
    const edxml_package *p = j->p;
    /* The repeat check again, inside the write: two uploads of one package
     * at once register it once. */
    json_t *dup = duplicates(c, j->unit_id, p);
    if (!dup)
        return STORE_ERROR;
    if (json_array_size(dup)) {
        j->duplicates = dup;
        return 1;
    }
    json_decref(dup);
    const edxml_attachment *main_file = p->attachment_count ? &p->attachments[0] : NULL;
    document_arrival in = {
        .unit_id = j->unit_id, .type_code = j->type_code, .type_name = p->type_name,
        .code_number = p->code_number, .code_notation = p->code_notation, .issued_date = j->issued_date,
        .organ_name = p->from.organ_name, .organ_id = p->from.organ_id, .subject = p->subject,
        .page_amount = p->page_amount > 0 ? p->page_amount : 0, .signer_position = p->signer_position,
        .signer_full_name = p->signer_full_name, .urgency = edxml_urgency_from_priority(p->priority),
        .secrecy = "", .to_places = j->to_places, .due_date = j->due_date,
        .file_sha256 = main_file ? j->hashes[0] : NULL, .file_name = main_file ? main_file->name : NULL,
        .source_document_id = j->source_id, .edxml_document_id = p->document_id, .via = "edxml",
        .actor = j->actor, .now = j->now};
    int rc = document_arrival_register(c, &in, &j->id, &j->arrival_number);
    if (rc)
        return rc;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    for (size_t i = 0; i < p->attachment_count; i++)
        if ((rc = add_file(c, j->id, i == 0 ? "content" : "attachment", &p->attachments[i], j->hashes[i], j->actor, at)))
            return rc;
    if ((rc = document_event_add(c, j->id, at, j->actor, "edxml_import", NULL, NULL, NULL, j->note)))
        return rc;
    if (j->source_recipient && (rc = tell_sender(c, j, at)))
        return rc;
    return audit_record(c, j->actor, "document.edxml_import", "document", j->id,
                        json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "edxml_document_id", p->document_id, "from",
                                  p->from.organ_id, "code_number", p->code_number, "code_notation", p->code_notation,
                                  "arrival_number", (json_int_t)j->arrival_number, "files",
                                  (json_int_t)p->attachment_count));
}

/* The first To that is a unit the caller keeps the register of (or the
 * one ?unit= names, when it is among them). 0: none. */
static int64_t receiving_unit(store_conn *c, int64_t account, const edxml_package *p, const char *wanted,
                              const char **code)
{
    store_stmt *st = store_prepare(c, "SELECT id, agency_code FROM unit WHERE agency_code = ?");
    if (!st)
        return -1;
    int64_t found = 0;
    for (size_t i = 0; i < p->to_count && !found; i++) {
        if (wanted && strcmp(wanted, p->to[i].organ_id) != 0)
            continue;
        store_bind_text(st, 1, p->to[i].organ_id);
        int64_t id = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (id > 0 && org_may_near(c, account, "document.clerk", id)) {
            found = id;
            *code = p->to[i].organ_id;
        }
    }
    return found;
}

/* The outgoing document this package is, when a unit of this deployment
 * exported it for this one, and its recipient row. */
static void find_source(store_conn *c, const edxml_package *p, const char *unit_code, int64_t *source,
                        int64_t *recipient)
{
    store_stmt *st = store_prepare(c, "SELECT d.id, r.id FROM document d JOIN unit u ON u.id = d.unit_id"
                                      " JOIN document_recipient r ON r.document_id = d.id"
                                      " LEFT JOIN unit ru ON ru.id = r.unit_id"
                                      " WHERE d.direction = 'out' AND d.edxml_document_id = ? AND u.agency_code = ?"
                                      " AND coalesce(r.organ_id, ru.agency_code) = ? ORDER BY r.id");
    if (!st)
        return;
    store_bind_text(st, 1, p->document_id);
    store_bind_text(st, 2, p->from.organ_id);
    store_bind_text(st, 3, unit_code);
    if (store_step(st) == STORE_ROW) {
        *source = store_col_int64(st, 0);
        *recipient = store_col_int64(st, 1);
    }
    store_reset(st);
}

/* Lengths and dates the register holds; replies 422 and returns false. */
static bool fields_ok(web_request *req, const edxml_package *p, char *issued, char *due)
{
    const struct { const char *value, *field; size_t max; } limits[] = {
        {p->code_number, "Code/CodeNumber", 20}, {p->code_notation, "Code/CodeNotation", 100},
        {p->from.organ_name, "From/OrganName", 300}, {p->subject, "Subject", 2000},
        {p->document_id, "DocumentId", 300}, {p->type_name, "DocumentType/TypeName", 200},
        {p->signer_position, "SignerInfo/Position", 200}, {p->signer_full_name, "SignerInfo/FullName", 200}};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
        if (limits[i].value && utf8_chars(limits[i].value) > limits[i].max) {
            web_reply_error(req, 422, "edxml_invalid", limits[i].field,
                            arena_printf(&req->arena, "%s dài quá %zu ký tự.", limits[i].field, limits[i].max));
            return false;
        }
    if (!edxml_date_in(p->promulgation_date, issued)) {
        web_reply_error(req, 422, "edxml_invalid", "PromulgationInfo/PromulgationDate",
                        "Ngày ban hành phải có dạng yyyy/MM/dd.");
        return false;
    }
    if (p->due_date && !edxml_date_in(p->due_date, due)) {
        web_reply_error(req, 422, "edxml_invalid", "DueDate", "Hạn xử lý phải có dạng yyyy/MM/dd.");
        return false;
    }
    return true;
}

static const char *joined_places(arena *a, const edxml_package *p)
{
    if (!p->to_places_count)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < p->to_places_count; i++)
        n += strlen(p->to_places[i]) + 1;
    char *out = arena_alloc(a, n + 1), *w = out;
    for (size_t i = 0; out && i < p->to_places_count; i++)
        w += sprintf(w, "%s%s", i ? "\n" : "", p->to_places[i]);
    return out;
}

/* The sender is not trusted with how a file is served: the type is the one
 * files.c gives an upload by its content and name, and anything else is
 * kept as application/octet-stream (a download, never a page the browser
 * runs): the văn thư keeps every file of the document that came, so none
 * is lost and the sender need not send again. The name loses control
 * characters, bidi overrides (which disguise an ending) and path
 * separators, and is cut to 200 bytes at a character, its ending kept. */
enum { FILE_NAME_MAX = 200 };

static size_t skipped(const unsigned char *s)
{
    if (s[0] < 0x20 || s[0] == 0x7f || s[0] == '/' || s[0] == '\\')
        return 1;
    if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) /* C1 controls */
        return 2;
    if (s[0] == 0xe2 && ((s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae) || (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)))
        return 3; /* U+202A–202E, U+2066–2069 */
    return 0;
}

static const char *safe_name(arena *a, const char *name, size_t index)
{
    size_t len = strlen(name);
    char *clean = arena_alloc(a, len + 1), *w = clean;
    if (!clean)
        return NULL;
    for (const unsigned char *s = (const unsigned char *)name; *s;) {
        size_t n = skipped(s);
        if (n)
            s += n;
        else
            *w++ = (char)*s++;
    }
    *w = '\0';
    len = (size_t)(w - clean);
    if (len == 0)
        return arena_printf(a, "tep-%zu", index + 1);
    if (len <= FILE_NAME_MAX)
        return clean;
    const char *dot = strrchr(clean, '.');
    size_t ext = dot && strlen(dot) <= 16 ? strlen(dot) : 0;
    size_t stem = FILE_NAME_MAX - ext;
    while (stem > 0 && ((unsigned char)clean[stem] & 0xc0) == 0x80) /* not inside a character */
        stem--;
    memmove(clean + stem, clean + len - ext, ext + 1);
    return clean;
}

static void trust_files(arena *a, edxml_package *p)
{
    for (size_t i = 0; i < p->attachment_count; i++) {
        edxml_attachment *f = (edxml_attachment *)&p->attachments[i]; /* edxml_read's, in the arena */
        const char *name = safe_name(a, f->name, i);
        f->name = name ? name : "tep";
        const char *type = document_file_type(f->name, f->data, f->len);
        f->content_type = type ? type : "application/octet-stream";
    }
}

/* Puts the files in the store; created[i] says which were not there, so a
 * failed write takes back at most those. */
static bool put_files(const char *data_dir, const edxml_package *p, char (*hashes)[BLOB_HASH_HEX], bool *created)
{
    for (size_t i = 0; i < p->attachment_count; i++) {
        char path[4096], err[200];
        unsigned char digest[32];
        crypto_hash_sha256(digest, p->attachments[i].data, p->attachments[i].len);
        sodium_bin2hex(hashes[i], BLOB_HASH_HEX, digest, sizeof digest);
        struct stat sb;
        created[i] = blob_path(data_dir, hashes[i], path, sizeof path) == 0 && stat(path, &sb) != 0;
        if (blob_put(data_dir, p->attachments[i].data, p->attachments[i].len, hashes[i], err, sizeof err) != 0)
            return false;
    }
    return true;
}

/* Through document_forget_blob, which removes a file only when no row
 * refers to it: another import of the same package at once may have put
 * the same file too and committed it (both saw it missing). */
static void take_back(store *s, const char *data_dir, const edxml_package *p, char (*hashes)[BLOB_HASH_HEX],
                      const bool *created)
{
    for (size_t i = 0; i < p->attachment_count; i++)
        if (created[i] && hashes[i][0])
            document_forget_blob(s, data_dir, hashes[i]);
}

static void reply_created(web_request *req, const import_job *j, char (*hashes)[BLOB_HASH_HEX])
{
    json_t *files = json_array();
    for (size_t i = 0; i < j->p->attachment_count; i++)
        json_array_append_new(files, json_pack("{s:s, s:s, s:s, s:I}", "name", j->p->attachments[i].name, "role",
                                               i == 0 ? "content" : "attachment", "sha256", hashes[i], "size",
                                               (json_int_t)j->p->attachments[i].len));
    web_reply_json(req, 201, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)j->id,
                                       "arrival_number", (json_int_t)j->arrival_number, "unit", j->unit_code,
                                       "status", "registered", "edxml_document_id", j->p->document_id,
                                       "code_number", j->p->code_number, "code_notation", j->p->code_notation,
                                       "files", files));
}

static void reply_duplicate(web_request *req, json_t *dups)
{
    json_t *body = json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code", "duplicate_document", "field", "DocumentId",
                             "message", "Văn bản này đã được tiếp nhận tại đơn vị (trùng số, ký hiệu, cơ quan ban hành"
                             " hoặc mã DocumentId).", "duplicates", dups);
    web_reply_json(req, 409, body);
}

static void post_package(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *xml;
    size_t len;
    if (!exchange_body(req, &xml, &len))
        return;
    edxml_package p;
    edxml_error err;
    if (edxml_read(&req->arena, xml, len, &p, &err) != 0) {
        exchange_refuse(req, &err);
        return;
    }
    char issued[11], due[11];
    if (!fields_ok(req, &p, issued, due))
        return;
    trust_files(&req->arena, &p);
    store_conn *c = store_reader(st->store);
    import_job j = {.p = &p, .type_code = type_code_of(&p), .issued_date = issued, .due_date = p.due_date ? due : NULL,
                    .to_places = joined_places(&req->arena, &p), .actor = req->who.subject, .now = req->now_ms,
                    .note = arena_printf(&req->arena, "Gói tin edXML từ %s (%s), DocumentId %s", p.from.organ_name,
                                         p.from.organ_id, p.document_id)};
    j.unit_id = c ? receiving_unit(c, org_caller(req), &p, web_query(req, "unit"), &j.unit_code) : -1;
    if (j.unit_id < 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (j.unit_id == 0) {
        /* Điều 21 khoản 2: a misaddressed document goes back to its sender. */
        web_reply_error(req, 422, "edxml_recipient", "To",
                        "Gói tin không gửi đến đơn vị nào mà bạn làm văn thư (phần tử To).");
        return;
    }
    json_t *dup = duplicates(c, j.unit_id, &p);
    if (!dup || json_array_size(dup)) {
        if (dup)
            reply_duplicate(req, dup);
        else
            web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    json_decref(dup);
    find_source(c, &p, j.unit_code, &j.source_id, &j.source_recipient);
    j.hashes = arena_calloc(&req->arena, p.attachment_count + 1, sizeof *j.hashes);
    bool *created = arena_calloc(&req->arena, p.attachment_count + 1, sizeof *created);
    if (!j.note || !j.hashes || !created || !put_files(st->data_dir, &p, j.hashes, created)) {
        if (j.hashes && created)
            take_back(st->store, st->data_dir, &p, j.hashes, created);
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    int rc = store_write(st->store, write_import, &j);
    if (rc != 0) {
        take_back(st->store, st->data_dir, &p, j.hashes, created);
        if (rc == 1)
            reply_duplicate(req, j.duplicates);
        else
            web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    reply_created(req, &j, j.hashes);
}

int document_exchange_import_routes(web_server *w, org_state *st)
{
    const web_route route = {.method = "POST", .pattern = "/api/v1/documents/incoming/edxml", .handler = post_package,
                             .ctx = st, .permission = "document.clerk", .max_body = EXCHANGE_MAX_BODY};
    return web_server_route(w, &route);
}
