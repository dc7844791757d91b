/* Văn bản đi: the draft (dự thảo, NĐ 30/2020 Điều 10–11) as its drafter
 * writes and edits it — type, trích yếu, content, marks of urgency and
 * secrecy (Điều 15 khoản 2, PL VI Phần II Mục I), nơi nhận, who may read a
 * confidential one — and what the part's outgoing files share. Every field
 * is checked here; numbering, signing and sending are outgoing_action.c's. */
#include "document/outgoing.h"

#include "core/agency_code.h"
#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/doc_type.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <string.h>

enum { MAX_RECIPIENTS = 200, MAX_ACCESS = 100 };

int document_refuse(org_error *e, int status, const char *code, const char *field, const char *message)
{
    e->status = status;
    e->code = code;
    e->field = field;
    e->message = message;
    return 1;
}

void document_reply_failure(web_request *req, int rc, const org_error *e)
{
    if (rc == 1)
        web_reply_error(req, e->status, e->code, e->field, e->message);
    else
        web_reply_error(req, 503, "unavailable", NULL, "Không ghi được dữ liệu; vui lòng thử lại.");
}

int document_refuse_unseen(store_conn *c, org_error *e, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT secrecy FROM document WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, id);
    bool open = store_step(st) == STORE_ROW && store_col_text(st, 0)[0] == '\0';
    store_reset(st);
    return open ? document_refuse(e, 403, "out_of_scope", "id", "Văn bản này thuộc đơn vị ngoài phạm vi của bạn.")
                : document_refuse(e, 404, "not_found", "id", "Không có văn bản này.");
}

bool document_change_visible(web_request *req, store *s, const char *param, int64_t *id)
{
    store_conn *c = store_reader(s);
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    if (!document_path_id(req, param, id)) {
        web_reply_error(req, 404, "not_found", param, "Không có văn bản này.");
        return false;
    }
    if (document_visible(c, org_caller(req), *id))
        return true;
    org_error e = {0};
    document_reply_failure(req, document_refuse_unseen(c, &e, *id), &e);
    return false;
}

bool document_unit_settings(store_conn *c, int64_t unit_id, char abbreviation[24], bool *per_type)
{
    store_stmt *st = store_prepare(c, "SELECT abbreviation, per_type FROM document_unit WHERE unit_id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, unit_id);
    bool found = store_step(st) == STORE_ROW;
    if (found) {
        snprintf(abbreviation, 24, "%s", store_col_text(st, 0));
        *per_type = store_col_int64(st, 1) != 0;
    }
    store_reset(st);
    return found;
}

/* --- the fields of a draft ------------------------------------------------------- */

/* What a request says; a NULL string with its has_ flag set clears an
 * optional field (PATCH with null). */
typedef struct draft_input {
    const char *unit, *type_code, *subject, *content, *drafting_unit, *urgency, *secrecy, *due_date,
        *description, *language, *signer;
    int64_t issued_amount, page_amount, reply_to;
    bool has_content, has_drafting_unit, has_due_date, has_description, has_language, has_signer,
        has_issued_amount, has_page_amount, has_reply_to;
    json_t *recipients, *access; /* NULL: unchanged */
} draft_input;

static bool has(json_t *body, const char *field)
{
    return json_object_get(body, field) != NULL;
}

static bool optional_int(web_request *req, json_t *body, const char *field, int64_t max, bool *present,
                         int64_t *out)
{
    *present = has(body, field);
    *out = 0;
    return web_json_int(req, body, field, 1, max, false, out);
}

/* Checks the form of every field present (PL VI Phần II Mục I: the lengths
 * of the fields of an outgoing document). creating: the required ones
 * must be there. */
static bool read_input(web_request *req, json_t *body, bool creating, draft_input *in)
{
    memset(in, 0, sizeof *in);
    if (!creating && has(body, "unit")) {
        web_reply_error(req, 422, "invalid_field", "unit", "Không đổi được cơ quan ban hành của dự thảo.");
        return false;
    }
    bool req_type = creating || has(body, "type_code"), req_subject = creating || has(body, "subject");
    if (!web_json_string(req, body, "unit", 1, 40, false, &in->unit) ||
        !web_json_string(req, body, "type_code", 1, 40, req_type, &in->type_code) ||
        !web_json_string(req, body, "subject", 1, 500, req_subject, &in->subject) ||
        !web_json_string(req, body, "content", 0, 100000, false, &in->content) ||
        !web_json_string(req, body, "drafting_unit", 1, 40, false, &in->drafting_unit) ||
        !web_json_string(req, body, "urgency", 1, 20, has(body, "urgency"), &in->urgency) ||
        !web_json_string(req, body, "secrecy", 0, 20, has(body, "secrecy"), &in->secrecy) ||
        !web_json_string(req, body, "due_date", 10, 10, false, &in->due_date) ||
        !web_json_string(req, body, "description", 0, 500, false, &in->description) ||
        !web_json_string(req, body, "language", 1, 100, false, &in->language) ||
        !web_json_string(req, body, "signer", 1, 64, false, &in->signer) ||
        !optional_int(req, body, "issued_amount", 100000, &in->has_issued_amount, &in->issued_amount) ||
        !optional_int(req, body, "page_amount", 10000, &in->has_page_amount, &in->page_amount) ||
        !optional_int(req, body, "reply_to", INT64_MAX, &in->has_reply_to, &in->reply_to))
        return false;
    in->has_content = has(body, "content");
    in->has_drafting_unit = has(body, "drafting_unit");
    in->has_due_date = has(body, "due_date");
    in->has_description = has(body, "description");
    in->has_language = has(body, "language");
    in->has_signer = has(body, "signer");
    const doc_type *type = in->type_code ? doc_type_by_code(in->type_code) : NULL;
    civil_date due;
    const char *field = NULL, *message = NULL;
    if (in->type_code && !type)
        field = "type_code", message = "Loại văn bản không có trong danh mục của Nghị định 30/2020 (Phụ lục III).";
    else if (in->urgency && !document_urgency_name(in->urgency))
        field = "urgency", message = "Mức độ khẩn: thuong, khan, thuong_khan hoặc hoa_toc.";
    else if (in->secrecy && !document_secrecy_name(in->secrecy))
        field = "secrecy", message = "Độ mật: \"\" (không mật), mat, toi_mat hoặc tuyet_mat.";
    else if (in->due_date && !civil_date_parse(in->due_date, &due))
        field = "due_date", message = "Hạn trả lời theo dạng YYYY-MM-DD.";
    json_t *r = json_object_get(body, "recipients"), *a = json_object_get(body, "access");
    if (!field && r && (!json_is_array(r) || json_array_size(r) > MAX_RECIPIENTS))
        field = "recipients", message = "Nơi nhận là danh sách, tối đa 200 nơi.";
    if (!field && a && (!json_is_array(a) || json_array_size(a) > MAX_ACCESS))
        field = "access", message = "Người được xem là danh sách tên tài khoản, tối đa 100 người.";
    if (field) {
        web_reply_error(req, 422, "invalid_field", field, message);
        return false;
    }
    in->recipients = r;
    in->access = a;
    return true;
}

/* The row as it stands (PATCH) or as a new draft starts (POST). */
typedef struct draft_row {
    int64_t id, unit_id, drafting_unit_id, drafter_id, signer_id, reply_to_id, issued_amount, page_amount;
    const char *status, *type_code, *subject, *content, *urgency, *secrecy, *due_date, *description, *language;
} draft_row;

typedef struct draft_job {
    arena *a;
    draft_input in;
    int64_t id, account_id;
    const char *actor;
    int64_t now;
    org_error e;
} draft_job;

static const char *copy(arena *a, store_stmt *st, int col)
{
    return store_col_is_null(st, col) ? NULL : arena_strdup(a, store_col_text(st, col));
}

static int load_row(store_conn *c, draft_job *j, draft_row *row)
{
    store_stmt *st = store_prepare(c, "SELECT unit_id, drafting_unit_id, drafter_account_id, signer_account_id,"
                                      " reply_to_id, issued_amount, page_amount, status, type_code, subject, content,"
                                      " urgency, secrecy, due_date, description, language FROM document"
                                      " WHERE id = ? AND direction = 'out'");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        row->id = j->id;
        row->unit_id = store_col_int64(st, 0);
        row->drafting_unit_id = store_col_int64(st, 1);
        row->drafter_id = store_col_int64(st, 2);
        row->signer_id = store_col_int64(st, 3);
        row->reply_to_id = store_col_int64(st, 4);
        row->issued_amount = store_col_int64(st, 5);
        row->page_amount = store_col_int64(st, 6);
        row->status = copy(j->a, st, 7);
        row->type_code = copy(j->a, st, 8);
        row->subject = copy(j->a, st, 9);
        row->content = copy(j->a, st, 10);
        row->urgency = copy(j->a, st, 11);
        row->secrecy = copy(j->a, st, 12);
        row->due_date = copy(j->a, st, 13);
        row->description = copy(j->a, st, 14);
        row->language = copy(j->a, st, 15);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        return document_refuse(&j->e, 404, "not_found", "id", "Không có văn bản đi này.");
    if (rc == STORE_ROW && !document_visible(c, j->account_id, j->id))
        return document_refuse_unseen(c, &j->e, j->id);
    return rc == STORE_ROW ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int64_t unit_by_code(store_conn *c, const char *code)
{
    return org_lookup_id(c, "SELECT id FROM unit WHERE agency_code = ?", code);
}

/* Who will sign: a leader holding document.sign near the issuing organ. */
static int resolve_signer(store_conn *c, draft_job *j, draft_row *row)
{
    if (!j->in.has_signer)
        return 0;
    row->signer_id = 0;
    if (!j->in.signer)
        return 0;
    int64_t id = org_lookup_id(c, "SELECT id FROM account WHERE username = ? AND status = 'active'", j->in.signer);
    if (id < 0)
        return STORE_ERROR;
    if (id == 0 || !document_may_be(c, id, "sign", row->unit_id))
        return document_refuse(&j->e, 422, "invalid_field", "signer",
                               "Người ký phải là lãnh đạo có thẩm quyền ký văn bản của cơ quan ban hành.");
    row->signer_id = id;
    return 0;
}

static int resolve_units(store_conn *c, draft_job *j, draft_row *row, bool creating)
{
    if (creating) {
        int64_t own = document_account_unit(c, j->account_id);
        row->unit_id = j->in.unit ? unit_by_code(c, j->in.unit) : document_commune_of(c, own);
        if (row->unit_id < 0)
            return STORE_ERROR;
        if (row->unit_id == 0)
            return document_refuse(&j->e, 404, "not_found", "unit", "Không có đơn vị với mã định danh này.");
        if (!org_may_near(c, j->account_id, "document.draft", row->unit_id))
            return document_refuse(&j->e, 403, "out_of_scope", "unit",
                                   "Bạn không có quyền soạn văn bản của cơ quan này.");
        row->drafting_unit_id = own;
    }
    if (j->in.has_drafting_unit && j->in.drafting_unit) {
        row->drafting_unit_id = unit_by_code(c, j->in.drafting_unit);
        if (row->drafting_unit_id < 0)
            return STORE_ERROR;
        if (row->drafting_unit_id == 0)
            return document_refuse(&j->e, 422, "invalid_field", "drafting_unit",
                                   "Không có đơn vị soạn thảo với mã định danh này.");
    }
    /* The drafting unit is an office of the issuing organ (Điều 15 khoản 1
     * điểm b: its abbreviation follows the organ's in a công văn's ký hiệu). */
    if (document_commune_of(c, row->drafting_unit_id) != document_commune_of(c, row->unit_id))
        return document_refuse(&j->e, 422, "invalid_field", "drafting_unit",
                               "Đơn vị soạn thảo phải thuộc cơ quan ban hành.");
    return 0;
}

static int resolve_reply_to(store_conn *c, draft_job *j, draft_row *row)
{
    if (!j->in.has_reply_to)
        return 0;
    row->reply_to_id = j->in.reply_to;
    if (!row->reply_to_id)
        return 0;
    store_stmt *st = store_prepare(c, "SELECT 1 FROM document WHERE id = ? AND direction = 'in'");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, row->reply_to_id);
    bool found = store_step(st) == STORE_ROW;
    store_reset(st);
    if (!found || !document_visible(c, j->account_id, row->reply_to_id))
        return document_refuse(&j->e, 422, "invalid_field", "reply_to", "Không có văn bản đến này để trả lời.");
    return 0;
}

static void overlay(const draft_input *in, draft_row *row)
{
    if (in->type_code)
        row->type_code = in->type_code;
    if (in->subject)
        row->subject = in->subject;
    if (in->has_content)
        row->content = in->content;
    if (in->urgency)
        row->urgency = in->urgency;
    if (in->secrecy)
        row->secrecy = in->secrecy;
    if (in->has_due_date)
        row->due_date = in->due_date;
    if (in->has_description)
        row->description = in->description;
    if (in->has_language)
        row->language = in->language ? in->language : "Tiếng Việt";
    if (in->has_issued_amount)
        row->issued_amount = in->issued_amount;
    if (in->has_page_amount)
        row->page_amount = in->page_amount;
}

static void bind_count(store_stmt *st, int i, int64_t v)
{
    if (v > 0)
        store_bind_int64(st, i, v);
    else
        store_bind_null(st, i);
}

/* The columns a draft's body sets, in the order draft_fields binds them:
 * the same for its creation and its edits. */
#define DRAFT_COLUMNS                                                                                            \
    "type_code, type_name, subject, language, page_amount, description, urgency, secrecy, issued_amount,"        \
    " due_date, content, drafting_unit_id, signer_account_id, reply_to_id"

static int draft_fields(store_stmt *st, int i, const draft_row *row)
{
    store_bind_text(st, i++, row->type_code);
    store_bind_text(st, i++, doc_type_by_code(row->type_code)->name);
    store_bind_text(st, i++, row->subject);
    store_bind_text(st, i++, row->language ? row->language : "Tiếng Việt");
    bind_count(st, i++, row->page_amount);
    store_bind_text(st, i++, row->description);
    store_bind_text(st, i++, row->urgency);
    store_bind_text(st, i++, row->secrecy);
    bind_count(st, i++, row->issued_amount);
    store_bind_text(st, i++, row->due_date);
    store_bind_text(st, i++, row->content);
    store_bind_int64(st, i++, row->drafting_unit_id);
    bind_count(st, i++, row->signer_id);
    bind_count(st, i++, row->reply_to_id);
    return i;
}

static int insert_row(store_conn *c, draft_job *j, draft_row *row)
{
    store_stmt *st = store_prepare(c, "SELECT name, agency_code FROM unit WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, row->unit_id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return STORE_ERROR;
    }
    const char *organ = arena_strdup(j->a, store_col_text(st, 0)), *organ_id = arena_strdup(j->a, store_col_text(st, 1));
    store_reset(st);
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    st = store_prepare(c, "INSERT INTO document (" DRAFT_COLUMNS ", direction, status, unit_id, organ_name, organ_id,"
                          " drafter_account_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                          " ?, ?, ?, ?, ?, 'out', 'draft', ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    int i = draft_fields(st, 1, row);
    store_bind_int64(st, i++, row->unit_id);
    store_bind_text(st, i++, organ);
    store_bind_text(st, i++, organ_id);
    store_bind_int64(st, i++, j->account_id);
    store_bind_text(st, i++, j->actor);
    store_bind_text(st, i++, at);
    store_bind_text(st, i++, at);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        j->id = store_col_int64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int update_row(store_conn *c, draft_job *j, draft_row *row)
{
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    store_stmt *st = store_prepare(c, "UPDATE document SET (" DRAFT_COLUMNS ", updated_at) ="
                                      " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ? AND status = 'draft'");
    if (!st)
        return STORE_ERROR;
    int i = draft_fields(st, 1, row);
    store_bind_text(st, i++, at);
    store_bind_int64(st, i++, j->id);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int refuse_at(draft_job *j, const char *field, size_t k, const char *sub, const char *message)
{
    snprintf(j->e.path, sizeof j->e.path, "%s[%zu]%s%s", field, k, sub ? "." : "", sub ? sub : "");
    return document_refuse(&j->e, 422, "invalid_field", j->e.path, message);
}

static int exec_id(store_conn *c, const char *sql, int64_t id)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, id);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* Nơi nhận (Điều 8 khoản 3 điểm b, PL I Phần I Mục II khoản 10): a unit of
 * this deployment by its agency code, delivered directly, or an outside
 * organ by name (and its agency code, when known), by edXML. */
static int add_recipient(store_conn *c, draft_job *j, int64_t unit_id, size_t k, json_t *r)
{
    json_t *unit = json_object_get(r, "unit"), *organ_id = json_object_get(r, "organ_id"),
           *organ_name = json_object_get(r, "organ_name");
    const char *name = json_string_value(organ_name), *oid = json_string_value(organ_id);
    int64_t rid = 0;
    if (!json_is_object(r))
        return refuse_at(j, "recipients", k, NULL, "Mỗi nơi nhận là {unit} hoặc {organ_id, organ_name}.");
    if (unit) {
        if (!json_is_string(unit) || (rid = unit_by_code(c, json_string_value(unit))) == 0)
            return refuse_at(j, "recipients", k, "unit", "Không có đơn vị nhận với mã định danh này.");
        if (rid < 0)
            return STORE_ERROR;
        if (rid == unit_id)
            return refuse_at(j, "recipients", k, "unit", "Cơ quan ban hành không gửi văn bản cho chính mình.");
        store_stmt *st = store_prepare(c, "SELECT name, agency_code FROM unit WHERE id = ?");
        if (!st)
            return STORE_ERROR;
        store_bind_int64(st, 1, rid);
        if (store_step(st) != STORE_ROW) {
            store_reset(st);
            return STORE_ERROR;
        }
        name = arena_strdup(j->a, store_col_text(st, 0));
        oid = arena_strdup(j->a, store_col_text(st, 1));
        store_reset(st);
    } else {
        size_t len = name ? strlen(name) : 0;
        if (!json_is_string(organ_name) || len == 0 || len > 600 || len != json_string_length(organ_name))
            return refuse_at(j, "recipients", k, "organ_name", "Cần tên cơ quan nhận (tối đa 300 ký tự).");
        if (organ_id && (!json_is_string(organ_id) || !agency_code_valid(oid)))
            return refuse_at(j, "recipients", k, "organ_id", "Mã định danh điện tử của cơ quan nhận không hợp lệ.");
    }
    store_stmt *st =
        store_prepare(c, "INSERT INTO document_recipient (document_id, unit_id, organ_id, organ_name) VALUES (?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    bind_count(st, 2, rid);
    store_bind_text(st, 3, oid);
    store_bind_text(st, 4, name);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int write_recipients(store_conn *c, draft_job *j, int64_t unit_id)
{
    if (!j->in.recipients)
        return 0;
    int rc = exec_id(c, "DELETE FROM document_recipient WHERE document_id = ?", j->id);
    size_t k;
    json_t *r;
    json_array_foreach(j->in.recipients, k, r) if (rc == 0) rc = add_recipient(c, j, unit_id, k, r);
    return rc;
}

/* Those who may read a confidential document besides its drafter and
 * signer (Điều 15 khoản 2; the law on protecting state secrets). */
static int write_access(store_conn *c, draft_job *j)
{
    if (!j->in.access)
        return 0;
    int rc = exec_id(c, "DELETE FROM document_access WHERE document_id = ?", j->id);
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    size_t k;
    json_t *u;
    json_array_foreach(j->in.access, k, u)
    {
        if (rc)
            return rc;
        int64_t id = json_is_string(u) ? org_lookup_id(c, "SELECT id FROM account WHERE username = ?"
                                                           " AND status = 'active'", json_string_value(u))
                                       : 0;
        if (id < 0)
            return STORE_ERROR;
        if (id == 0)
            return refuse_at(j, "access", k, NULL, "Không có tài khoản đang hoạt động với tên này.");
        rc = document_grant_access(c, j->id, id, j->actor, at);
    }
    return rc;
}

static int write_draft(store_conn *c, draft_job *j, bool creating)
{
    draft_row row = {.urgency = "thuong", .secrecy = "", .language = "Tiếng Việt"};
    int rc = creating ? 0 : load_row(c, j, &row);
    if (rc)
        return rc;
    if (!creating && strcmp(row.status, "draft") != 0)
        return document_refuse(&j->e, 409, "invalid_state", "status", "Chỉ sửa được dự thảo (trạng thái draft).");
    if (!creating && row.drafter_id != j->account_id)
        return document_refuse(&j->e, 403, "not_your_turn", NULL, "Chỉ người soạn thảo sửa dự thảo.");
    overlay(&j->in, &row);
    if ((rc = resolve_units(c, j, &row, creating)) || (rc = resolve_signer(c, j, &row)) ||
        (rc = resolve_reply_to(c, j, &row)))
        return rc;
    rc = creating ? insert_row(c, j, &row) : update_row(c, j, &row);
    if (rc == 0)
        rc = write_recipients(c, j, row.unit_id);
    if (rc == 0)
        rc = write_access(c, j);
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    if (rc == 0)
        rc = document_event_add(c, j->id, at, j->actor, creating ? "create" : "edit", creating ? NULL : "draft",
                                creating ? "draft" : NULL, NULL, NULL);
    if (rc == 0)
        rc = audit_record(c, j->actor, creating ? "document.create" : "document.edit", "document", j->id,
                          json_pack("{s:s, s:s, s:s, s:s}", "direction", "out", "type_code", row.type_code,
                                    "subject", row.subject, "secrecy", row.secrecy));
    return rc;
}

static int write_create(store_conn *c, void *ctx)
{
    return write_draft(c, ctx, true);
}

static int write_patch(store_conn *c, void *ctx)
{
    return write_draft(c, ctx, false);
}

static void reply_document(web_request *req, store *s, int status, int64_t id)
{
    store_conn *c = store_reader(s);
    json_t *out = c ? document_out_json(c, id, org_caller(req), org_request_scopes(req)) : NULL;
    if (out)
        web_reply_json(req, status, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

static void create_outgoing(web_request *req, void *ctx)
{
    org_state *st = ctx;
    draft_job j = {.a = &req->arena, .account_id = org_caller(req), .actor = req->who.subject, .now = req->now_ms};
    if (!read_input(req, req->json, true, &j.in))
        return;
    int rc = store_write(st->store, write_create, &j);
    if (rc != 0) {
        document_reply_failure(req, rc, &j.e);
        return;
    }
    reply_document(req, st->store, 201, j.id);
}

static void patch_outgoing(web_request *req, void *ctx)
{
    org_state *st = ctx;
    draft_job j = {.a = &req->arena, .account_id = org_caller(req), .actor = req->who.subject, .now = req->now_ms};
    if (!document_path_id(req, "id", &j.id)) {
        web_reply_error(req, 404, "not_found", "id", "Không có văn bản đi này.");
        return;
    }
    if (!read_input(req, req->json, false, &j.in))
        return;
    int rc = store_write(st->store, write_patch, &j);
    if (rc != 0) {
        document_reply_failure(req, rc, &j.e);
        return;
    }
    reply_document(req, st->store, 200, j.id);
}

int document_out_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/documents/outgoing", .handler = create_outgoing, .ctx = st,
         .permission = "document.draft", .flags = WEB_JSON_BODY, .max_body = 512 << 10},
        {.method = "PATCH", .pattern = "/api/v1/documents/outgoing/{id}", .handler = patch_outgoing, .ctx = st,
         .permission = "document.draft", .flags = WEB_JSON_BODY, .max_body = 512 << 10},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return document_settings_routes(w, st) != 0 || document_action_routes(w, st) != 0 ||
                   document_read_routes(w, st) != 0 || document_file_routes(w, st) != 0 ||
                   document_verify_routes(w, st) != 0
               ? -1
               : 0;
}
