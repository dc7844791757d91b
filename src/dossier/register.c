/* Sổ theo dõi hồ sơ: the register of dossiers received in a period, in the
 * columns of the model register of Thông tư 01/2018/TT-VPCP, as JSON, as an
 * A4 landscape PDF, or as XLSX. Reading it is audited: it lists applicants. */
#include "dossier/internal.h"

#include "core/timefmt.h"
#include "media/pdf.h"
#include "media/sheet.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REGISTER_COLS = 12, REGISTER_MAX_ROWS = 10000, REGISTER_MAX_DAYS = 366 };

static const struct {
    const char *title;
    float share;
    double width;
} COLUMNS[REGISTER_COLS] = {
    {"STT", 0.7f, 5},
    {"Mã hồ sơ", 3.0f, 26},
    {"Tên thủ tục hành chính", 2.4f, 36},
    {"Số lượng hồ sơ (bộ)", 0.9f, 8},
    {"Tên người nộp hồ sơ, địa chỉ, số điện thoại", 2.3f, 32},
    {"Cơ quan chủ trì giải quyết", 1.6f, 22},
    {"Nhận hồ sơ (giờ, ngày)", 1.3f, 18},
    {"Hẹn trả kết quả (giờ, ngày)", 1.3f, 18},
    {"Chuyển hồ sơ đến cơ quan giải quyết", 1.3f, 18},
    {"Nhận kết quả từ cơ quan giải quyết", 1.3f, 18},
    {"Trả kết quả cho tổ chức, cá nhân", 1.3f, 18},
    {"Ghi chú", 1.3f, 24},
};

static const char *col(arena *a, store_stmt *st, int i)
{
    const char *s = store_col_text(st, i);
    return arena_strdup(a, s ? s : "");
}

static const char *applicant_cell(arena *a, const char *json)
{
    json_t *j = json_loads(json ? json : "{}", 0, NULL);
    const char *name = json_string_value(json_object_get(j, "full_name"));
    const char *address = json_string_value(json_object_get(j, "address"));
    const char *phone = json_string_value(json_object_get(j, "phone"));
    const char *out = arena_printf(a, "%s%s%s%s%s", name ? name : "", address ? "\n" : "", address ? address : "",
                                   phone ? "\nĐT: " : "", phone ? phone : "");
    json_decref(j);
    return out;
}

/* Ghi chú: how it ended, or whether it is late now. */
static const char *note_cell(const char *end_kind, const char *due, const char *finished, int64_t now)
{
    static const char *const kinds[][2] = {{"not_received", "Không tiếp nhận"}, {"refused", "Từ chối giải quyết"},
                                           {"withdrawn", "Rút hồ sơ"}, {"stopped", "Dừng giải quyết"}};
    for (size_t i = 0; end_kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(end_kind, kinds[i][0]) == 0)
            return kinds[i][1];
    int64_t due_ms, done_ms;
    if (!due || !timefmt_parse_iso_utc(due, &due_ms))
        return "";
    bool done = finished && timefmt_parse_iso_utc(finished, &done_ms);
    if (done)
        return done_ms > due_ms ? "Trả quá hạn" : "Đúng hạn";
    return now > due_ms ? "Đang quá hạn" : "";
}

int dossier_register_rows(store_conn *c, arena *a, const dossier_register_query *q, const char ***cells)
{
    *cells = NULL;
    char from[TIMEFMT_ISO_LEN], to[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(deadline_instant(q->from_day, 0), from);
    timefmt_iso_utc(deadline_instant(q->to_day + 1, 0), to);
    store_stmt *st = store_prepare(
        c, "SELECT d.code, p.name, d.applicant, k.name, d.received_at, d.due_at,"
           " (SELECT MIN(e.at) FROM dossier_event e WHERE e.dossier_id = d.id AND e.action IN ('forward', 'transfer')),"
           " d.finished_at, d.returned_at, d.end_kind"
           " FROM dossier d JOIN procedure p ON p.id = d.procedure_id JOIN unit r ON r.id = d.receiving_unit_id"
           " JOIN unit k ON k.id = d.competent_unit_id LEFT JOIN unit t ON t.id = r.parent_id"
           " WHERE COALESCE(d.received_at, d.submitted_at) >= ?1 AND COALESCE(d.received_at, d.submitted_at) < ?2"
           " AND (CAST(?3 AS TEXT) IS NULL OR r.agency_code = ?3 OR t.agency_code = ?3)"
           " AND d.receiving_unit_id IN " ORG_NEAR_UNITS(4, 5)
           " ORDER BY COALESCE(d.received_at, d.submitted_at), d.id LIMIT 10000");
    if (!st)
        return -1;
    store_bind_text(st, 1, from);
    store_bind_text(st, 2, to);
    if (q->unit)
        store_bind_text(st, 3, q->unit);
    else
        store_bind_null(st, 3);
    store_bind_int64(st, 4, q->account_id);
    store_bind_text(st, 5, org_permission_roles("dossier.register"));
    size_t cap = 64, n = 0;
    const char **out = arena_alloc(a, sizeof(char *) * REGISTER_COLS * cap);
    while (out && store_step(st) == STORE_ROW) {
        if (n == cap) {
            const char **bigger = arena_alloc(a, sizeof(char *) * REGISTER_COLS * cap * 2);
            if (!bigger)
                break;
            memcpy(bigger, out, sizeof(char *) * REGISTER_COLS * cap);
            out = bigger;
            cap *= 2;
        }
        const char **row = out + n * REGISTER_COLS;
        row[0] = arena_printf(a, "%zu", n + 1);
        row[1] = col(a, st, 0);
        row[2] = col(a, st, 1);
        row[3] = "01";
        row[4] = applicant_cell(a, store_col_text(st, 2));
        row[5] = col(a, st, 3);
        for (int i = 0; i < 5; i++) /* received, due, forwarded, finished, returned */
            row[6 + i] = paper_local_text(a, store_col_text(st, 4 + i));
        row[11] = note_cell(store_col_text(st, 9), store_col_text(st, 5), store_col_text(st, 7), q->now);
        n++;
    }
    store_reset(st);
    *cells = out;
    return (int)n;
}

typedef struct {
    const char *actor;
    const dossier_register_query *q;
    int rows;
} register_audit;

static int audit_read(store_conn *c, void *ctx)
{
    register_audit *r = ctx;
    civil_date from = civil_from_day_number(r->q->from_day), to = civil_from_day_number(r->q->to_day);
    char f[16], t[16];
    snprintf(f, sizeof f, "%04d-%02d-%02d", from.year, from.month, from.day);
    snprintf(t, sizeof t, "%04d-%02d-%02d", to.year, to.month, to.day);
    return audit_record(c, r->actor, "dossier.register.read", "dossier", 0,
                        json_pack("{s:s, s:s, s:s?, s:s, s:i}", "from", f, "to", t, "unit", r->q->unit, "format",
                                  r->q->format, "rows", r->rows));
}

static const char *period_text(arena *a, const dossier_register_query *q)
{
    civil_date from = civil_from_day_number(q->from_day), to = civil_from_day_number(q->to_day);
    return arena_printf(a, "Từ ngày %02d/%02d/%04d đến ngày %02d/%02d/%04d", from.day, from.month, from.year,
                        to.day, to.month, to.year);
}

static void *register_pdf(const char *const *cells, int rows, const char *period, const char *unit_name,
                          size_t *len)
{
    char err[200];
    pdf_doc *pdf = pdf_new(err, sizeof err);
    if (!pdf)
        return NULL;
    pdf_landscape(pdf);
    pdf_title(pdf, "SỔ THEO DÕI HỒ SƠ", period);
    if (unit_name && *unit_name)
        pdf_paragraph(pdf, unit_name, false, 11);
    pdf_column cols[REGISTER_COLS];
    for (int i = 0; i < REGISTER_COLS; i++)
        cols[i] = (pdf_column){COLUMNS[i].title, COLUMNS[i].share};
    pdf_table(pdf, cols, REGISTER_COLS, cells, rows, 7.5f);
    if (rows == 0)
        pdf_paragraph(pdf, "Không có hồ sơ nào trong thời gian này.", false, 11);
    void *bytes = pdf_finish(pdf, len);
    pdf_free(pdf);
    return bytes;
}

static void *register_xlsx(const char *tmp_dir, const char *const *cells, int rows, const char *period, size_t *len)
{
    sheet_column cols[REGISTER_COLS];
    for (int i = 0; i < REGISTER_COLS; i++)
        cols[i] = (sheet_column){COLUMNS[i].title, COLUMNS[i].width};
    return sheet_xlsx(tmp_dir, "So theo doi ho so", "SỔ THEO DÕI HỒ SƠ", period, cols, REGISTER_COLS, cells, rows, len);
}

static json_t *register_json(const char *const *cells, int rows)
{
    static const char *const keys[REGISTER_COLS] = {"no", "code", "procedure", "count", "applicant", "competent_unit",
                                                    "received", "due", "forwarded", "finished", "returned", "note"};
    json_t *items = json_array();
    for (int r = 0; r < rows; r++) {
        json_t *o = json_object();
        for (int c = 0; c < REGISTER_COLS; c++)
            json_object_set_new(o, keys[c], json_string(cells[(size_t)r * REGISTER_COLS + (size_t)c]));
        json_array_append_new(items, o);
    }
    return items;
}

int dossier_register(store *s, const dossier_register_query *q, const char *actor, const char *tmp_dir,
                     dossier_register_out *out)
{
    memset(out, 0, sizeof *out);
    if (q->to_day < q->from_day || q->to_day - q->from_day >= REGISTER_MAX_DAYS)
        return 422;
    arena a;
    arena_init(&a, 0);
    const char **cells = NULL;
    store_conn *c = store_reader(s);
    int rows = c ? dossier_register_rows(c, &a, q, &cells) : -1;
    int status = rows < 0 ? 503 : 200;
    if (status == 200) {
        const char *period = period_text(&a, q);
        if (strcmp(q->format, "pdf") == 0)
            out->bytes = register_pdf(cells, rows, period, q->unit ? arena_printf(&a, "Bộ phận tiếp nhận: %s", q->unit) : NULL,
                                      &out->len);
        else if (strcmp(q->format, "xlsx") == 0)
            out->bytes = register_xlsx(tmp_dir, cells, rows, period, &out->len);
        else
            out->json = json_pack("{s:s, s:i, s:o}", "period", period, "count", rows, "items", register_json(cells, rows));
        status = out->bytes || out->json ? 200 : 503;
    }
    register_audit audit = {actor, q, rows};
    if (status == 200 && store_write(s, audit_read, &audit) != 0)
        status = 503;
    if (status != 200) {
        free(out->bytes);
        json_decref(out->json);
        memset(out, 0, sizeof *out);
    }
    arena_free(&a);
    return status;
}
