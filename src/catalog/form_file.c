/* Blank forms (mẫu đơn, tờ khai) attached to a procedure's documents: kept
 * in the file store by content hash, served to anyone. */
#include "catalog/internal.h"

#include "core/timefmt.h"
#include "org/audit.h"
#include "store/blob.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *extension, *content_type, *magic;
    size_t magic_len;
} FORM_TYPES[] = {
    {".pdf", "application/pdf", "%PDF-", 5},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04", 4},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04", 4},
    {".odt", "application/vnd.oasis.opendocument.text", "PK\x03\x04", 4},
    {".doc", "application/msword", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8},
    {".xls", "application/vnd.ms-excel", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8},
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != suffix[i])
            return false;
    }
    return true;
}

const char *catalog_form_content_type(const char *name, const void *data, size_t len)
{
    for (size_t i = 0; i < sizeof FORM_TYPES / sizeof FORM_TYPES[0]; i++)
        if (ends_with(name, FORM_TYPES[i].extension))
            return len >= FORM_TYPES[i].magic_len &&
                           memcmp(data, FORM_TYPES[i].magic, FORM_TYPES[i].magic_len) == 0
                       ? FORM_TYPES[i].content_type
                       : NULL;
    return NULL;
}

static bool file_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 200 || name[0] == '.')
        return false;
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '/' || *p == '\\' || *p == '"' || *p == 0x7F)
            return false;
    json_t *utf8 = json_string(name); /* NULL unless valid UTF-8 */
    json_decref(utf8);
    return utf8 != NULL;
}

typedef struct {
    const char *code, *name, *hash, *actor;
    int64_t document_id;
    org_error *err;
} form_job;

static int write_form(store_conn *c, void *ctx)
{
    form_job *j = ctx;
    store_stmt *st = store_prepare(
        c, "UPDATE procedure_document SET form_file = ?1, form_file_name = ?2 WHERE id = ?3 "
           "AND retired = 0 AND procedure_id = (SELECT id FROM procedure WHERE code = ?4) "
           "RETURNING procedure_id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->hash);
    store_bind_text(st, 2, j->name);
    store_bind_int64(st, 3, j->document_id);
    store_bind_text(st, 4, j->code);
    int rc = store_step(st);
    int64_t procedure_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if (!procedure_id)
        return catalog_refused(j->err, 404, "not_found", "document",
                               "Không có giấy tờ này trong thủ tục.");
    return audit_record(c, j->actor, "procedure.form_file", "procedure", procedure_id,
                        json_pack("{s:s, s:I, s:s, s:s}", "code", j->code, "document",
                                  (json_int_t)j->document_id, "file", j->name, "sha256", j->hash));
}

int catalog_set_form_file(store *s, const char *data_dir, const char *code, int64_t document_id,
                          const char *name, const void *data, size_t len, const char *actor,
                          org_error *err)
{
    if (!file_name_ok(name))
        return org_refuse(err, 422, "invalid_field", "name",
                          "Tên tệp không hợp lệ (tối đa 200 byte, không chứa / \\ \").");
    if (!catalog_form_content_type(name, data, len))
        return org_refuse(err, 415, "unsupported_file", "name",
                          "Mẫu đơn phải là tệp PDF, DOC, DOCX, ODT, XLS hoặc XLSX đúng định dạng.");
    /* Refuse a missing document before writing anything to the file store. */
    bool failed;
    store_conn *reader = store_reader(s);
    json_t *p = reader ? catalog_procedure_json(reader, code, true, &failed) : NULL;
    bool found = false;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(p, "documents"), i, d) found =
        found || json_integer_value(json_object_get(d, "id")) == document_id;
    json_decref(p);
    if (!found)
        return org_refuse(err, 404, "not_found", "document", "Không có giấy tờ này trong thủ tục.");
    char hash[BLOB_HASH_HEX], blob_err[256];
    if (blob_put(data_dir, data, len, hash, blob_err, sizeof blob_err) != 0)
        return org_refuse(err, 503, "unavailable", NULL, "Không lưu được tệp; vui lòng thử lại.");
    form_job j = {code, name, hash, actor, document_id, err};
    int rc = store_write(s, write_form, &j);
    return rc == 0 ? 0 : catalog_store_failure(rc, err);
}

int catalog_form_file(store_conn *c, const char *code, int64_t document_id, char hash[BLOB_HASH_HEX],
                      char *name, size_t name_cap)
{
    store_stmt *st = store_prepare(c, "SELECT d.form_file, d.form_file_name FROM procedure_document d "
                                      "JOIN procedure p ON p.id = d.procedure_id "
                                      "WHERE p.code = ? AND d.id = ? AND d.retired = 0");
    if (!st)
        return -1;
    store_bind_text(st, 1, code);
    store_bind_int64(st, 2, document_id);
    int rc = store_step(st);
    int result = 1;
    if (rc == STORE_ROW && store_col_text(st, 0)) {
        snprintf(hash, BLOB_HASH_HEX, "%s", store_col_text(st, 0));
        snprintf(name, name_cap, "%s", store_col_text(st, 1) ? store_col_text(st, 1) : "mau-don");
        result = 0;
    } else if (rc != STORE_ROW && rc != STORE_DONE) {
        result = -1;
    }
    store_reset(st);
    return result;
}
