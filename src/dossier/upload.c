/* A submission with files: the JSON of the intake in a "data" part and one
 * file per paper in parts named "file:<document id>". Files are checked by
 * their content (PDF, JPEG, PNG), kept in the file store, and removed again
 * when the intake is refused, so a refused submission leaves nothing. */
#include "dossier/internal.h"

#include "core/dossier_status.h"
#include "org/audit.h"
#include "org/permission.h"
#include "store/blob.h"
#include "web/multipart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum { MAX_FILES = 10, MAX_FILE_BYTES = 5 << 20 };


static const struct {
    const char *magic, *extensions;
    size_t len;
} FILE_TYPES[] = {
    {"%PDF-", ".pdf", 5},
    {"\xFF\xD8\xFF", ".jpg.jpeg", 3},
    {"\x89PNG\r\n\x1A\n", ".png", 8},
};

/* The content is a PDF, JPEG or PNG, and the name's extension says the same. */
static bool acceptable_file(const char *name, const char *data, size_t len)
{
    const char *dot = strrchr(name, '.');
    char ext[8] = "";
    for (size_t i = 0; dot && dot[i] && i < sizeof ext - 1; i++)
        ext[i] = (char)(dot[i] >= 'A' && dot[i] <= 'Z' ? dot[i] - 'A' + 'a' : dot[i]);
    for (size_t i = 0; i < sizeof FILE_TYPES / sizeof FILE_TYPES[0]; i++)
        if (len >= FILE_TYPES[i].len && memcmp(data, FILE_TYPES[i].magic, FILE_TYPES[i].len) == 0)
            return ext[0] && strstr(FILE_TYPES[i].extensions, ext) != NULL;
    return false;
}

static bool name_ok(const char *name)
{
    if (!name[0] || strchr(name, '/') || strchr(name, '\\'))
        return false;
    json_t *utf8 = json_string(name);
    json_decref(utf8);
    return utf8 != NULL;
}

/* Reads the submission; on a refusal it replies and returns NULL. */
static json_t *read_parts(web_request *req, upload *files, int *count)
{
    char boundary[80];
    multipart_part parts[MAX_FILES + 2];
    int n = multipart_boundary(web_header(req, "Content-Type"), boundary, sizeof boundary)
                ? multipart_parse(req->body, req->body_len, boundary, parts, MAX_FILES + 2)
                : -1;
    if (n < 0) {
        web_reply_error(req, 400, "invalid_multipart", NULL,
                        "Dữ liệu gửi lên không đúng dạng multipart/form-data (tối đa 10 tệp).");
        return NULL;
    }
    json_t *body = NULL;
    *count = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(parts[i].name, "data") == 0 && !body) {
            body = json_loadb(parts[i].data, parts[i].len, JSON_REJECT_DUPLICATES, NULL);
            if (!json_is_object(body)) {
                json_decref(body);
                web_reply_error(req, 400, "invalid_json", "data", "Phần \"data\" phải là JSON hợp lệ.");
                return NULL;
            }
            continue;
        }
        char *end;
        long long id = strncmp(parts[i].name, "file:", 5) == 0 ? strtoll(parts[i].name + 5, &end, 10) : 0;
        if (id <= 0 || *end || !parts[i].filename[0]) {
            json_decref(body);
            web_reply_error(req, 422, "invalid_field", parts[i].name, "Mỗi tệp gửi kèm mang tên file:<mã giấy tờ>.");
            return NULL;
        }
        upload *u = &files[(*count)++];
        memset(u, 0, sizeof *u);
        u->document_id = id;
        snprintf(u->name, sizeof u->name, "%s", parts[i].filename);
        u->data = parts[i].data;
        u->len = parts[i].len;
    }
    if (!body)
        web_reply_error(req, 422, "invalid_field", "data", "Thiếu phần \"data\" với nội dung hồ sơ.");
    return body;
}

static bool check_files(web_request *req, const upload *files, int count)
{
    for (int i = 0; i < count; i++) {
        const upload *u = &files[i];
        const char *problem = u->len > MAX_FILE_BYTES ? "Mỗi tệp tối đa 5 MiB."
                              : !name_ok(u->name)     ? "Tên tệp không hợp lệ."
                              : !acceptable_file(u->name, u->data, u->len)
                                  ? "Chỉ nhận tệp PDF, JPEG hoặc PNG đúng với đuôi tên tệp."
                                  : NULL;
        if (problem) {
            char field[40];
            snprintf(field, sizeof field, "file:%lld", (long long)u->document_id);
            web_reply_error(req, u->len > MAX_FILE_BYTES ? 413 : 415,
                            u->len > MAX_FILE_BYTES ? "file_too_large" : "unsupported_file",
                            arena_strdup(&req->arena, field), problem);
            return false;
        }
        for (int k = 0; k < i; k++)
            if (files[k].document_id == u->document_id) {
                web_reply_error(req, 422, "invalid_field", "files", "Mỗi giấy tờ một tệp.");
                return false;
            }
    }
    return true;
}

static bool store_files(web_request *req, const char *data_dir, upload *files, int count)
{
    for (int i = 0; i < count; i++) {
        char err[256];
        upload *u = &files[i];
        if (blob_put(data_dir, u->data, u->len, u->hash, err, sizeof err) != 0) {
            web_reply_error(req, 503, "unavailable", NULL, "Không lưu được tệp; vui lòng thử lại.");
            return false;
        }
        u->written = true;
    }
    return true;
}

/* Removes the files this request stored but no dossier refers to. */
static void dossier_forget_files(store *s, const char *data_dir, upload *files, int count)
{
    store_conn *c = store_reader(s);
    for (int i = 0; i < count; i++) {
        if (!files[i].written || !c)
            continue;
        store_stmt *st = store_prepare(c, "SELECT 1 FROM dossier_document WHERE file = ? LIMIT 1");
        bool used = st && (store_bind_text(st, 1, files[i].hash), store_step(st)) == STORE_ROW;
        if (st)
            store_reset(st);
        char path[4096];
        if (!used && blob_path(data_dir, files[i].hash, path, sizeof path) == 0)
            unlink(path);
    }
}

/* The intake's documents with the stored files as digitized papers; whatever
 * the client wrote about files is replaced. */
static void attach(json_t *body, const upload *files, int count)
{
    json_t *docs = json_object_get(body, "documents");
    if (!json_is_array(docs)) {
        docs = json_array();
        json_object_set_new(body, "documents", docs);
    }
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d) if (json_is_object(d)) {
        json_object_del(d, "file");
        json_object_del(d, "file_name");
    }
    for (int k = 0; k < count; k++) {
        json_t *entry = NULL;
        json_array_foreach(docs, i, d) if (json_integer_value(json_object_get(d, "id")) == files[k].document_id) entry = d;
        if (!entry) {
            entry = json_object();
            json_object_set_new(entry, "id", json_integer(files[k].document_id));
            json_array_append_new(docs, entry);
        }
        json_object_set_new(entry, "state", json_string("digitized"));
        json_object_set_new(entry, "file", json_string(files[k].hash));
        json_object_set_new(entry, "file_name", json_string(files[k].name));
    }
}

bool dossier_read_submission(web_request *req, store *s, const char *data_dir, submission *out)
{
    memset(out, 0, sizeof *out);
    const char *type = web_header(req, "Content-Type");
    if (!type || strncasecmp(type, "multipart/form-data", 19) != 0) {
        /* JSON: no files; whatever the client wrote about files is dropped. */
        out->body = json_incref(req->json);
        attach(out->body, NULL, 0);
        return true;
    }
    out->files = arena_calloc(&req->arena, MAX_FILES + 2, sizeof *out->files);
    out->body = out->files ? read_parts(req, out->files, &out->count) : NULL;
    if (!out->body || !check_files(req, out->files, out->count) ||
        !store_files(req, data_dir, out->files, out->count)) {
        dossier_submission_done(s, data_dir, out, false);
        return false;
    }
    attach(out->body, out->files, out->count);
    return true;
}

void dossier_submission_done(store *s, const char *data_dir, submission *sub, bool kept)
{
    if (!kept && sub->files)
        dossier_forget_files(s, data_dir, sub->files, sub->count);
    json_decref(sub->body);
    sub->body = NULL;
}

/* --- the result file ------------------------------------------------------------ */

typedef struct {
    const char *code, *hash, *name;
    const dossier_actor *who;
    int64_t now;
    org_error *err;
} result_job;

static int write_result(store_conn *c, void *ctx)
{
    result_job *j = ctx;
    dossier_row row;
    int rc = dossier_load(c, j->code, &row);
    if (rc != 0)
        return rc < 0 ? rc : dossier_refused(j->err, 404, "not_found", "code", "Không có hồ sơ với mã này.");
    bool turn = row.actor_role[0] &&
                org_has_role_near(c, j->who->account_id, row.actor_role, row.actor_unit);
    bool open = row.status == DOSSIER_RECEIVED || row.status == DOSSIER_PROCESSING ||
                row.status == DOSSIER_DONE;
    int64_t id = row.id;
    dossier_row_release(&row);
    if (!turn || !open)
        return dossier_refused(j->err, 403, "not_your_turn", NULL,
                               "Chỉ người đang xử lý hồ sơ đính kèm kết quả, trước khi trả.");
    store_stmt *st = store_prepare(c, "UPDATE dossier SET result_file = ?, result_file_name = ?, "
                                      "version = version + 1, updated_at = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->hash);
    store_bind_text(st, 2, j->name);
    dossier_bind_instant(st, 3, j->now);
    store_bind_int64(st, 4, id);
    rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if ((rc = dossier_event(c, id, j->now, j->who->name, "attach_result", 0, 0, -1, -1, 0, j->name)) != 0)
        return rc;
    return audit_record(c, j->who->name, "dossier.result_file", "dossier", id,
                        json_pack("{s:s, s:s, s:s}", "code", j->code, "file", j->name, "sha256", j->hash));
}

/* PUT .../result?name=: the result as a PDF, stored and attached. */
void dossier_put_result(web_request *req, store *s, const char *data_dir, const char *code,
                        const dossier_actor *who)
{
    upload u = {.data = req->body, .len = req->body_len};
    const char *name = web_query(req, "name");
    snprintf(u.name, sizeof u.name, "%s", name ? name : "");
    if (!name_ok(u.name) || !acceptable_file(u.name, u.data, u.len) || strncmp(u.data, "%PDF-", 5) != 0) {
        web_reply_error(req, 415, "unsupported_file", "name", "Kết quả phải là tệp PDF, tên tệp kết thúc bằng .pdf.");
        return;
    }
    if (!store_files(req, data_dir, &u, 1))
        return;
    org_error e;
    result_job j = {code, u.hash, u.name, who, req->now_ms, &e};
    int rc = store_write(s, write_result, &j);
    if (rc != 0) {
        dossier_store_failure(rc, &e);
        submission sub = {.files = &u, .count = 1};
        dossier_submission_done(s, data_dir, &sub, false);
        web_reply_error(req, e.status, e.code, e.field, e.message);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:s, s:s}", "code", code, "file", u.name, "sha256", u.hash));
}

/* The result file's hash and name when the applicant may have it: the
 * dossier is done or returned and its result is electronic. */
int dossier_result_file(store_conn *c, const char *code, char hash[65], char *name, size_t cap)
{
    store_stmt *st = store_prepare(c, "SELECT result_file, result_file_name FROM dossier WHERE code = ? "
                                      "AND status IN (9, 10) AND result_electronic = 1 AND result_file IS NOT NULL");
    if (!st)
        return -1;
    store_bind_text(st, 1, code);
    int rc = store_step(st), result = 1;
    if (rc == STORE_ROW) {
        snprintf(hash, 65, "%s", store_col_text(st, 0));
        snprintf(name, cap, "%s", store_col_text(st, 1));
        result = 0;
    } else if (rc != STORE_DONE) {
        result = -1;
    }
    store_reset(st);
    return result;
}
