/* Import and export of procedures: JSON (xaso's shape or the national
 * portal's records) and CSV (one row per procedure). */
#include "catalog/internal.h"

#include "catalog/portal_parse.h"
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CSV_COLUMNS[] = {
    "code", "name", "field", "level", "competent_unit", "time_unit", "time_amount",
    "online_level", "result_type", "result_name", "status", "legal_basis", "documents", "fees",
    "workflow_template",
};
enum { CSV_COLUMN_COUNT = 15, IMPORT_MAX_BYTES = 64 << 20 };

static void problem(catalog_import_report *r, int row, const char *code, const char *message,
                    const char *field)
{
    r->refused++;
    json_array_append_new(r->problems, json_pack("{s:i, s:s?, s:s, s:s?}", "row", row, "code",
                                                 code, "message", message, "field", field));
}

/* Document ids belong to the database they came from; an import moves
 * data between databases, so they are dropped. */
static void drop_document_ids(json_t *procedure)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(procedure, "documents"), i, d) if (json_is_object(d))
        json_object_del(d, "id");
}

/* Saves one procedure and counts the outcome. */
static void import_one(store *s, json_t *procedure, int row, const char *actor, bool replace,
                       catalog_import_report *r)
{
    drop_document_ids(procedure);
    int64_t id;
    bool created;
    org_error e = {0};
    const char *code = json_string_value(json_object_get(procedure, "code"));
    if (catalog_procedure_save(s, procedure, actor, replace, &id, &created, &e) == 0) {
        if (created)
            r->created++;
        else
            r->replaced++;
        json_t *review = json_object_get(procedure, "review");
        const char *status = json_string_value(json_object_get(review, "status"));
        if (status && strcmp(status, "pending") == 0)
            r->pending_review++;
    } else if (e.status == 409) {
        r->skipped++;
    } else {
        problem(r, row, code, e.message, e.field);
    }
}

static void import_json(store *s, json_t *root, const char *actor, bool replace,
                        catalog_import_report *r)
{
    json_t *list = json_is_array(root) ? root : json_object_get(root, "procedures");
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        if (json_is_object(item) && json_object_get(item, "ma_thu_tuc")) {
            char err[200];
            json_t *procedure = portal_record_to_procedure(item, err, sizeof err);
            if (procedure)
                import_one(s, procedure, (int)i + 1, actor, replace, r);
            else
                problem(r, (int)i + 1, json_string_value(json_object_get(item, "ma_thu_tuc")), err,
                        NULL);
            json_decref(procedure);
        } else {
            import_one(s, item, (int)i + 1, actor, replace, r);
        }
    }
}

/* "kind|originals|copies|name" lines -> documents. */
static json_t *documents_from_cell(const char *cell)
{
    json_t *list = json_array();
    char *copy = strdup(cell), *save = NULL;
    for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        char kind[16];
        int originals, copies, consumed = 0;
        if (sscanf(line, "%15[a-z]|%d|%d|%n", kind, &originals, &copies, &consumed) == 3 && consumed)
            json_array_append_new(list, json_pack("{s:s, s:i, s:i, s:s}", "kind", kind, "originals",
                                                  originals, "copies", copies, "name", line + consumed));
        else
            json_array_append_new(list, json_pack("{s:s}", "name", line)); /* refused by the check */
    }
    free(copy);
    return list;
}

/* "kind|amount|description" lines -> fees. */
static json_t *fees_from_cell(const char *cell)
{
    json_t *list = json_array();
    char *copy = strdup(cell), *save = NULL;
    for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        char kind[16];
        long long amount;
        int consumed = 0;
        if (sscanf(line, "%15[a-z]|%lld|%n", kind, &amount, &consumed) == 2 && consumed)
            json_array_append_new(list, json_pack("{s:s, s:I, s:s}", "kind", kind, "amount",
                                                  (json_int_t)amount, "description", line + consumed));
        else
            json_array_append_new(list, json_pack("{s:s}", "description", line));
    }
    free(copy);
    return list;
}

static json_t *basis_from_cell(const char *cell)
{
    json_t *list = json_array();
    char *copy = strdup(cell), *save = NULL;
    for (char *code = copy ? strtok_r(copy, ";", &save) : NULL; code;
         code = strtok_r(NULL, ";", &save)) {
        while (*code == ' ')
            code++;
        if (*code)
            json_array_append_new(list, json_string(code));
    }
    free(copy);
    return list;
}

static void set_if(json_t *obj, const char *key, const char *value)
{
    if (value && *value)
        json_object_set_new(obj, key, json_string(value));
}

static json_t *procedure_from_row(char **f)
{
    json_t *p = json_object();
    set_if(p, "code", f[0]);
    set_if(p, "name", f[1]);
    set_if(p, "field", f[2]);
    set_if(p, "level", f[3]);
    set_if(p, "competent_unit", f[4]);
    if (*f[5]) {
        char *end;
        long amount = strtol(f[6], &end, 10);
        json_object_set_new(p, "time", *f[6] && !*end ? json_pack("{s:s, s:i}", "unit", f[5], "amount", (int)amount)
                                                      : json_pack("{s:s, s:s}", "unit", f[5], "amount", f[6]));
    }
    set_if(p, "online_level", f[7]);
    set_if(p, "result_type", f[8]);
    set_if(p, "result_name", f[9]);
    set_if(p, "status", f[10]);
    json_object_set_new(p, "legal_basis", basis_from_cell(f[11]));
    json_object_set_new(p, "documents", documents_from_cell(f[12]));
    json_object_set_new(p, "fees", fees_from_cell(f[13]));
    if (*f[14])
        json_object_set_new(p, "workflow", json_pack("{s:s}", "template", f[14]));
    json_object_set_new(p, "source", json_pack("{s:s}", "kind", "import"));
    return p;
}

static bool header_ok(char **fields, int n)
{
    if (n != CSV_COLUMN_COUNT)
        return false;
    for (int i = 0; i < n; i++)
        if (strcmp(fields[i], CSV_COLUMNS[i]) != 0)
            return false;
    return true;
}

static int import_csv(store *s, const char *text, size_t len, const char *actor, bool replace,
                      catalog_import_report *r, char *err, size_t errlen)
{
    csv_reader reader;
    csv_reader_init(&reader, text, len);
    arena a;
    arena_init(&a, 0);
    char *fields[CSV_COLUMN_COUNT + 1];
    int n = csv_read_record(&reader, &a, fields, CSV_COLUMN_COUNT + 1);
    if (n <= 0 || !header_ok(fields, n)) {
        snprintf(err, errlen, "Dòng đầu của tệp CSV phải là: code,name,field,level,competent_unit,"
                              "time_unit,time_amount,online_level,result_type,result_name,status,"
                              "legal_basis,documents,fees,workflow_template");
        arena_free(&a);
        return -1;
    }
    while ((n = csv_read_record(&reader, &a, fields, CSV_COLUMN_COUNT + 1)) != CSV_END) {
        if (n != CSV_COLUMN_COUNT) {
            problem(r, reader.line, NULL,
                    n == CSV_ERROR ? "Dòng CSV sai cú pháp (dấu ngoặc kép)." : "Dòng CSV phải có đúng 15 cột.",
                    NULL);
            if (n == CSV_ERROR)
                break; /* the rest cannot be delimited reliably */
            continue;
        }
        json_t *p = procedure_from_row(fields);
        import_one(s, p, reader.line, actor, replace, r);
        json_decref(p);
    }
    arena_free(&a);
    return 0;
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "Không mở được tệp %s.", path);
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 1 << 20;
            char *bigger = cap <= IMPORT_MAX_BYTES ? realloc(buf, cap) : NULL;
            if (!bigger) {
                snprintf(err, errlen, "Tệp quá lớn (tối đa 64 MiB).");
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = bigger;
        }
        size_t got = fread(buf + *len, 1, 65536, f);
        *len += got;
        if (got < 65536)
            break;
    }
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

int catalog_import_file(store *s, const char *path, const char *actor, bool replace,
                        catalog_import_report *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->problems = json_array();
    size_t len;
    char *text = read_file(path, &len, err, errlen);
    if (!text)
        return -1;
    const char *p = text + (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    int rc = 0;
    if (*p == '[' || *p == '{') {
        json_error_t je;
        json_t *root = json_loadb(p, len - (size_t)(p - text), 0, &je);
        if (!root || (!json_is_array(root) && !json_is_array(json_object_get(root, "procedures")))) {
            snprintf(err, errlen, "Tệp JSON không hợp lệ (dòng %d: %s).", je.line, root ? "cần một danh sách thủ tục" : je.text);
            rc = -1;
        } else {
            import_json(s, root, actor, replace, r);
        }
        json_decref(root);
    } else {
        rc = import_csv(s, text, len, actor, replace, r, err, errlen);
    }
    free(text);
    return rc;
}

/* --- CSV export ------------------------------------------------------------ */

typedef struct {
    char *buf;
    size_t len, cap;
    bool failed;
} text_buffer;

/* Room for n more bytes and the NUL. */
static bool reserve(text_buffer *t, size_t n)
{
    while (!t->failed && t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1 << 16;
        char *bigger = realloc(t->buf, cap);
        if (!bigger)
            t->failed = true;
        else {
            t->buf = bigger;
            t->cap = cap;
        }
    }
    return !t->failed;
}

static void add_field(text_buffer *t, const char *field, bool first)
{
    /* Quoting at most doubles a field, plus the quotes and the comma. */
    if (reserve(t, 2 * strlen(field ? field : "") + 3))
        csv_append_field(t->buf, t->cap, &t->len, field ? field : "", first);
}

static void end_row(text_buffer *t)
{
    if (reserve(t, 2)) {
        memcpy(t->buf + t->len, "\r\n", 3);
        t->len += 2;
    }
}

static char *joined_lines(json_t *list, const char *fmt_kind)
{
    size_t size = 1;
    size_t i;
    json_t *v;
    const char *key = strcmp(fmt_kind, "doc") == 0 ? "name" : "description";
    json_array_foreach(list, i, v) {
        const char *text = json_string_value(json_object_get(v, key));
        size += 64 + (text ? strlen(text) : 0);
    }
    char *out = malloc(size), *o = out;
    if (!out)
        return NULL;
    *o = '\0';
    json_array_foreach(list, i, v) {
        if (strcmp(fmt_kind, "doc") == 0)
            o += sprintf(o, "%s%s|%lld|%lld|%s", i ? "\n" : "",
                         json_string_value(json_object_get(v, "kind")),
                         (long long)json_integer_value(json_object_get(v, "originals")),
                         (long long)json_integer_value(json_object_get(v, "copies")),
                         json_string_value(json_object_get(v, "name")));
        else
            o += sprintf(o, "%s%s|%lld|%s", i ? "\n" : "",
                         json_string_value(json_object_get(v, "kind")),
                         (long long)json_integer_value(json_object_get(v, "amount")),
                         json_string_value(json_object_get(v, "description")));
    }
    return out;
}

static void add_procedure_row(text_buffer *t, json_t *p)
{
    json_t *time = json_object_get(p, "time");
    char amount[24] = "", basis[8192] = "";
    if (json_is_object(time))
        snprintf(amount, sizeof amount, "%lld", (long long)json_integer_value(json_object_get(time, "amount")));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(p, "legal_basis"), i, v) {
        if (strlen(basis) + json_string_length(v) + 3 < sizeof basis) {
            if (i)
                strcat(basis, "; ");
            strcat(basis, json_string_value(v));
        }
    }
    char *documents = joined_lines(json_object_get(p, "documents"), "doc");
    char *fees = joined_lines(json_object_get(p, "fees"), "fee");
    const char *cells[CSV_COLUMN_COUNT] = {
        json_string_value(json_object_get(p, "code")), json_string_value(json_object_get(p, "name")),
        json_string_value(json_object_get(p, "field")), json_string_value(json_object_get(p, "level")),
        json_string_value(json_object_get(p, "competent_unit")),
        json_string_value(json_object_get(time, "unit")), amount,
        json_string_value(json_object_get(p, "online_level")),
        json_string_value(json_object_get(p, "result_type")),
        json_string_value(json_object_get(p, "result_name")),
        json_string_value(json_object_get(p, "status")), basis, documents, fees, "",
    };
    for (int c = 0; c < CSV_COLUMN_COUNT; c++)
        add_field(t, cells[c], c == 0);
    end_row(t);
    t->failed = t->failed || !documents || !fees;
    free(documents);
    free(fees);
}

char *catalog_export_csv(store_conn *c)
{
    json_t *all = catalog_export(c);
    if (!all)
        return NULL;
    text_buffer t = {0};
    for (int i = 0; i < CSV_COLUMN_COUNT; i++)
        add_field(&t, CSV_COLUMNS[i], i == 0);
    end_row(&t);
    size_t i;
    json_t *p;
    json_array_foreach(all, i, p) add_procedure_row(&t, p);
    json_decref(all);
    if (t.failed) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}
