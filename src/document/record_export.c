/* Mục lục văn bản: the cover list of a work record, the documents filed in
 * it by their ordinal (NĐ 30/2020 Điều 29–30: a closed record is arranged and
 * its documents listed), as an A4 PDF or an XLSX sheet. Confidential
 * documents the reader may not see are left out; the subtitle counts them. */
#include "document/record.h"

#include "core/civil_date.h"
#include "core/record_code.h"
#include "media/pdf.h"
#include "media/sheet.h"

#include <stdlib.h>
#include <string.h>

enum { COVER_COLS = 7 };

static const struct {
    const char *title;
    float share;
    double width;
} COLUMNS[COVER_COLS] = {
    {"STT", 0.6f, 6},
    {"Số, ký hiệu văn bản", 1.6f, 20},
    {"Ngày, tháng, năm văn bản", 1.2f, 14},
    {"Tác giả văn bản", 1.8f, 28},
    {"Tên loại và trích yếu nội dung văn bản", 3.6f, 56},
    {"Số trang", 0.7f, 8},
    {"Ghi chú", 1.2f, 20},
};

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* "05/QĐ-UBND", or the number alone, or nothing yet. */
static const char *number_cell(arena *a, json_t *o)
{
    const char *n = str(o, "code_number"), *k = str(o, "code_notation");
    return *n && *k ? arena_printf(a, "%s/%s", n, k) : arena_strdup(a, *n ? n : k);
}

static const char *date_cell(arena *a, const char *iso)
{
    civil_date d;
    if (!civil_date_parse(iso, &d))
        return "";
    char vn[CIVIL_DATE_TEXT_LEN];
    civil_date_format_vn(d, vn);
    return arena_strdup(a, vn);
}

/* The cells, COVER_COLS a row; the rows' count in *rows. */
static const char **cover_cells(arena *a, json_t *docs, int *rows)
{
    size_t n = json_array_size(docs);
    const char **cells = arena_alloc(a, sizeof(char *) * COVER_COLS * (n ? n : 1));
    if (!cells)
        return NULL;
    size_t i;
    json_t *o;
    json_array_foreach(docs, i, o)
    {
        const char **row = cells + i * COVER_COLS;
        json_t *pages = json_object_get(o, "page_amount");
        row[0] = arena_printf(a, "%lld", (long long)json_integer_value(json_object_get(o, "ordinal")));
        row[1] = number_cell(a, o);
        row[2] = date_cell(a, str(o, "issued_date"));
        row[3] = arena_strdup(a, str(o, "organ_name"));
        row[4] = arena_printf(a, "%s%s%s", str(o, "type_name"), *str(o, "type_name") ? ": " : "", str(o, "subject"));
        row[5] = json_is_integer(pages) ? arena_printf(a, "%lld", (long long)json_integer_value(pages)) : "";
        const char *secrecy = document_secrecy_name(str(o, "secrecy"));
        row[6] = arena_printf(a, "%s%s%s", secrecy ? secrecy : "", secrecy && *secrecy && *str(o, "description") ? "; " : "",
                              str(o, "description"));
    }
    *rows = (int)n;
    return cells;
}

static const char *cover_subtitle(arena *a, const work_record_row *r, int hidden)
{
    char code[RECORD_FILE_CODE_LEN];
    record_file_code(r->unit_code, r->year, r->notation, code, sizeof code);
    const char *s = arena_printf(a, "Hồ sơ số %s — %s\nThời hạn bảo quản: %s. Chế độ sử dụng: %s. Gồm %lld văn bản,"
                                    " %lld trang.",
                                 code, r->title, r->maintenance, r->rights, (long long)r->doc_total,
                                 (long long)r->page_total);
    if (hidden)
        s = arena_printf(a, "%s Có %d văn bản mật không hiển thị với người đọc này.", s, hidden);
    return s;
}

static void *cover_pdf(const work_record_row *r, const char *subtitle, const char *const *cells, int rows,
                       size_t *len)
{
    char err[200];
    pdf_doc *pdf = pdf_new(err, sizeof err);
    if (!pdf)
        return NULL;
    pdf_title(pdf, "MỤC LỤC VĂN BẢN", subtitle);
    if (r->unit_name)
        pdf_paragraph(pdf, r->unit_name, false, 11);
    pdf_column cols[COVER_COLS];
    for (int i = 0; i < COVER_COLS; i++)
        cols[i] = (pdf_column){COLUMNS[i].title, COLUMNS[i].share};
    pdf_table(pdf, cols, COVER_COLS, cells, rows, 8.5f);
    if (rows == 0)
        pdf_paragraph(pdf, "Hồ sơ chưa có văn bản nào.", false, 11);
    void *bytes = pdf_finish(pdf, len);
    pdf_free(pdf);
    return bytes;
}

static void *cover_xlsx(const char *tmp_dir, const char *subtitle, const char *const *cells, int rows, size_t *len)
{
    sheet_column cols[COVER_COLS];
    for (int i = 0; i < COVER_COLS; i++)
        cols[i] = (sheet_column){COLUMNS[i].title, COLUMNS[i].width};
    return sheet_xlsx(tmp_dir, "Muc luc van ban", "MỤC LỤC VĂN BẢN", subtitle, cols, COVER_COLS, cells, rows, len);
}

/* GET /api/v1/work-records/{id}/export?format=pdf|xlsx */
static void export_cover(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *format = web_query(req, "format") ? web_query(req, "format") : "pdf";
    if (strcmp(format, "pdf") != 0 && strcmp(format, "xlsx") != 0) {
        web_reply_error(req, 422, "invalid_field", "format", "Định dạng là pdf hoặc xlsx.");
        return;
    }
    work_record_row r;
    if (!work_record_in_reach(req, st, false, &r))
        return;
    int hidden, rows = 0;
    store_conn *c = store_reader(st->store);
    json_t *docs = c ? work_record_documents(c, org_caller(req), r.id, &hidden) : NULL;
    const char **cells = docs ? cover_cells(&req->arena, docs, &rows) : NULL;
    json_decref(docs);
    size_t len = 0;
    bool pdf = strcmp(format, "pdf") == 0;
    void *bytes = NULL;
    if (cells) {
        const char *subtitle = cover_subtitle(&req->arena, &r, hidden);
        bytes = pdf ? cover_pdf(&r, subtitle, cells, rows, &len) : cover_xlsx(st->data_dir, subtitle, cells, rows, &len);
    }
    char *copy = bytes ? arena_alloc(&req->arena, len) : NULL;
    if (!copy) {
        free(bytes);
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    memcpy(copy, bytes, len);
    free(bytes);
    web_reply_bytes(req, 200, pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    copy, len);
    char *name = arena_printf(&req->arena, "muc-luc-ho-so-%s-%d-%s.%s", r.unit_code, r.year, r.notation, format);
    for (char *p = name; p && *p; p++)
        if (*p == '/')
            *p = '-'; /* "05/VX" */
    web_add_attachment_name(req, name);
}

int document_record_export_routes(web_server *w, org_state *st)
{
    const web_route route = {.method = "GET", .pattern = "/api/v1/work-records/{id}/export", .handler = export_cover,
                             .ctx = st, .permission = "document.records"};
    return web_server_route(w, &route);
}
