/* A document's files: the draft's content (or the scan of a paper one)
 * and its attachments (PL VI: tài liệu kèm theo), uploaded one per request
 * as multipart/form-data and kept in the file store; and the signed PDF.
 * A refused upload leaves no file behind. */
#include "document/outgoing.h"

#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"
#include "store/blob.h"
#include "web/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum { MAX_FILE_BYTES = 20 << 20 };

/* What a document's file may be: a PDF or an image (a scan), or an office
 * document (the draft as typed), checked by its content and its name. */
static const struct {
    const char *magic, *extensions, *content_type;
    size_t len;
} FILE_TYPES[] = {
    {"%PDF-", ".pdf", "application/pdf", 5},
    {"\xFF\xD8\xFF", ".jpg.jpeg", "image/jpeg", 3},
    {"\x89PNG\r\n\x1A\n", ".png", "image/png", 8},
    {"PK\x03\x04", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 4},
    {"PK\x03\x04", ".odt", "application/vnd.oasis.opendocument.text", 4},
    {"PK\x03\x04", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 4},
};

const char *document_file_type(const char *name, const void *data, size_t len)
{
    const char *dot = strrchr(name, '.');
    char ext[8] = "";
    for (size_t i = 0; dot && dot[i] && i < sizeof ext - 1; i++)
        ext[i] = (char)(dot[i] >= 'A' && dot[i] <= 'Z' ? dot[i] - 'A' + 'a' : dot[i]);
    if (!ext[0] || strlen(ext) < 3)
        return NULL;
    for (size_t i = 0; i < sizeof FILE_TYPES / sizeof FILE_TYPES[0]; i++)
        if (len >= FILE_TYPES[i].len && memcmp(data, FILE_TYPES[i].magic, FILE_TYPES[i].len) == 0 &&
            strstr(FILE_TYPES[i].extensions, ext) != NULL)
            return FILE_TYPES[i].content_type;
    return NULL;
}

static bool name_ok(const char *name)
{
    if (!name[0] || strlen(name) > 200 || strchr(name, '/') || strchr(name, '\\'))
        return false;
    json_t *utf8 = json_string(name);
    json_decref(utf8);
    return utf8 != NULL;
}

typedef struct file_job {
    int64_t id, account_id, file_id;
    const char *scopes; /* the caller's API token's (org_request_scopes); NULL: a session */
    const char *role, *name, *content_type, *actor;
    char hash[BLOB_HASH_HEX];
    size_t size;
    int64_t now;
    org_error e;
} file_job;

/* An outgoing draft takes files from its drafter; an incoming document
 * from the văn thư of its unit while it is being handled. */
static int write_file(store_conn *c, void *ctx)
{
    file_job *j = ctx;
    document_facts d;
    int rc = document_facts_load(c, j->id, &d);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return document_refuse(&j->e, 404, "not_found", "id", "Không có văn bản này.");
    if (!document_visible(c, j->account_id, j->id))
        return document_refuse_unseen(c, &j->e, j->id);
    /* Who adds files and when: steps.c's "attach". */
    bool out = d.out;
    if (out && !document_step_from(&d, "attach"))
        return document_refuse(&j->e, 409, "invalid_state", "status", "Chỉ thêm tệp vào dự thảo (draft).");
    if (!document_step_actor(c, j->account_id, j->scopes, &d, "attach"))
        return document_refuse(&j->e, 403, "not_your_turn", NULL,
                               out ? "Chỉ người soạn thảo thêm tệp vào dự thảo."
                                   : "Chỉ văn thư của đơn vị thêm tệp vào văn bản đến.");
    if (!out && !document_step_from(&d, "attach"))
        return document_refuse(&j->e, 409, "invalid_state", "status", "Văn bản đến đã kết thúc xử lý.");
    store_stmt *st = store_prepare(c, "SELECT file_sha256 FROM document WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    rc = store_step(st);
    bool has_main = rc == STORE_ROW && !store_col_is_null(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return rc < 0 ? rc : STORE_ERROR;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    st = store_prepare(c, "INSERT INTO document_file (document_id, role, name, content_type, sha256, size, created_by,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    store_bind_text(st, 2, j->role);
    store_bind_text(st, 3, j->name);
    store_bind_text(st, 4, j->content_type);
    store_bind_text(st, 5, j->hash);
    store_bind_int64(st, 6, (int64_t)j->size);
    store_bind_text(st, 7, j->actor);
    store_bind_text(st, 8, at);
    rc = store_step(st);
    if (rc == STORE_ROW)
        j->file_id = store_col_int64(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return rc < 0 ? rc : STORE_ERROR;
    /* A paper document's scan is the incoming document's main file. */
    if (!out && !has_main && strcmp(j->role, "content") == 0) {
        st = store_prepare(c, "UPDATE document SET file_sha256 = ?, file_name = ?, updated_at = ? WHERE id = ?");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, j->hash);
        store_bind_text(st, 2, j->name);
        store_bind_text(st, 3, at);
        store_bind_int64(st, 4, j->id);
        rc = store_step(st);
        store_reset(st);
        if (rc != STORE_DONE)
            return rc < 0 ? rc : STORE_ERROR;
    }
    rc = document_event_add(c, j->id, at, j->actor, "attach", NULL, NULL, NULL, j->name);
    return rc ? rc
              : audit_record(c, j->actor, "document.file", "document", j->id,
                             json_pack("{s:s, s:s, s:s, s:I}", "role", j->role, "name", j->name, "sha256", j->hash,
                                       "size", (json_int_t)j->size));
}

/* The parts: "file" (the file) and "role" (content | attachment). */
static bool read_upload(web_request *req, file_job *j, const char **data)
{
    char boundary[80];
    multipart_part parts[4];
    int n = multipart_boundary(web_header(req, "Content-Type"), boundary, sizeof boundary)
                ? multipart_parse(req->body, req->body_len, boundary, parts, 4)
                : -1;
    if (n < 0) {
        web_reply_error(req, 400, "invalid_multipart", NULL,
                        "Dữ liệu gửi lên phải là multipart/form-data với phần \"file\" và \"role\".");
        return false;
    }
    const multipart_part *file = NULL;
    j->role = "attachment";
    for (int i = 0; i < n; i++) {
        if (strcmp(parts[i].name, "file") == 0 && parts[i].filename[0])
            file = &parts[i];
        else if (strcmp(parts[i].name, "role") == 0)
            j->role = arena_strndup(&req->arena, parts[i].data, parts[i].len);
    }
    if (strcmp(j->role, "content") != 0 && strcmp(j->role, "attachment") != 0) {
        web_reply_error(req, 422, "invalid_field", "role", "Vai trò của tệp: content (nội dung) hoặc attachment (kèm theo).");
        return false;
    }
    if (!file) {
        web_reply_error(req, 422, "missing_field", "file", "Thiếu tệp (phần \"file\").");
        return false;
    }
    if (file->len > MAX_FILE_BYTES) {
        web_reply_error(req, 413, "file_too_large", "file", "Mỗi tệp tối đa 20 MiB.");
        return false;
    }
    if (!name_ok(file->filename)) {
        web_reply_error(req, 422, "invalid_field", "file", "Tên tệp không hợp lệ.");
        return false;
    }
    j->content_type = document_file_type(file->filename, file->data, file->len);
    if (!j->content_type) {
        web_reply_error(req, 415, "unsupported_file", "file",
                        "Chỉ nhận tệp PDF, JPEG, PNG, DOCX, ODT hoặc XLSX đúng với đuôi tên tệp.");
        return false;
    }
    j->name = arena_strdup(&req->arena, file->filename);
    j->size = file->len;
    *data = file->data;
    return true;
}

static void upload_file(web_request *req, void *ctx)
{
    org_state *st = ctx;
    file_job j = {.account_id = org_caller(req), .scopes = org_request_scopes(req), .actor = req->who.subject,
                  .now = req->now_ms};
    const char *data = NULL;
    if (!document_change_visible(req, st->store, "id", &j.id) || !read_upload(req, &j, &data))
        return;
    /* A file already in the store (the same bytes elsewhere) is not this
     * request's to remove again. */
    char err[256], known[BLOB_HASH_HEX], path[4096];
    document_sha256_hex(data, j.size, known);
    bool existed = blob_path(st->data_dir, known, path, sizeof path) == 0 && access(path, F_OK) == 0;
    if (blob_put(st->data_dir, data, j.size, j.hash, err, sizeof err) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, "Không lưu được tệp; vui lòng thử lại.");
        return;
    }
    int rc = store_write(st->store, write_file, &j);
    if (rc != 0) {
        if (!existed)
            document_forget_blob(st->store, st->data_dir, j.hash);
        document_reply_failure(req, rc, &j.e);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)j.file_id, "role", j.role,
                                       "name", j.name, "content_type", j.content_type, "sha256", j.hash, "size",
                                       (json_int_t)j.size));
}

static void send_blob(web_request *req, org_state *st, const char *hash, const char *type, const char *name)
{
    char path[4096];
    if (!hash || blob_path(st->data_dir, hash, path, sizeof path) != 0 || !web_reply_file(req, 200, type, path)) {
        web_reply_error(req, 404, "not_found", "file", "Không tìm thấy tệp.");
        return;
    }
    web_add_attachment_name(req, name);
}

static void get_file(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t id, file;
    if (!document_out_visible_id(req, st->store, "id", &id))
        return;
    if (!document_path_id(req, "file", &file))
        file = 0;
    store_stmt *s = org_read_stmt(req, st->store, "SELECT sha256, content_type, name FROM document_file"
                                                  " WHERE id = ? AND document_id = ?");
    if (!s)
        return;
    store_bind_int64(s, 1, file);
    store_bind_int64(s, 2, id);
    if (store_step(s) != STORE_ROW) {
        store_reset(s);
        web_reply_error(req, 404, "not_found", "file", "Văn bản không có tệp này.");
        return;
    }
    const char *hash = arena_strdup(&req->arena, store_col_text(s, 0));
    const char *type = arena_strdup(&req->arena, store_col_text(s, 1));
    const char *name = arena_strdup(&req->arena, store_col_text(s, 2));
    store_reset(s);
    send_blob(req, st, hash, type, name);
}

/* The signed PDF of an outgoing document, or an incoming one's main file. */
static void get_pdf(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t id;
    if (!document_out_visible_id(req, st->store, "id", &id))
        return;
    store_stmt *s = org_read_stmt(req, st->store, "SELECT file_sha256, file_name FROM document WHERE id = ?"
                                                  " AND file_sha256 IS NOT NULL");
    if (!s)
        return;
    store_bind_int64(s, 1, id);
    if (store_step(s) != STORE_ROW) {
        store_reset(s);
        web_reply_error(req, 404, "not_found", "file", "Văn bản chưa có tệp đã ký hoặc tệp chính.");
        return;
    }
    const char *hash = arena_strdup(&req->arena, store_col_text(s, 0));
    const char *name = store_col_is_null(s, 1) ? "van-ban.pdf" : arena_strdup(&req->arena, store_col_text(s, 1));
    store_reset(s);
    size_t n = strlen(name);
    bool pdf = n > 4 && strcasecmp(name + n - 4, ".pdf") == 0;
    send_blob(req, st, hash, pdf ? "application/pdf" : "application/octet-stream", name);
}

int document_file_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/documents/{id}/files", .handler = upload_file, .ctx = st,
         .permission = "document.draft", .max_body = MAX_FILE_BYTES + (64 << 10)},
        {.method = "GET", .pattern = "/api/v1/documents/{id}/files/{file}", .handler = get_file, .ctx = st,
         .permission = "document.read"},
        {.method = "GET", .pattern = "/api/v1/documents/{id}/pdf", .handler = get_pdf, .ctx = st,
         .permission = "document.read"},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
