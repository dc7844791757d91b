/* Registering văn bản đến received on paper or by e-mail (NĐ 30/2020
 * Điều 21, 22): the văn thư of the receiving unit types in the fields of
 * Phụ lục VI Phần II Mục II, the system gives the số đến and the arrival
 * date (PL VI Phần I Mục III k 1 đ. g) and warns of a document already
 * registered (đ. h). Scans are added afterwards through the files route. */
#include "document/incoming.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/doc_number.h"
#include "core/doc_type.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ACCESS_MAX = 50 };

typedef struct {
    document_arrival in;
    bool confirm;
    int64_t access[ACCESS_MAX];
    size_t access_count;
    int64_t clerk_id;
    int64_t id, arrival_number;
    json_t *duplicates; /* set when the write stopped for them */
} register_job;

enum { REGISTER_DUPLICATE = 1 };

static int write_register(store_conn *c, void *ctx)
{
    register_job *j = ctx;
    if (!j->confirm && j->in.code_number && j->in.code_notation) {
        json_t *dups = document_arrival_duplicates(c, j->clerk_id, j->in.unit_id, j->in.code_number,
                                                   j->in.code_notation, j->in.organ_name);
        if (!dups)
            return STORE_ERROR;
        if (json_array_size(dups) > 0) {
            j->duplicates = dups;
            return REGISTER_DUPLICATE;
        }
        json_decref(dups);
    }
    int rc = document_arrival_register(c, &j->in, &j->id, &j->arrival_number);
    if (rc)
        return rc;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->in.now, at);
    /* A confidential one: the named accounts, and the văn thư who holds it. */
    bool secret = j->in.secrecy[0] != '\0';
    for (size_t i = 0; i <= j->access_count; i++) {
        int64_t account = i < j->access_count ? j->access[i] : secret ? j->clerk_id : 0;
        if (account <= 0)
            continue;
        if ((rc = document_grant_access(c, j->id, account, j->in.actor, at)) != 0)
            return rc;
    }
    return audit_record(c, j->in.actor, "document.incoming.register", "document", j->id,
                        json_pack("{s:I, s:I, s:s, s:s?, s:s?, s:s, s:s, s:b}", "unit_id", (json_int_t)j->in.unit_id,
                                  "arrival_number", (json_int_t)j->arrival_number, "register",
                                  secret ? "in_secret" : "in", "code_number", j->in.code_number, "code_notation",
                                  j->in.code_notation, "organ_name", j->in.organ_name, "secrecy", j->in.secrecy,
                                  "confirmed_duplicate", j->confirm));
}

static bool refuse(web_request *req, const char *field, const char *message)
{
    web_reply_error(req, 422, "invalid_field", field, message);
    return false;
}

static bool one_of(web_request *req, json_t *body, const char *field, const char *dflt,
                   const char *(*name)(const char *), const char *message, const char **out)
{
    if (!web_json_string(req, body, field, 0, 20, false, out))
        return false;
    if (!*out)
        *out = dflt;
    return name(*out) ? true : refuse(req, field, message);
}

/* Số: digits only (PL VI Phần II Mục II field 4, up to 11). Ký hiệu read
 * leniently (core/doc_number.h), "QĐ-UBND" or the whole "15/QĐ-UBND"; kept
 * in its written form. */
static bool number_fields(web_request *req, json_t *body, document_arrival *in)
{
    if (!web_json_string(req, body, "code_number", 1, 11, true, &in->code_number) ||
        !web_json_string(req, body, "code_notation", 0, 30, false, &in->code_notation))
        return false;
    if (strspn(in->code_number, "0123456789") != strlen(in->code_number))
        return refuse(req, "code_number", "Số của văn bản chỉ gồm chữ số.");
    if (!in->code_notation || !*in->code_notation) {
        in->code_notation = NULL;
        return true;
    }
    bool whole = strchr(in->code_notation, '/') != NULL;
    const char *text = whole ? in->code_notation
                             : arena_printf(&req->arena, "%s/%s", in->code_number, in->code_notation);
    doc_notation n;
    doc_notation_error e = doc_notation_parse(text, strlen(text), &n);
    if (e != DOC_NOTATION_OK) {
        web_reply_error(req, 422, doc_notation_error_code(e), "code_notation", doc_notation_error_message(e));
        return false;
    }
    if (whole && n.number != strtol(in->code_number, NULL, 10))
        return refuse(req, "code_notation", "Số trong ký hiệu khác với số của văn bản.");
    char formatted[DOC_NOTATION_TEXT_MAX];
    if (doc_notation_format(&n, formatted, sizeof formatted) < 0)
        return refuse(req, "code_notation", "Ký hiệu quá dài.");
    const char *slash = strchr(formatted, '/');
    in->code_notation = arena_strdup(&req->arena, slash ? slash + 1 : formatted);
    return true;
}

static bool date_field(web_request *req, json_t *body, const char *field, bool required, bool not_future,
                       const char **out)
{
    if (!web_json_string(req, body, field, 10, 10, required, out))
        return false;
    civil_date d;
    if (*out && !civil_date_parse(*out, &d))
        return refuse(req, field, "Ngày phải có dạng YYYY-MM-DD và là một ngày có thật.");
    if (*out && not_future && civil_day_number(d) > deadline_local_day(req->now_ms))
        return refuse(req, field, "Ngày của văn bản không thể sau hôm nay.");
    return true;
}

static bool read_fields(web_request *req, json_t *b, document_arrival *in)
{
    int64_t pages = 0;
    if (!web_json_string(req, b, "type_code", 1, 40, true, &in->type_code))
        return false;
    if (!doc_type_by_code(in->type_code))
        return refuse(req, "type_code", "Loại văn bản không có trong danh mục của Nghị định 30/2020.");
    if (!web_json_string(req, b, "type_name", 0, 100, false, &in->type_name) || !number_fields(req, b, in) ||
        !date_field(req, b, "issued_date", true, true, &in->issued_date) ||
        !web_json_string(req, b, "organ_name", 1, 200, true, &in->organ_name) ||
        !web_json_string(req, b, "organ_id", 0, 13, false, &in->organ_id) ||
        !web_json_string(req, b, "subject", 1, 500, true, &in->subject) ||
        !web_json_string(req, b, "signer_position", 0, 100, false, &in->signer_position) ||
        !web_json_string(req, b, "signer_full_name", 0, 50, false, &in->signer_full_name) ||
        !web_json_string(req, b, "language", 0, 30, false, &in->language) ||
        !web_json_string(req, b, "description", 0, 500, false, &in->description) ||
        !web_json_string(req, b, "to_places", 0, 1000, false, &in->to_places) ||
        !date_field(req, b, "due_date", false, false, &in->due_date) ||
        !web_json_int(req, b, "page_amount", 1, 999, false, &pages) ||
        !one_of(req, b, "urgency", "thuong", document_urgency_name,
                "Độ khẩn là thuong, khan, thuong_khan hoặc hoa_toc.", &in->urgency) ||
        !one_of(req, b, "secrecy", "", document_secrecy_name, "Độ mật là \"\", mat, toi_mat hoặc tuyet_mat.",
                &in->secrecy))
        return false;
    in->page_amount = pages;
    if (in->type_name && !*in->type_name)
        in->type_name = NULL;
    if (in->organ_id && !*in->organ_id)
        in->organ_id = NULL;
    if (in->language && !*in->language)
        in->language = NULL;
    if (in->due_date && strcmp(in->due_date, in->issued_date) < 0)
        return refuse(req, "due_date", "Thời hạn giải quyết không thể trước ngày của văn bản.");
    return true;
}

/* Access: usernames of active accounts, each once. */
static bool read_access(web_request *req, store_conn *c, json_t *body, register_job *j)
{
    json_t *list = json_object_get(body, "access");
    if (!list || json_is_null(list))
        return true;
    if (!json_is_array(list) || json_array_size(list) > ACCESS_MAX)
        return refuse(req, "access", "Danh sách người được xem là một mảng tên đăng nhập (tối đa 50).");
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        const char *name = json_string_value(v);
        int64_t id = name ? org_lookup_id(c, "SELECT id FROM account WHERE username = ? AND status = 'active'", name)
                          : 0;
        if (id < 0) {
            web_reply_error(req, 503, "unavailable", NULL, NULL);
            return false;
        }
        if (id == 0) {
            web_reply_error(req, 422, "invalid_field", arena_printf(&req->arena, "access[%zu]", i),
                            arena_printf(&req->arena, "Không có tài khoản đang hoạt động “%s”.", name ? name : ""));
            return false;
        }
        j->access[j->access_count++] = id;
    }
    return true;
}

/* The receiving unit: the one named, else the caller's commune; the văn thư
 * must hold document.clerk there (within the commune, as org_may_near). */
static bool receiving_unit(web_request *req, store *s, json_t *body, int64_t *unit)
{
    const char *code;
    if (!web_json_string(req, body, "unit", 1, 13, false, &code))
        return false;
    if (code) {
        const char *resolved;
        return org_resolve_unit(req, s, "document.clerk", ORG_REACH_NEAR, code, unit, &resolved);
    }
    store_conn *c = store_reader(s);
    *unit = c ? document_commune_of(c, document_account_unit(c, org_caller(req))) : 0;
    if (*unit <= 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    return org_require_unit(req, s, "document.clerk", *unit, ORG_REACH_NEAR);
}

static void post_incoming(web_request *req, void *ctx)
{
    org_state *os = ctx;
    register_job j = {.in = {.via = "paper", .actor = req->who.subject, .now = req->now_ms},
                      .clerk_id = org_caller(req)};
    json_t *confirm = json_object_get(req->json, "confirm_duplicate");
    if (confirm && !json_is_boolean(confirm) && !json_is_null(confirm)) {
        refuse(req, "confirm_duplicate", "confirm_duplicate là true hoặc false.");
        return;
    }
    j.confirm = json_is_true(confirm);
    store_conn *c = store_reader(os->store);
    if (!read_fields(req, req->json, &j.in) || !receiving_unit(req, os->store, req->json, &j.in.unit_id))
        return;
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (!read_access(req, c, req->json, &j))
        return;
    int rc = store_write(os->store, write_register, &j);
    if (rc == REGISTER_DUPLICATE) {
        web_reply_json(req, 409,
                       json_pack("{s:{s:s, s:s, s:s}, s:o}", "error", "code", "duplicate_document", "field",
                                 "code_notation", "message",
                                 "Văn bản cùng số, ký hiệu và cơ quan ban hành đã được đăng ký; gửi lại với"
                                 " confirm_duplicate = true nếu đúng là văn bản khác.",
                                 "duplicates", j.duplicates));
        return;
    }
    json_decref(j.duplicates); /* set, then the batch failed: not the answer */
    if (rc != 0) {
        incoming_reply_store(req, rc);
        return;
    }
    json_t *out = incoming_json_as(c, j.id, req->now_ms, org_caller(req), org_request_scopes(req));
    if (!out) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, 201, out);
}

int document_in_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/documents/incoming", .handler = post_incoming, .ctx = st,
         .permission = "document.clerk", .flags = WEB_JSON_BODY},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return document_in_action_routes(w, st) != 0 || document_in_read_routes(w, st) != 0
               ? -1
               : document_reminder_routes(w, st);
}
