/* Dossiers over HTTP: the officials' intake, queue, detail and actions, and
 * the applicant's online submission, lookup, supplement, withdrawal and
 * rating. */
#include "dossier/internal.h"

#include "core/dossier_code.h"
#include "org/session.h"
#include "store/blob.h"
#include "media/qr.h"

#include <stdlib.h>
#include <string.h>

json_t *dossier_rating_criteria(store_conn *c);

static dossier_actor official(web_request *req)
{
    const session_info *who = req->who.data;
    return (dossier_actor){who ? who->account_id : 0, req->who.subject};
}

static const dossier_actor APPLICANT = {0, "applicant"};

static void reply_error(web_request *req, store *s, const char *code, const org_error *e)
{
    if (e->status == 409 && strcmp(e->code, "conflict") == 0) {
        store_conn *c = store_reader(s);
        json_t *current = c ? dossier_state_json(c, code) : NULL;
        json_t *err = json_pack("{s:s, s:s}", "code", e->code, "message", e->message);
        if (e->field)
            json_object_set_new(err, "field", json_string(e->field));
        web_reply_json(req, 409, json_pack("{s:o, s:o}", "error", err, "current",
                                           current ? current : json_null()));
        return;
    }
    web_reply_error(req, e->status, e->code, e->field, e->message);
}

static bool code_param(web_request *req, const char **code)
{
    *code = web_param(req, "code");
    if (dossier_code_valid(*code))
        return true;
    web_reply_error(req, 404, "not_found", "code", "Mã hồ sơ không đúng dạng.");
    return false;
}

/* A staff route on one dossier: outside the caller's reach it is answered
 * as org_reply_outside says; one that does not exist is left to the handler. */
static bool within_reach(web_request *req, org_state *st, const char *code)
{
    store_conn *c = store_reader(st->store);
    int rc = c ? dossier_in_reach(c, org_caller(req), code) : STORE_ERROR;
    if (rc < 0)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    else if (rc == 0)
        org_reply_outside(req, "code", "Không có hồ sơ với mã này.");
    return rc > 0;
}

static void intake(web_request *req, org_state *st, int channel, const dossier_actor *who)
{
    submission sub;
    if (!dossier_read_submission(req, st->store, st->data_dir, &sub))
        return;
    json_t *out;
    bool created = false;
    org_error e;
    int rc = dossier_intake(st->store, sub.body, channel, who, web_header(req, "Idempotency-Key"),
                            req->now_ms, &out, &created, &e);
    /* A replay keeps the first submission's files, not this one's. */
    dossier_submission_done(st->store, st->data_dir, &sub, rc == 0 && created);
    if (rc != 0) {
        reply_error(req, st->store, NULL, &e);
        return;
    }
    web_reply_json(req, created ? 201 : 200, out);
}

static void receive(web_request *req, void *ctx)
{
    org_state *st = ctx;
    json_t *channel = req->json ? json_object_get(req->json, "channel") : NULL;
    int ch = channel ? (int)json_integer_value(channel) : CHANNEL_COUNTER;
    if (ch != CHANNEL_COUNTER && ch != CHANNEL_POST) {
        web_reply_error(req, 422, "invalid_field", "channel", "Kênh tiếp nhận tại quầy là 1 (trực tiếp) hoặc 3 (bưu chính).");
        return;
    }
    dossier_actor who = official(req);
    intake(req, st, ch, &who);
}

static void submit_online(web_request *req, void *ctx)
{
    intake(req, ctx, CHANNEL_ONLINE, &APPLICANT);
}

static void act(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code) || !within_reach(req, st, code))
        return;
    dossier_actor who = official(req);
    json_t *out;
    org_error e;
    /* Files reach a dossier only through an upload; a JSON body cannot name one. */
    json_object_del(req->json, "documents");
    if (dossier_act(st->store, code, req->json, &who, st->signing_key, req->now_ms, &out, &e) != 0) {
        reply_error(req, st->store, code, &e);
        return;
    }
    web_reply_json(req, 200, out);
}

static void detail(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code) || !within_reach(req, st, code))
        return;
    dossier_actor who = official(req);
    int status;
    json_t *out = dossier_detail(st->store, code, &who, req->now_ms, &status);
    /* The papers to print, for those who may see the personal data on them. */
    if (out && !json_is_null(json_object_get(out, "applicant")))
        json_object_set_new(out, "papers", dossier_paper_list(out));
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, status, status == 404 ? "not_found" : "unavailable", NULL,
                        status == 404 ? "Không có hồ sơ với mã này." : NULL);
}

static void queue(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *overdue = web_query(req, "overdue");
    dossier_actor who = official(req);
    store_conn *c = store_reader(st->store);
    json_t *out = c ? dossier_queue(c, who.account_id, overdue && strcmp(overdue, "1") == 0, req->now_ms) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

static void citizen(web_request *req, void *ctx)
{
    org_state *st = ctx;
    dossier_actor who = official(req);
    int status;
    json_t *out = dossier_citizen(st->store, web_param(req, "cccd"), &who, req->now_ms, &status);
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, status, status == 404 ? "not_found" : "unavailable", "cccd",
                        status == 404 ? "Chưa có công dân với số định danh này." : NULL);
}

static void refresh_flags(web_request *req, void *ctx)
{
    int changed = dossier_refresh_flags(((org_state *)ctx)->store, req->now_ms);
    if (changed < 0)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    else
        web_reply_json(req, 200, json_pack("{s:i}", "changed", changed));
}

static void lookup(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code))
        return;
    store_conn *c = store_reader(st->store);
    int status = 503;
    json_t *out = c ? dossier_public(c, code, web_query(req, "phone"), &status) : NULL;
    if (out) {
        json_t *pay = dossier_payment_json(c, code, st->bank_bin, st->bank_account);
        json_object_set_new(out, "payment", pay ? pay : json_null());
        web_reply_json(req, 200, out);
    } else {
        web_reply_error(req, status, status == 404 ? "not_found" : "unavailable", "code",
                        status == 404 ? "Không có hồ sơ với mã này." : NULL);
    }
}

/* The applicant proves it is theirs with the last four digits of the phone. */
static bool applicant_verified(web_request *req, store *s, const char *code, json_t *body)
{
    const char *digits = json_string_value(json_object_get(body, "phone_last4"));
    store_conn *c = store_reader(s);
    int status = 503;
    json_t *view = c ? dossier_public(c, code, digits, &status) : NULL;
    bool ok = view && json_is_true(json_object_get(view, "verified"));
    json_decref(view);
    if (!ok)
        web_reply_error(req, status == 404 ? 404 : 403, status == 404 ? "not_found" : "not_verified",
                        "phone_last4", status == 404 ? "Không có hồ sơ với mã này."
                                                     : "Bốn số cuối điện thoại không khớp với hồ sơ.");
    return ok;
}

/* The applicant's supply (with the missing papers as files, multipart) or
 * withdrawal. Files of a refused action are removed again. */
static void applicant_act(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    submission sub;
    if (!code_param(req, &code) || !dossier_read_submission(req, st->store, st->data_dir, &sub))
        return;
    json_t *out = NULL;
    org_error e;
    bool verified = applicant_verified(req, st->store, code, sub.body);
    int rc = verified ? dossier_act(st->store, code, sub.body, &APPLICANT, NULL, req->now_ms, &out, &e) : -1;
    dossier_submission_done(st->store, st->data_dir, &sub, rc == 0);
    if (rc == 0)
        web_reply_json(req, 200, out);
    else if (verified)
        reply_error(req, st->store, code, &e);
}

static void rate(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code) || !applicant_verified(req, st->store, code, req->json))
        return;
    org_error e;
    if (dossier_rate(st->store, code, req->json, req->now_ms, &e) != 0) {
        reply_error(req, st->store, code, &e);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:s, s:b}", "code", code, "rated", 1));
}

static void put_result(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code) || !within_reach(req, st, code))
        return;
    dossier_actor who = official(req);
    dossier_put_result(req, st->store, st->data_dir, code, &who);
}

/* The electronic result, for the applicant who proves it is theirs. */
static void get_result(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code))
        return;
    store_conn *c = store_reader(st->store);
    int status = 503;
    json_t *view = c ? dossier_public(c, code, web_query(req, "phone"), &status) : NULL;
    bool verified = view && json_is_true(json_object_get(view, "verified"));
    json_decref(view);
    char hash[65], name[256], path[4096];
    int rc = verified ? dossier_result_file(c, code, hash, name, sizeof name) : 1;
    if (!verified || rc != 0 || blob_path(st->data_dir, hash, path, sizeof path) != 0 ||
        !web_reply_file(req, 200, "application/pdf", path)) {
        web_reply_error(req, !verified ? 403 : rc < 0 ? 503 : 404,
                        !verified ? "not_verified" : rc < 0 ? "unavailable" : "not_found", "phone",
                        !verified ? "Cần đúng bốn số cuối điện thoại của người nộp."
                                  : "Hồ sơ chưa có kết quả điện tử.");
        return;
    }
    web_add_header(req, "Content-Disposition", "attachment; filename=\"ket-qua.pdf\"");
}

/* The base of links printed on papers: the configured public URL, else the
 * host this request came to. */
static const char *public_base(web_request *req, const org_state *st)
{
    if (st->public_url && *st->public_url)
        return st->public_url;
    const char *host = web_header(req, "Host");
    return arena_printf(&req->arena, "http://%s", host ? host : "localhost");
}

static void paper(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code) || !within_reach(req, st, code))
        return;
    dossier_actor who = official(req);
    size_t len = 0;
    int status = 503;
    char why[300] = "";
    paper_request r = {code, web_param(req, "paper"), public_base(req, st), st->bank_bin, st->bank_account, &who,
                       req->now_ms};
    char *pdf = dossier_paper(st->store, &r, &len, &status, why, sizeof why);
    if (!pdf) {
        web_reply_error(req, status,
                        status == 404   ? "not_found"
                        : status == 403 ? "forbidden"
                        : status == 409 ? "paper_not_applicable"
                                        : "unavailable",
                        "paper",
                        status == 404   ? "Không có hồ sơ hoặc mẫu giấy này."
                        : status == 403 ? "Chỉ cán bộ xử lý hồ sơ in được giấy có thông tin cá nhân."
                        : status == 409 ? arena_strdup(&req->arena, why)
                                        : "Không tạo được tệp PDF.");
        return;
    }
    char *copy = arena_alloc(&req->arena, len + 1);
    if (copy)
        memcpy(copy, pdf, len);
    free(pdf);
    web_reply_bytes(req, 200, "application/pdf", copy, copy ? len : 0);
    web_add_header(req, "Content-Disposition",
                   arena_printf(&req->arena, "inline; filename=\"%s-%s.pdf\"", web_param(req, "paper"), code));
}

/* GET /api/v1/dossiers/register?from=&to=[&unit=][&format=json|pdf|xlsx] */
static void register_book(web_request *req, void *ctx)
{
    org_state *st = ctx;
    civil_date from, to;
    const char *format = web_query(req, "format") ? web_query(req, "format") : "json";
    if (!web_query(req, "from") || !civil_date_parse(web_query(req, "from"), &from)) {
        web_reply_error(req, 422, "invalid_field", "from", "Cần ngày bắt đầu dạng YYYY-MM-DD.");
        return;
    }
    if (!web_query(req, "to") || !civil_date_parse(web_query(req, "to"), &to)) {
        web_reply_error(req, 422, "invalid_field", "to", "Cần ngày kết thúc dạng YYYY-MM-DD.");
        return;
    }
    if (strcmp(format, "json") != 0 && strcmp(format, "pdf") != 0 && strcmp(format, "xlsx") != 0) {
        web_reply_error(req, 422, "invalid_field", "format", "Định dạng là json, pdf hoặc xlsx.");
        return;
    }
    int64_t unit_id;
    const char *unit = web_query(req, "unit");
    if (unit && !org_resolve_unit(req, st->store, "dossier.register", ORG_REACH_NEAR, unit, &unit_id, &unit))
        return;
    dossier_register_query q = {civil_day_number(from), civil_day_number(to), unit, format, req->now_ms,
                                org_caller(req)};
    dossier_register_out out;
    int status = dossier_register(st->store, &q, req->who.subject, st->data_dir, &out);
    if (status == 422) {
        web_reply_error(req, 422, "invalid_field", "to", "Ngày kết thúc không trước ngày bắt đầu, tối đa một năm.");
        return;
    }
    if (status != 200) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (out.json) {
        web_reply_json(req, 200, out.json);
        return;
    }
    char *copy = arena_alloc(&req->arena, out.len + 1);
    if (copy)
        memcpy(copy, out.bytes, out.len);
    free(out.bytes);
    bool pdf = strcmp(format, "pdf") == 0;
    web_reply_bytes(req, 200, pdf ? "application/pdf"
                                  : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    copy, copy ? out.len : 0);
    web_add_header(req, "Content-Disposition",
                   arena_printf(&req->arena, "%s; filename=\"so-theo-doi-ho-so-%04d%02d%02d-%04d%02d%02d.%s\"",
                                pdf ? "inline" : "attachment", from.year, from.month, from.day, to.year, to.month,
                                to.day, format));
}

static void reply_verify(web_request *req, org_state *st, const void *presented, size_t len)
{
    const char *code;
    if (!code_param(req, &code))
        return;
    store_conn *c = store_reader(st->store);
    int status = 503;
    json_t *out = c ? dossier_verify(c, st->data_dir, code, presented, len, &status) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, status, status == 404 ? "not_found" : "unavailable", "code",
                        status == 404 ? "Hồ sơ này không có kết quả điện tử đã ký." : NULL);
}

/* GET /verify/{code}: JSON for programs; people are sent to the page. */
static void verify(web_request *req, void *ctx)
{
    const char *accept = web_header(req, "Accept");
    if (!accept || !strstr(accept, "application/json")) {
        web_add_header(req, "Location", arena_printf(&req->arena, "/xac-thuc/?ma=%s", web_param(req, "code")));
        web_reply_text(req, 303, "text/plain; charset=utf-8", "Xem tại trang xác thực kết quả.");
        return;
    }
    reply_verify(req, ctx, NULL, 0);
}

/* POST /verify/{code} with a file: does the signature hold for this file? */
static void verify_file(web_request *req, void *ctx)
{
    reply_verify(req, ctx, req->body ? req->body : "", req->body_len);
}

static void record_payment(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code) || !within_reach(req, st, code))
        return;
    dossier_actor who = official(req);
    org_error e;
    if (dossier_record_payment(st->store, code, req->json, &who, req->now_ms, &e) != 0) {
        reply_error(req, st->store, code, &e);
        return;
    }
    store_conn *c = store_reader(st->store);
    json_t *out = c ? dossier_payment_json(c, code, st->bank_bin, st->bank_account) : NULL;
    web_reply_json(req, 201, out ? out : json_object());
}

static void payment(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code))
        return;
    store_conn *c = store_reader(st->store);
    json_t *out = c ? dossier_payment_json(c, code, st->bank_bin, st->bank_account) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 404, "not_found", "code", "Không có hồ sơ với mã này.");
}

static void payment_qr(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code))
        return;
    store_conn *c = store_reader(st->store);
    json_t *p = c ? dossier_payment_json(c, code, st->bank_bin, st->bank_account) : NULL;
    const char *payload = json_string_value(json_object_get(p, "vietqr"));
    char *svg = payload ? qr_svg(payload) : NULL;
    json_decref(p);
    if (!svg) {
        web_reply_error(req, 404, "not_found", "code", "Hồ sơ này không có khoản phí chờ chuyển khoản.");
        return;
    }
    web_reply_text(req, 200, "image/svg+xml", arena_strdup(&req->arena, svg));
    free(svg);
}

/* The QR code of a dossier's lookup page, for the confirmation screen. */
static void lookup_qr(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *code;
    if (!code_param(req, &code))
        return;
    char *svg = qr_svg(arena_printf(&req->arena, "%s/dich-vu/?ma=%s", public_base(req, st), code));
    if (!svg) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_text(req, 200, "image/svg+xml", arena_strdup(&req->arena, svg));
    free(svg);
}

static void popular(web_request *req, void *ctx)
{
    store_conn *c = store_reader(((org_state *)ctx)->store);
    json_t *out = c ? dossier_popular_procedures(c, req->now_ms, 8) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

static void statement(web_request *req, void *ctx)
{
    org_state *st = ctx;
    org_error e;
    json_t *report = dossier_import_statement(st->store, req->body ? req->body : "", req->body_len,
                                              req->who.subject, org_caller(req), req->now_ms, &e);
    if (!report) {
        web_reply_error(req, e.status, e.code, e.field, e.message);
        return;
    }
    web_reply_json(req, 200, report);
}

static void criteria(web_request *req, void *ctx)
{
    store_conn *c = store_reader(((org_state *)ctx)->store);
    json_t *out = c ? dossier_rating_criteria(c) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

int dossier_routes(web_server *w, org_state *st)
{
    enum { BODY = 52 << 20 }; /* ten files of 5 MiB and the form */
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/dossiers", .handler = receive, .ctx = st,
         .permission = "dossier.intake", .flags = WEB_JSON_BODY | WEB_MULTIPART, .max_body = BODY},
        {.method = "GET", .pattern = "/api/v1/dossiers/queue", .handler = queue, .ctx = st,
         .permission = "dossier.work"},
        {.method = "POST", .pattern = "/api/v1/dossiers/flags", .handler = refresh_flags, .ctx = st,
         .permission = "dossier.supervise"},
        {.method = "GET", .pattern = "/api/v1/dossiers/{code}", .handler = detail, .ctx = st,
         .permission = "dossier.work"},
        {.method = "POST", .pattern = "/api/v1/dossiers/{code}/actions", .handler = act, .ctx = st,
         .permission = "dossier.work", .flags = WEB_JSON_BODY, .max_body = 16384},
        {.method = "PUT", .pattern = "/api/v1/dossiers/{code}/result", .handler = put_result,
         .ctx = st, .permission = "dossier.work", .max_body = 20 << 20},
        {.method = "GET", .pattern = "/api/v1/public/dossiers/{code}/result", .handler = get_result,
         .ctx = st},
        {.method = "GET", .pattern = "/api/v1/dossiers/register", .handler = register_book, .ctx = st,
         .permission = "dossier.register"},
        {.method = "GET", .pattern = "/api/v1/dossiers/{code}/papers/{paper}", .handler = paper,
         .ctx = st, .permission = "dossier.work"},
        {.method = "GET", .pattern = "/verify/{code}", .handler = verify, .ctx = st},
        {.method = "POST", .pattern = "/verify/{code}", .handler = verify_file, .ctx = st,
         .max_body = 20 << 20},
        {.method = "POST", .pattern = "/api/v1/dossiers/{code}/payments", .handler = record_payment,
         .ctx = st, .permission = "dossier.work", .flags = WEB_JSON_BODY, .max_body = 4096},
        {.method = "GET", .pattern = "/api/v1/public/dossiers/{code}/payment", .handler = payment, .ctx = st},
        {.method = "GET", .pattern = "/api/v1/public/dossiers/{code}/vietqr.svg", .handler = payment_qr,
         .ctx = st},
        {.method = "POST", .pattern = "/api/v1/payments/statement", .handler = statement, .ctx = st,
         .permission = "payment.reconcile", .max_body = 8 << 20},
        {.method = "GET", .pattern = "/api/v1/citizens/{cccd}", .handler = citizen, .ctx = st,
         .permission = "dossier.intake"},
        {.method = "POST", .pattern = "/api/v1/public/dossiers", .handler = submit_online, .ctx = st,
         .flags = WEB_JSON_BODY | WEB_MULTIPART, .max_body = BODY},
        {.method = "GET", .pattern = "/api/v1/public/dossiers/{code}", .handler = lookup, .ctx = st},
        {.method = "POST", .pattern = "/api/v1/public/dossiers/{code}/actions",
         .handler = applicant_act, .ctx = st, .flags = WEB_JSON_BODY | WEB_MULTIPART, .max_body = BODY},
        {.method = "POST", .pattern = "/api/v1/public/dossiers/{code}/rating", .handler = rate,
         .ctx = st, .flags = WEB_JSON_BODY, .max_body = 16384},
        {.method = "GET", .pattern = "/api/v1/public/rating-criteria", .handler = criteria, .ctx = st},
        {.method = "GET", .pattern = "/api/v1/public/dossiers/{code}/qr.svg", .handler = lookup_qr, .ctx = st},
        {.method = "GET", .pattern = "/api/v1/public/popular-procedures", .handler = popular, .ctx = st},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return dossier_notify_routes(w, st);
}
