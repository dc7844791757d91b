/* Hồ sơ công việc: a unit's yearly catalog of work records (danh mục hồ sơ,
 * NĐ 30/2020 Điều 28) and each record's fields (Phụ lục VI Phần II Mục III):
 * made, read, changed while open, closed when the matter ends (Điều 29–30:
 * lập hồ sơ, kết thúc hồ sơ). Filing documents into a record is
 * record_filing.c; its cover (mục lục văn bản) is record_export.c.
 *
 * Status 'archived' is kept for the archive part to come: handing a closed
 * record to the archive (nộp lưu hồ sơ, Điều 31) will move it there and is
 * deliberately not offered here, so no route sets or clears it. */
#include "document/record.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/record_code.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <string.h>

#define RECORD_COLUMNS                                                                                               \
    "SELECT r.id, r.unit_id, u.agency_code, u.name, r.year, r.file_notation, r.title, r.maintenance, r.rights,"     \
    " r.creator_account_id, a.username, a.full_name, r.language, r.start_date, r.end_date, r.description,"          \
    " r.status, r.closed_at, r.closed_by, r.created_by, r.created_at,"                                              \
    " (SELECT COUNT(*) FROM document d WHERE d.record_id = r.id),"                                                  \
    " (SELECT CAST(COALESCE(SUM(d.page_amount), 0) AS BIGINT) FROM document d WHERE d.record_id = r.id)"            \
    " FROM work_record r JOIN unit u ON u.id = r.unit_id LEFT JOIN account a ON a.id = r.creator_account_id"

static const char *text_at(arena *a, store_stmt *st, int i)
{
    const char *s = store_col_text(st, i);
    return s ? arena_strdup(a, s) : NULL;
}

static void row_from(arena *a, store_stmt *st, work_record_row *r)
{
    r->id = store_col_int64(st, 0);
    r->unit_id = store_col_int64(st, 1);
    r->unit_code = text_at(a, st, 2);
    r->unit_name = text_at(a, st, 3);
    r->year = (int)store_col_int64(st, 4);
    r->notation = text_at(a, st, 5);
    r->title = text_at(a, st, 6);
    r->maintenance = text_at(a, st, 7);
    r->rights = text_at(a, st, 8);
    r->creator_id = store_col_int64(st, 9);
    r->creator = text_at(a, st, 10);
    r->creator_name = text_at(a, st, 11);
    r->language = text_at(a, st, 12);
    r->start_date = text_at(a, st, 13);
    r->end_date = text_at(a, st, 14);
    r->description = text_at(a, st, 15);
    r->status = text_at(a, st, 16);
    r->closed_at = text_at(a, st, 17);
    r->closed_by = text_at(a, st, 18);
    r->created_by = text_at(a, st, 19);
    r->created_at = text_at(a, st, 20);
    r->doc_total = store_col_int64(st, 21);
    r->page_total = store_col_int64(st, 22);
}

int work_record_read(store_conn *c, arena *a, int64_t id, work_record_row *out)
{
    memset(out, 0, sizeof *out);
    store_stmt *st = store_prepare(c, RECORD_COLUMNS " WHERE r.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        row_from(a, st, out);
    store_reset(st);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

json_t *work_record_json(const work_record_row *r)
{
    char code[RECORD_FILE_CODE_LEN];
    record_file_code(r->unit_code, r->year, r->notation, code, sizeof code);
    /* Fields 1–11 in the decree's order, then the record's life. */
    return json_pack("{s:I, s:s, s:s, s:s?, s:i, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:I, s:I, s:s?,"
                     " s:s, s:s?, s:s?, s:s, s:s}",
                     "id", (json_int_t)r->id, "file_code", code, "organ_id", r->unit_code, "unit_name", r->unit_name,
                     "year", r->year, "file_notation", r->notation, "title", r->title, "maintenance", r->maintenance,
                     "rights", r->rights, "creator", r->creator, "creator_name", r->creator_name, "language",
                     r->language, "start_date", r->start_date, "end_date", r->end_date, "doc_total",
                     (json_int_t)r->doc_total, "page_total", (json_int_t)r->page_total, "description",
                     r->description, "status", r->status, "closed_at", r->closed_at, "closed_by", r->closed_by,
                     "created_by", r->created_by, "created_at", r->created_at);
}

bool work_record_in_reach(web_request *req, org_state *st, bool change, work_record_row *out)
{
    int64_t id;
    store_conn *c = store_reader(st->store);
    int found = document_path_id(req, "id", &id) ? (c ? work_record_read(c, &req->arena, id, out) : STORE_ERROR) : 0;
    if (found < 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    if (!found) {
        web_reply_error(req, 404, "not_found", "id", "Không có hồ sơ công việc này.");
        return false;
    }
    if (org_may_near(c, org_caller(req), "document.records", out->unit_id))
        return true;
    if (change)
        org_reply_outside(req, "id", "Không có hồ sơ công việc này.");
    else
        web_reply_error(req, 404, "not_found", "id", "Không có hồ sơ công việc này.");
    return false;
}

json_t *work_record_documents(store_conn *c, int64_t account_id, int64_t record_id, int *hidden)
{
    *hidden = 0;
    store_stmt *st = store_prepare(c, "SELECT id, doc_ordinal, direction, type_name, code_number, code_notation,"
                                      " issued_date, organ_name, subject, page_amount, secrecy, description"
                                      " FROM document WHERE record_id = ? ORDER BY doc_ordinal, id");
    if (!st)
        return NULL;
    store_bind_int64(st, 1, record_id);
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        json_t *o = json_pack("{s:I, s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:s?}", "id",
                              (json_int_t)store_col_int64(st, 0), "ordinal", (json_int_t)store_col_int64(st, 1),
                              "direction", store_col_text(st, 2), "type_name", store_col_text(st, 3), "code_number",
                              store_col_text(st, 4), "code_notation", store_col_text(st, 5), "issued_date",
                              store_col_text(st, 6), "organ_name", store_col_text(st, 7), "subject",
                              store_col_text(st, 8), "secrecy", store_col_text(st, 10) ? store_col_text(st, 10) : "",
                              "description", store_col_text(st, 11));
        json_object_set_new(o, "number", document_number_json(store_col_text(st, 4), store_col_text(st, 5)));
        json_object_set_new(o, "page_amount",
                            store_col_is_null(st, 9) ? json_null() : json_integer(store_col_int64(st, 9)));
        json_array_append_new(items, o);
    }
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(items);
        return NULL;
    }
    /* Lists omit the confidential ones the reader may not see (the
     * document part's rule); the visibility check reads, so it runs once
     * the statement above is done. */
    json_t *shown = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o)
    {
        bool secret = json_string_value(json_object_get(o, "secrecy"))[0] != '\0';
        if (secret && !document_visible(c, account_id, json_integer_value(json_object_get(o, "id"))))
            (*hidden)++;
        else
            json_array_append(shown, o);
    }
    json_decref(items);
    return shown;
}

/* --- the fields ---------------------------------------------------------- */

static int local_year(int64_t now)
{
    return civil_from_day_number(deadline_local_day(now)).year;
}

typedef struct {
    int64_t id, unit_id, creator_id;
    int64_t year;
    const char *notation, *title, *maintenance, *rights, *language, *start_date, *end_date, *description;
    const char *actor;
    int64_t now, caller;
    char stored_start[CIVIL_DATE_TEXT_LEN], stored_end[CIVIL_DATE_TEXT_LEN]; /* as read inside the write */
    int64_t stored_creator;
    /* a refusal found inside the write */
    const char *code, *field, *message;
} record_job;

static bool date_field(web_request *req, const char *field, const char **out)
{
    civil_date d;
    if (!web_json_string(req, req->json, field, 10, 10, false, out))
        return false;
    if (*out && !civil_date_parse(*out, &d)) {
        web_reply_error(req, 422, "invalid_field", field, "Ngày phải có dạng YYYY-MM-DD và là ngày có thật.");
        return false;
    }
    return true;
}

/* The fields a create and a change share; required ones only on create. */
static bool read_fields(web_request *req, record_job *j, bool create)
{
    if (!web_json_string(req, req->json, "file_notation", 1, RECORD_NOTATION_MAX, create, &j->notation) ||
        !web_json_string(req, req->json, "title", 1, 500, create, &j->title) ||
        !web_json_string(req, req->json, "maintenance", 1, 30, create, &j->maintenance) ||
        !web_json_string(req, req->json, "rights", 1, 30, create, &j->rights) ||
        !web_json_string(req, req->json, "language", 1, 50, false, &j->language) ||
        !web_json_string(req, req->json, "description", 0, 500, false, &j->description) ||
        !date_field(req, "start_date", &j->start_date) || !date_field(req, "end_date", &j->end_date))
        return false;
    if (j->notation && !record_notation_valid(j->notation)) {
        web_reply_error(req, 422, "invalid_field", "file_notation",
                        "Số và ký hiệu hồ sơ bắt đầu bằng chữ số, gồm chữ cái không dấu, chữ số và các dấu . - /"
                        " (ví dụ 01.VP), tối đa 20 ký tự.");
        return false;
    }
    if (j->maintenance && !record_maintenance_valid(j->maintenance)) {
        web_reply_error(req, 422, "invalid_field", "maintenance",
                        "Thời hạn bảo quản là \"Vĩnh viễn\" hoặc số năm, ví dụ \"10 năm\" (từ 1 đến 100 năm).");
        return false;
    }
    if (j->start_date && j->end_date && strcmp(j->end_date, j->start_date) < 0) {
        web_reply_error(req, 422, "invalid_field", "end_date", "Thời gian kết thúc không được trước thời gian bắt đầu.");
        return false;
    }
    return true;
}

/* Người lập hồ sơ (field 5): an active account that keeps records of the
 * unit (document.records near it). NULL username: the caller. */
static bool creator_of(web_request *req, org_state *st, int64_t unit_id, const char *username, int64_t *id)
{
    store_conn *c = store_reader(st->store);
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    *id = username ? org_lookup_id(c, "SELECT id FROM account WHERE username = ? AND status = 'active'", username)
                   : org_caller(req);
    if (*id > 0 && org_may_near(c, *id, "document.records", unit_id))
        return true;
    web_reply_error(req, 422, "invalid_field", "creator",
                    "Người lập hồ sơ phải là tài khoản đang hoạt động có quyền lập hồ sơ của đơn vị.");
    return false;
}

static int refuse(record_job *j, int status, const char *code, const char *field, const char *message)
{
    j->code = code;
    j->field = field;
    j->message = message;
    return status;
}

/* Is the notation taken in the unit's catalog of that year by another record? */
static int notation_taken(store_conn *c, const record_job *j)
{
    store_stmt *st = store_prepare(c, "SELECT 1 FROM work_record WHERE unit_id = ? AND year = ? AND file_notation = ?"
                                      " AND id <> ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->unit_id);
    store_bind_int64(st, 2, j->year);
    store_bind_text(st, 3, j->notation);
    store_bind_int64(st, 4, j->id);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERROR;
}

static void reply_job(web_request *req, int rc, const record_job *j)
{
    if (rc > 0)
        web_reply_error(req, rc, j->code, j->field, j->message);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

static void reply_record(web_request *req, org_state *st, int status, int64_t id)
{
    work_record_row r;
    store_conn *c = store_reader(st->store);
    if (!c || work_record_read(c, &req->arena, id, &r) != 1) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, status, work_record_json(&r));
}

/* --- the catalog ----------------------------------------------------------- */

/* GET /api/v1/work-records?unit=&year= : the unit's catalog of that year. */
static void list_records(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t unit_id;
    const char *unit = web_query(req, "unit");
    long year = local_year(req->now_ms);
    if (!web_query_int(req, "year", 1000, 9999, "Năm là một số có bốn chữ số.", &year) ||
        !org_resolve_unit(req, st->store, "document.records", ORG_REACH_NEAR, unit, &unit_id, &unit))
        return;
    store_stmt *q = org_read_stmt(req, st->store, RECORD_COLUMNS " WHERE r.unit_id = ? AND r.year = ?"
                                                                 " ORDER BY r.file_notation, r.id");
    if (!q)
        return;
    store_bind_int64(q, 1, unit_id);
    store_bind_int64(q, 2, year);
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(q)) == STORE_ROW) {
        work_record_row r;
        row_from(&req->arena, q, &r);
        json_array_append_new(items, work_record_json(&r));
    }
    store_reset(q);
    if (rc != STORE_DONE) {
        json_decref(items);
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:i, s:o}", "unit", unit, "year", (int)year, "items", items));
}

static int write_create(store_conn *c, void *ctx)
{
    record_job *j = ctx;
    int taken = notation_taken(c, j);
    if (taken < 0)
        return taken;
    if (taken)
        return refuse(j, 409, "duplicate_notation", "file_notation",
                      "Số và ký hiệu hồ sơ này đã có trong danh mục hồ sơ của đơn vị năm đó.");
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    store_stmt *st = store_prepare(
        c, "INSERT INTO work_record (unit_id, year, file_notation, title, maintenance, rights, creator_account_id,"
           " language, start_date, end_date, description, status, created_by, created_at)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->unit_id);
    store_bind_int64(st, 2, j->year);
    store_bind_text(st, 3, j->notation);
    store_bind_text(st, 4, j->title);
    store_bind_text(st, 5, j->maintenance);
    store_bind_text(st, 6, j->rights);
    store_bind_int64(st, 7, j->creator_id);
    store_bind_text(st, 8, j->language ? j->language : "Tiếng Việt");
    store_bind_text(st, 9, j->start_date);
    store_bind_text(st, 10, j->end_date);
    store_bind_text(st, 11, j->description);
    store_bind_text(st, 12, j->actor);
    store_bind_text(st, 13, at);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        j->id = store_col_int64(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return rc < 0 ? rc : STORE_ERROR;
    return audit_record(c, j->actor, "work_record.create", "work_record", j->id,
                        json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "unit_id", (json_int_t)j->unit_id, "year",
                                  (json_int_t)j->year, "file_notation", j->notation, "title", j->title,
                                  "maintenance", j->maintenance, "rights", j->rights));
}

/* POST /api/v1/work-records : a new entry of the catalog (Điều 28). */
static void create_record(web_request *req, void *ctx)
{
    org_state *st = ctx;
    record_job j = {.actor = req->who.subject, .now = req->now_ms, .caller = org_caller(req),
                    .year = local_year(req->now_ms)};
    const char *unit, *creator;
    if (!web_json_string(req, req->json, "unit", 13, 13, false, &unit) ||
        !web_json_int(req, req->json, "year", 1000, 9999, false, &j.year) ||
        !web_json_string(req, req->json, "creator", 1, 64, false, &creator) || !read_fields(req, &j, true) ||
        !org_resolve_unit(req, st->store, "document.records", ORG_REACH_NEAR, unit, &j.unit_id, &unit) ||
        !creator_of(req, st, j.unit_id, creator, &j.creator_id))
        return;
    int rc = store_write(st->store, write_create, &j);
    if (rc != 0) {
        reply_job(req, rc, &j);
        return;
    }
    reply_record(req, st, 201, j.id);
}

/* GET /api/v1/work-records/{id} : the record, with the documents filed. */
static void get_record(web_request *req, void *ctx)
{
    org_state *st = ctx;
    work_record_row r;
    if (!work_record_in_reach(req, st, false, &r))
        return;
    int hidden;
    store_conn *c = store_reader(st->store);
    json_t *docs = c ? work_record_documents(c, org_caller(req), r.id, &hidden) : NULL;
    if (!docs) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    json_t *out = work_record_json(&r);
    json_object_set_new(out, "documents", docs);
    json_object_set_new(out, "hidden_documents", json_integer(hidden));
    web_reply_json(req, 200, out);
}

/* Inside a write: 0 when the record is still open (its stored dates in
 * j->stored_start, j->stored_end), else the refusal. */
static int still_open(store_conn *c, record_job *j)
{
    store_stmt *st = store_prepare(c, "SELECT status, start_date, end_date, creator_account_id FROM work_record"
                                      " WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    int rc = store_step(st);
    bool open = rc == STORE_ROW && strcmp(store_col_text(st, 0), "open") == 0;
    if (rc == STORE_ROW) {
        snprintf(j->stored_start, sizeof j->stored_start, "%s", store_col_text(st, 1) ? store_col_text(st, 1) : "");
        snprintf(j->stored_end, sizeof j->stored_end, "%s", store_col_text(st, 2) ? store_col_text(st, 2) : "");
        j->stored_creator = store_col_int64(st, 3);
    }
    store_reset(st);
    if (rc < 0)
        return rc;
    if (rc != STORE_ROW)
        return refuse(j, 404, "not_found", "id", "Không có hồ sơ công việc này.");
    if (!open)
        return refuse(j, 409, "record_closed", "id", "Hồ sơ đã kết thúc: không sửa, thêm hay bớt văn bản được nữa.");
    return 0;
}

/* Start and end as they will be: the end not before the start. */
static int dates_in_order(record_job *j, const char *start, const char *end, const char *field)
{
    const char *s = start && *start ? start : j->stored_start[0] ? j->stored_start : NULL;
    const char *e = end && *end ? end : j->stored_end[0] ? j->stored_end : NULL;
    if (s && e && strcmp(e, s) < 0)
        return refuse(j, 422, "invalid_field", field, "Thời gian kết thúc không được trước thời gian bắt đầu.");
    return 0;
}

static int write_change(store_conn *c, void *ctx)
{
    record_job *j = ctx;
    int rc = still_open(c, j);
    if (!rc)
        rc = dates_in_order(j, j->start_date, j->end_date, j->end_date ? "end_date" : "start_date");
    if (rc)
        return rc;
    if (j->notation) {
        int taken = notation_taken(c, j);
        if (taken)
            return taken < 0 ? taken
                             : refuse(j, 409, "duplicate_notation", "file_notation",
                                      "Số và ký hiệu hồ sơ này đã có trong danh mục hồ sơ của đơn vị năm đó.");
    }
    store_stmt *st = store_prepare(
        c, "UPDATE work_record SET file_notation = COALESCE(?, file_notation), title = COALESCE(?, title),"
           " maintenance = COALESCE(?, maintenance), rights = COALESCE(?, rights),"
           " creator_account_id = CASE WHEN CAST(? AS BIGINT) > 0 THEN ? ELSE creator_account_id END,"
           " language = COALESCE(?, language), start_date = COALESCE(?, start_date),"
           " end_date = COALESCE(?, end_date), description = COALESCE(?, description) WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    int i = 1;
    store_bind_text(st, i++, j->notation);
    store_bind_text(st, i++, j->title);
    store_bind_text(st, i++, j->maintenance);
    store_bind_text(st, i++, j->rights);
    store_bind_int64(st, i++, j->creator_id);
    store_bind_int64(st, i++, j->creator_id);
    store_bind_text(st, i++, j->language);
    store_bind_text(st, i++, j->start_date);
    store_bind_text(st, i++, j->end_date);
    store_bind_text(st, i++, j->description);
    store_bind_int64(st, i++, j->id);
    rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return audit_record(c, j->actor, "work_record.update", "work_record", j->id,
                        json_pack("{s:s?, s:s?, s:s?, s:s?, s:I, s:s?, s:s?, s:s?, s:s?}", "file_notation",
                                  j->notation, "title", j->title, "maintenance", j->maintenance, "rights", j->rights,
                                  "creator_account_id", (json_int_t)j->creator_id, "language", j->language,
                                  "start_date", j->start_date, "end_date", j->end_date, "description",
                                  j->description));
}

/* PATCH /api/v1/work-records/{id} : changes an open record's fields. */
static void patch_record(web_request *req, void *ctx)
{
    org_state *st = ctx;
    work_record_row r;
    if (!work_record_in_reach(req, st, true, &r))
        return;
    record_job j = {.id = r.id, .unit_id = r.unit_id, .year = r.year, .actor = req->who.subject, .now = req->now_ms};
    const char *creator;
    if (!web_json_string(req, req->json, "creator", 1, 64, false, &creator) || !read_fields(req, &j, false) ||
        (creator && !creator_of(req, st, r.unit_id, creator, &j.creator_id)))
        return;
    if (json_object_get(req->json, "year") || json_object_get(req->json, "unit")) {
        web_reply_error(req, 422, "invalid_field", json_object_get(req->json, "year") ? "year" : "unit",
                        "Đơn vị và năm của danh mục hồ sơ không đổi được; hãy lập hồ sơ mới.");
        return;
    }
    int rc = store_write(st->store, write_change, &j);
    if (rc != 0) {
        reply_job(req, rc, &j);
        return;
    }
    reply_record(req, st, 200, r.id);
}

static int write_close(store_conn *c, void *ctx)
{
    record_job *j = ctx;
    const char *end = j->end_date;
    int rc = still_open(c, j);
    if (rc)
        return rc;
    /* Điều 29–30: the record ends when the matter is settled; who built it,
     * or a leader of the unit, closes it. */
    if (j->stored_creator != j->caller && !org_has_role_near(c, j->caller, "leader", j->unit_id))
        return refuse(j, 403, "closing_not_allowed", "id", "Chỉ người lập hồ sơ hoặc lãnh đạo đơn vị được kết thúc hồ sơ.");
    j->stored_end[0] = '\0'; /* closing sets the end */
    rc = dates_in_order(j, NULL, end, "end_date");
    if (rc)
        return rc;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    store_stmt *st = store_prepare(c, "UPDATE work_record SET status = 'closed', end_date = ?, closed_at = ?, closed_by = ?"
                          " WHERE id = ? AND status = 'open'");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, end);
    store_bind_text(st, 2, at);
    store_bind_text(st, 3, j->actor);
    store_bind_int64(st, 4, j->id);
    rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return audit_record(c, j->actor, "work_record.close", "work_record", j->id,
                        json_pack("{s:s, s:s}", "end_date", end, "status", "closed"));
}

/* POST /api/v1/work-records/{id}/close {end_date?}: ends the record (end
 * date: the given one, or today in Vietnam); from then on it is read only. */
static void close_record(web_request *req, void *ctx)
{
    org_state *st = ctx;
    work_record_row r;
    if (!work_record_in_reach(req, st, true, &r))
        return;
    record_job j = {.id = r.id, .unit_id = r.unit_id, .actor = req->who.subject, .now = req->now_ms,
                    .caller = org_caller(req)};
    if (!date_field(req, "end_date", &j.end_date))
        return;
    char today[CIVIL_DATE_TEXT_LEN];
    civil_date_format(civil_from_day_number(deadline_local_day(req->now_ms)), today);
    if (!j.end_date)
        j.end_date = arena_strdup(&req->arena, today);
    else if (strcmp(j.end_date, today) > 0) {
        web_reply_error(req, 422, "invalid_field", "end_date", "Thời gian kết thúc không được sau ngày hôm nay.");
        return;
    }
    int rc = store_write(st->store, write_close, &j);
    if (rc != 0) {
        reply_job(req, rc, &j);
        return;
    }
    reply_record(req, st, 200, r.id);
}

int document_record_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/work-records", .handler = list_records, .ctx = st,
         .permission = "document.records"},
        {.method = "POST", .pattern = "/api/v1/work-records", .handler = create_record, .ctx = st,
         .permission = "document.records", .flags = WEB_JSON_BODY, .max_body = 16384},
        {.method = "GET", .pattern = "/api/v1/work-records/{id}", .handler = get_record, .ctx = st,
         .permission = "document.records"},
        {.method = "PATCH", .pattern = "/api/v1/work-records/{id}", .handler = patch_record, .ctx = st,
         .permission = "document.records", .flags = WEB_JSON_BODY, .max_body = 16384},
        {.method = "POST", .pattern = "/api/v1/work-records/{id}/close", .handler = close_record, .ctx = st,
         .permission = "document.records", .flags = WEB_JSON_BODY, .max_body = 4096},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return document_record_filing_routes(w, st) != 0 || document_record_export_routes(w, st) != 0 ||
                   document_stats_routes(w, st) != 0
               ? -1
               : 0;
}
