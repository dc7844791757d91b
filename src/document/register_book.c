/* Sổ đăng ký văn bản đi and văn bản đến (NĐ 30/2020 Điều 16, 22 and the
 * model registers of Phụ lục IV), one per unit and year, the confidential
 * ones apart (Điều 15 khoản 2, Điều 22 khoản 4). The system's register is
 * printed, signed for and bound (Điều 22 khoản 3 đ. b): as JSON, an A4
 * landscape PDF, or XLSX. Outgoing rows are the documents given a number
 * (signed, issued, sent); incoming rows every document registered. */
#include "document/incoming.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/timefmt.h"
#include "media/pdf.h"
#include "media/sheet.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdlib.h>
#include <string.h>

enum { OUT_COLS = 10, IN_COLS = 9, MAX_COLS = 10, REGISTER_MAX_ROWS = 20000 };

typedef struct {
    const char *title, *key;
    float share;
    double width;
} book_column;

/* Phụ lục IV: Sổ đăng ký văn bản đi. */
static const book_column OUT_COLUMNS[OUT_COLS] = {
    {"Số, ký hiệu văn bản", "number_notation", 1.4f, 16},
    {"Ngày tháng văn bản", "issued_date", 1.0f, 12},
    {"Tên loại và trích yếu nội dung", "type_subject", 3.2f, 40},
    {"Người ký", "signer", 1.3f, 18},
    {"Nơi nhận văn bản", "recipients", 2.0f, 28},
    {"Đơn vị, người nhận bản lưu", "file_copy", 1.5f, 20},
    {"Số lượng bản", "copies", 0.7f, 8},
    {"Ngày chuyển", "sent_date", 1.0f, 12},
    {"Ký nhận", "signed_for", 0.9f, 10},
    {"Ghi chú", "note", 1.2f, 16},
};

/* Phụ lục IV: Sổ đăng ký văn bản đến. */
static const book_column IN_COLUMNS[IN_COLS] = {
    {"Ngày đến", "arrival_date", 1.0f, 12},
    {"Số đến", "arrival_number", 0.7f, 8},
    {"Tác giả", "author", 2.0f, 28},
    {"Số, ký hiệu", "number_notation", 1.4f, 16},
    {"Ngày tháng", "issued_date", 1.0f, 12},
    {"Tên loại và trích yếu nội dung", "type_subject", 3.4f, 44},
    {"Đơn vị hoặc người nhận", "receiver", 1.8f, 24},
    {"Ký nhận", "signed_for", 0.9f, 10},
    {"Ghi chú", "note", 1.3f, 18},
};

typedef struct {
    bool out, secret;
    int64_t unit_id, account_id;
    int year;
    const char *unit_name;
} book_query;

typedef struct {
    const char **cells; /* rows × ncols */
    const int64_t *ids; /* each row's document, for the JSON's links (not printed) */
    int rows, ncols;
} book_rows;

static const char *text(arena *a, store_stmt *st, int col)
{
    const char *s = store_col_text(st, col);
    return arena_strdup(a, s ? s : "");
}

/* "2026-12-01" -> "01/12/2026". */
static const char *date_vn(arena *a, const char *iso_date)
{
    civil_date d;
    char out[CIVIL_DATE_TEXT_LEN];
    if (!iso_date || !civil_date_parse(iso_date, &d))
        return "";
    civil_date_format_vn(d, out);
    return arena_strdup(a, out);
}

/* An instant shown as its local date. */
static const char *instant_vn(arena *a, const char *iso)
{
    int64_t ms;
    char out[CIVIL_DATE_TEXT_LEN];
    if (!iso || !timefmt_parse_iso_utc(iso, &ms))
        return "";
    civil_date_format_vn(civil_from_day_number(deadline_local_day(ms)), out);
    return arena_strdup(a, out);
}

static const char *number_notation(arena *a, const char *number, const char *notation)
{
    if (!number)
        return "";
    return notation ? arena_printf(a, "%s/%s", number, notation) : arena_strdup(a, number);
}

static const char *type_subject(arena *a, const char *type, const char *subject)
{
    return arena_printf(a, "%s: %s", type ? type : "", subject ? subject : "");
}

static const char *note_of(arena *a, const char *secrecy, const char *status, const char *description)
{
    const char *mark = document_secrecy_name(secrecy);
    bool refused = status && strcmp(status, "refused") == 0;
    return arena_printf(a, "%s%s%s%s%s", mark && *mark ? mark : "", mark && *mark && (refused || description) ? "; " : "",
                        refused ? "Đã trả lại nơi gửi" : "", refused && description ? "; " : "",
                        description ? description : "");
}

static const char OUT_SQL[] =
    "SELECT d.id, d.code_number, d.code_notation, d.issued_date, d.type_name, d.subject,"
    " COALESCE(d.signer_full_name, s.full_name), du.name, dr.full_name, d.issued_amount,"
    " COALESCE(d.sent_at, d.issued_at), d.description, d.secrecy, d.status"
    " FROM document d LEFT JOIN account s ON s.id = d.signer_account_id"
    " LEFT JOIN unit du ON du.id = d.drafting_unit_id LEFT JOIN account dr ON dr.id = d.drafter_account_id"
    " WHERE d.direction = 'out' AND d.unit_id = ? AND d.year = ? AND d.register = ?"
    " AND d.status IN ('signed', 'issued', 'sent') ORDER BY d.seq, d.id LIMIT 20000";

static const char IN_SQL[] =
    "SELECT d.id, d.arrival_date, d.seq, d.organ_name, d.code_number, d.code_notation, d.issued_date,"
    " d.type_name, d.subject, h.name, a.full_name, d.to_places, d.description, d.secrecy, d.status"
    " FROM document d LEFT JOIN unit h ON h.id = d.handling_unit_id"
    " LEFT JOIN account a ON a.id = d.handler_account_id"
    " WHERE d.direction = 'in' AND d.unit_id = ? AND d.year = ? AND d.register = ? ORDER BY d.seq, d.id LIMIT 20000";

static void out_row(arena *a, store_stmt *st, const char **row)
{
    row[0] = number_notation(a, store_col_text(st, 1), store_col_text(st, 2));
    row[1] = date_vn(a, store_col_text(st, 3));
    row[2] = type_subject(a, store_col_text(st, 4), store_col_text(st, 5));
    row[3] = text(a, st, 6);
    row[4] = ""; /* the recipients, filled in afterwards */
    const char *unit = store_col_text(st, 7), *drafter = store_col_text(st, 8);
    row[5] = arena_printf(a, "%s%s%s", unit ? unit : "", unit && drafter ? "\n" : "", drafter ? drafter : "");
    row[6] = store_col_is_null(st, 9) ? "" : arena_printf(a, "%lld", (long long)store_col_int64(st, 9));
    row[7] = instant_vn(a, store_col_text(st, 10));
    row[8] = "";
    row[9] = note_of(a, store_col_text(st, 12), NULL, store_col_text(st, 11));
}

static void in_row(arena *a, store_stmt *st, const char **row)
{
    row[0] = instant_vn(a, store_col_text(st, 1));
    row[1] = arena_printf(a, "%lld", (long long)store_col_int64(st, 2));
    row[2] = text(a, st, 3);
    row[3] = number_notation(a, store_col_text(st, 4), store_col_text(st, 5));
    row[4] = date_vn(a, store_col_text(st, 6));
    row[5] = type_subject(a, store_col_text(st, 7), store_col_text(st, 8));
    const char *unit = store_col_text(st, 9), *handler = store_col_text(st, 10), *places = store_col_text(st, 11);
    row[6] = unit ? arena_printf(a, "%s%s%s", unit, handler ? "\n" : "", handler ? handler : "")
                  : arena_strdup(a, places ? places : "");
    row[7] = "";
    row[8] = note_of(a, store_col_text(st, 13), store_col_text(st, 14), store_col_text(st, 12));
}

static const char *recipients_of(store_conn *c, arena *a, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT organ_name FROM document_recipient WHERE document_id = ? ORDER BY id");
    if (!st)
        return "";
    store_bind_int64(st, 1, id);
    const char *out = "";
    while (store_step(st) == STORE_ROW)
        out = arena_printf(a, "%s%s- %s", out, *out ? "\n" : "", store_col_text(st, 0));
    store_reset(st);
    return out;
}

/* The rows, the confidential ones only those the caller may see. Returns
 * false on a store error. */
static bool book_read(store_conn *c, arena *a, const book_query *q, book_rows *out)
{
    out->ncols = q->out ? OUT_COLS : IN_COLS;
    out->rows = 0;
    store_stmt *st = store_prepare(c, q->out ? OUT_SQL : IN_SQL);
    if (!st)
        return false;
    store_bind_int64(st, 1, q->unit_id);
    store_bind_int64(st, 2, q->year);
    store_bind_text(st, 3, q->out ? (q->secret ? "out_secret" : "out") : (q->secret ? "in_secret" : "in"));
    size_t cap = 64, n = 0, cols = (size_t)out->ncols;
    const char **cells = arena_alloc(a, sizeof(char *) * cols * cap);
    int64_t *ids = arena_alloc(a, sizeof(int64_t) * cap);
    int rc = STORE_DONE;
    while (cells && ids && (rc = store_step(st)) == STORE_ROW) {
        if (n == cap) {
            const char **more = arena_alloc(a, sizeof(char *) * cols * cap * 2);
            int64_t *more_ids = arena_alloc(a, sizeof(int64_t) * cap * 2);
            if (!more || !more_ids)
                break;
            memcpy(more, cells, sizeof(char *) * cols * cap);
            memcpy(more_ids, ids, sizeof(int64_t) * cap);
            cells = more;
            ids = more_ids;
            cap *= 2;
        }
        ids[n] = store_col_int64(st, 0);
        (q->out ? out_row : in_row)(a, st, cells + n * cols);
        n++;
    }
    store_reset(st);
    if (!cells || !ids || (rc != STORE_DONE && rc != STORE_ROW))
        return false;
    /* Drop what the caller may not see; fill in the recipients. */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (q->secret && !document_visible(c, q->account_id, ids[i]))
            continue;
        if (kept != i) {
            memmove(cells + kept * cols, cells + i * cols, sizeof(char *) * cols);
            ids[kept] = ids[i];
        }
        if (q->out)
            cells[kept * cols + 4] = recipients_of(c, a, ids[i]);
        kept++;
    }
    out->cells = cells;
    out->ids = ids;
    out->rows = (int)kept;
    return true;
}

static const char *book_title(const book_query *q)
{
    return q->out ? (q->secret ? "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐI" : "SỔ ĐĂNG KÝ VĂN BẢN ĐI")
                  : (q->secret ? "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐẾN" : "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN");
}

static void *book_pdf(arena *a, const book_query *q, const book_rows *r, size_t *len)
{
    char err[200];
    pdf_doc *pdf = pdf_new(err, sizeof err);
    if (!pdf)
        return NULL;
    pdf_landscape(pdf);
    if (q->unit_name)
        pdf_paragraph(pdf, q->unit_name, true, 11);
    pdf_title(pdf, book_title(q), arena_printf(a, "Năm %d", q->year));
    const book_column *cols = q->out ? OUT_COLUMNS : IN_COLUMNS;
    pdf_column pc[MAX_COLS];
    for (int i = 0; i < r->ncols; i++)
        pc[i] = (pdf_column){cols[i].title, cols[i].share};
    pdf_table(pdf, pc, r->ncols, r->cells, r->rows, 7.5f);
    if (r->rows == 0)
        pdf_paragraph(pdf, "Chưa có văn bản nào trong sổ.", false, 11);
    void *bytes = pdf_finish(pdf, len);
    pdf_free(pdf);
    return bytes;
}

static void *book_xlsx(arena *a, const char *tmp_dir, const book_query *q, const book_rows *r, size_t *len)
{
    const book_column *cols = q->out ? OUT_COLUMNS : IN_COLUMNS;
    sheet_column sc[MAX_COLS];
    for (int i = 0; i < r->ncols; i++)
        sc[i] = (sheet_column){cols[i].title, cols[i].width};
    return sheet_xlsx(tmp_dir, q->out ? "So van ban di" : "So van ban den", book_title(q),
                      arena_printf(a, "%s – năm %d", q->unit_name ? q->unit_name : "", q->year), sc, r->ncols,
                      r->cells, r->rows, len);
}

static json_t *book_json(const book_query *q, const book_rows *r, const char *unit_code)
{
    const book_column *cols = q->out ? OUT_COLUMNS : IN_COLUMNS;
    json_t *items = json_array();
    for (int i = 0; i < r->rows; i++) {
        json_t *o = json_pack("{s:I}", "id", (json_int_t)r->ids[i]);
        for (int k = 0; k < r->ncols; k++)
            json_object_set_new(o, cols[k].key, json_string(r->cells[(size_t)i * (size_t)r->ncols + (size_t)k]));
        json_array_append_new(items, o);
    }
    json_t *columns = json_array();
    for (int k = 0; k < r->ncols; k++)
        json_array_append_new(columns, json_pack("{s:s, s:s}", "key", cols[k].key, "title", cols[k].title));
    return json_pack("{s:s, s:s, s:s, s:s?, s:i, s:b, s:i, s:o, s:o}", "register",
                     q->out ? "out" : "in", "title", book_title(q), "unit", unit_code, "unit_name", q->unit_name,
                     "year", q->year, "secret", q->secret, "count", r->rows, "columns", columns, "items", items);
}

typedef struct {
    const char *actor;
    const book_query *q;
    int rows;
} secret_read;

/* Reading the confidential register is recorded (Điều 22 khoản 4). */
static int audit_secret(store_conn *c, void *ctx)
{
    secret_read *r = ctx;
    return audit_record(c, r->actor, "document.register.read", "unit", r->q->unit_id,
                        json_pack("{s:s, s:i, s:b, s:i}", "register", r->q->out ? "out" : "in", "year", r->q->year,
                                  "secret", true, "rows", r->rows));
}

/* May the caller read the unit's secret registers: as its văn thư or as a
 * leader who signs its documents, by role and by the token's scopes? */
static bool secret_reader(const web_request *req, store_conn *c, int64_t account_id, int64_t unit_id)
{
    static const char *const permissions[] = {"document.clerk", "document.sign"};
    for (size_t i = 0; i < sizeof permissions / sizeof permissions[0]; i++)
        if (org_request_scoped(req, permissions[i]) && org_may_near(c, account_id, permissions[i], unit_id))
            return true;
    return false;
}

static bool book_params(web_request *req, org_state *os, book_query *q, const char **format, const char **unit_code)
{
    const char *kind = web_param(req, "kind");
    q->out = kind && strcmp(kind, "out") == 0;
    if (!kind || (!q->out && strcmp(kind, "in") != 0)) {
        web_reply_error(req, 404, "not_found", "kind", "Sổ đăng ký là out (văn bản đi) hoặc in (văn bản đến).");
        return false;
    }
    *format = web_query(req, "format") ? web_query(req, "format") : "json";
    if (strcmp(*format, "json") != 0 && strcmp(*format, "pdf") != 0 && strcmp(*format, "xlsx") != 0) {
        web_reply_error(req, 422, "invalid_field", "format", "Định dạng là json, pdf hoặc xlsx.");
        return false;
    }
    const char *secret = web_query(req, "secret");
    q->secret = secret && strcmp(secret, "1") == 0;
    if (secret && !q->secret && strcmp(secret, "0") != 0) {
        web_reply_error(req, 422, "invalid_field", "secret", "secret là 0 hoặc 1.");
        return false;
    }
    long year = civil_from_day_number(deadline_local_day(req->now_ms)).year;
    if (!web_query_int(req, "year", 2000, 2100, "Năm từ 2000 đến 2100.", &year))
        return false;
    q->year = (int)year;
    q->account_id = org_caller(req);
    store_conn *c = store_reader(os->store);
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    /* The unit named, else the caller's commune. */
    const char *code = web_query(req, "unit");
    if (code) {
        if (!org_resolve_unit(req, os->store, "document.read", ORG_REACH_NEAR, code, &q->unit_id, unit_code))
            return false;
    } else {
        q->unit_id = document_commune_of(c, document_account_unit(c, q->account_id));
        if (!org_require_unit(req, os->store, "document.read", q->unit_id, ORG_REACH_NEAR))
            return false;
    }
    /* The confidential registers: the văn thư and the signing leaders only
     * (and a token only with document.clerk or document.sign in its scopes:
     * the route asks for document.read). */
    if (q->secret && !secret_reader(req, c, q->account_id, q->unit_id)) {
        web_reply_error(req, 403, "forbidden", "secret",
                        "Sổ văn bản mật chỉ dành cho văn thư và lãnh đạo ký văn bản của đơn vị.");
        return false;
    }
    store_stmt *st = store_prepare(c, "SELECT agency_code, name FROM unit WHERE id = ?");
    if (!st) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    store_bind_int64(st, 1, q->unit_id);
    if (store_step(st) == STORE_ROW) {
        *unit_code = arena_strdup(&req->arena, store_col_text(st, 0));
        q->unit_name = arena_strdup(&req->arena, store_col_text(st, 1));
    }
    store_reset(st);
    return true;
}

static void get_register(web_request *req, void *ctx)
{
    org_state *os = ctx;
    book_query q = {0};
    const char *format, *unit_code = NULL;
    if (!book_params(req, os, &q, &format, &unit_code))
        return;
    book_rows rows;
    if (!book_read(store_reader(os->store), &req->arena, &q, &rows)) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    secret_read audit = {req->who.subject, &q, rows.rows};
    if (q.secret && store_write(os->store, audit_secret, &audit) != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (strcmp(format, "json") == 0) {
        web_reply_json(req, 200, book_json(&q, &rows, unit_code));
        return;
    }
    bool pdf = strcmp(format, "pdf") == 0;
    size_t len = 0;
    void *bytes = pdf ? book_pdf(&req->arena, &q, &rows, &len) : book_xlsx(&req->arena, os->data_dir, &q, &rows, &len);
    char *copy = bytes ? arena_alloc(&req->arena, len + 1) : NULL;
    if (copy)
        memcpy(copy, bytes, len);
    free(bytes);
    if (!copy) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_bytes(req, 200, pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    copy, len);
    web_add_header(req, "Content-Disposition",
                   arena_printf(&req->arena, "%s; filename=\"so-van-ban-%s%s-%d.%s\"", pdf ? "inline" : "attachment",
                                q.out ? "di" : "den", q.secret ? "-mat" : "", q.year, format));
}

int document_register_routes(web_server *w, org_state *st)
{
    const web_route r = {.method = "GET", .pattern = "/api/v1/documents/registers/{kind}", .handler = get_register,
                         .ctx = st, .permission = "document.read"};
    return web_server_route(w, &r);
}
