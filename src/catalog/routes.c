/* The catalog over HTTP: the public search and detail, and the
 * administrator's editing, review, workflow versions and export. */
#include "catalog/catalog.h"

#include "store/blob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *actor_of(web_request *req) { return req->who.subject; }

static void reply_org_error(web_request *req, const org_error *e)
{
    web_reply_error(req, e->status, e->code, e->field, e->message);
}

static bool read_count(web_request *req, const char *name, long min, long max, long fallback,
                       long *out)
{
    *out = fallback;
    return web_query_int(req, name, min, max, "Giá trị phân trang không hợp lệ.", out);
}

static bool read_query(web_request *req, catalog_query *q)
{
    long limit, offset;
    memset(q, 0, sizeof *q);
    q->q = web_query(req, "q");
    q->field = web_query(req, "field");
    q->online = web_query(req, "online");
    if (q->q && strlen(q->q) > 200) {
        web_reply_error(req, 422, "invalid_field", "q", "Từ khóa tìm kiếm tối đa 200 ký tự.");
        return false;
    }
    if (q->online && strcmp(q->online, "full") != 0 && strcmp(q->online, "partial") != 0 &&
        strcmp(q->online, "none") != 0) {
        web_reply_error(req, 422, "invalid_field", "online", "online là full, partial hoặc none.");
        return false;
    }
    if (!read_count(req, "limit", 1, 500, 20, &limit) || !read_count(req, "offset", 0, 1000000, 0, &offset))
        return false;
    q->limit = (int)limit;
    q->offset = (int)offset;
    return true;
}

static void reply_search(web_request *req, store *s, catalog_query *q)
{
    store_conn *c = store_reader(s);
    json_t *body = c ? catalog_search(c, q) : NULL;
    if (!body)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    else
        web_reply_json(req, 200, body);
}

static void search(web_request *req, void *ctx)
{
    org_state *st = ctx;
    catalog_query q;
    if (read_query(req, &q))
        reply_search(req, st->store, &q);
}

static void search_staff(web_request *req, void *ctx)
{
    org_state *st = ctx;
    catalog_query q;
    if (!read_query(req, &q))
        return;
    q.include_inactive = true;
    q.review = web_query(req, "review");
    if (q.review && strcmp(q.review, "pending") != 0 && strcmp(q.review, "confirmed") != 0) {
        web_reply_error(req, 422, "invalid_field", "review", "review là pending hoặc confirmed.");
        return;
    }
    reply_search(req, st->store, &q);
}

static void reply_detail(web_request *req, store *s, bool staff)
{
    bool failed = true;
    store_conn *c = store_reader(s);
    json_t *body = c ? catalog_procedure_json(c, web_param(req, "code"), staff, &failed) : NULL;
    if (body)
        web_reply_json(req, 200, body);
    else if (failed)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    else
        web_reply_error(req, 404, "not_found", "code", "Không có thủ tục với mã này.");
}

static void detail(web_request *req, void *ctx) { reply_detail(req, ((org_state *)ctx)->store, false); }
static void detail_staff(web_request *req, void *ctx) { reply_detail(req, ((org_state *)ctx)->store, true); }

static void fields(web_request *req, void *ctx)
{
    store_conn *c = store_reader(((org_state *)ctx)->store);
    json_t *body = c ? catalog_fields(c) : NULL;
    if (body)
        web_reply_json(req, 200, body);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

/* The catalog serves every unit of the deployment: changing it needs
 * catalog.manage on a top-level unit, not only on one commune. */
static bool deployment_wide(web_request *req, org_state *st)
{
    return org_require_scope(req, st->store, "catalog.manage", NULL, NULL);
}

static void create(web_request *req, void *ctx)
{
    org_state *st = ctx;
    if (!deployment_wide(req, st))
        return;
    int64_t id;
    bool created;
    org_error e;
    if (catalog_procedure_save(st->store, req->json, actor_of(req), false, &id, &created, &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "code",
                                       json_string_value(json_object_get(req->json, "code"))));
}

static void replace(web_request *req, void *ctx)
{
    org_state *st = ctx;
    if (!deployment_wide(req, st))
        return;
    const char *code = web_param(req, "code");
    const char *given = json_string_value(json_object_get(req->json, "code"));
    if (json_object_get(req->json, "code") && (!given || strcmp(given, code) != 0)) {
        web_reply_error(req, 422, "invalid_field", "code",
                        "Mã thủ tục trong nội dung khác mã trên đường dẫn.");
        return;
    }
    bool failed = true;
    store_conn *c = store_reader(st->store);
    json_t *existing = c ? catalog_procedure_json(c, code, false, &failed) : NULL;
    if (!existing) {
        if (failed)
            web_reply_error(req, 503, "unavailable", NULL, NULL);
        else
            web_reply_error(req, 404, "not_found", "code", "Không có thủ tục với mã này.");
        return;
    }
    json_decref(existing);
    json_object_set_new(req->json, "code", json_string(code));
    int64_t id;
    bool created;
    org_error e;
    if (catalog_procedure_save(st->store, req->json, actor_of(req), true, &id, &created, &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "code", code));
}

static void set_status(web_request *req, void *ctx)
{
    org_state *st = ctx;
    if (!deployment_wide(req, st))
        return;
    const char *status;
    org_error e;
    if (!web_json_string(req, req->json, "status", 1, 16, true, &status))
        return;
    if (catalog_set_status(st->store, web_param(req, "code"), status, actor_of(req), &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:s}", "code", web_param(req, "code"), "status", status));
}

static void confirm_review(web_request *req, void *ctx)
{
    org_state *st = ctx;
    if (!deployment_wide(req, st))
        return;
    org_error e;
    if (catalog_confirm_review(st->store, web_param(req, "code"), actor_of(req), &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:s}", "code", web_param(req, "code"), "review", "confirmed"));
}

static void get_workflow(web_request *req, void *ctx)
{
    org_state *st = ctx;
    long version;
    if (!read_count(req, "version", 0, 100000, 0, &version))
        return;
    bool failed = true;
    store_conn *c = store_reader(st->store);
    json_t *body = c ? catalog_workflow_json(c, web_param(req, "code"), (int)version, &failed) : NULL;
    if (body)
        web_reply_json(req, 200, body);
    else if (failed)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    else
        web_reply_error(req, 404, "not_found", "version", "Không có quy trình (phiên bản) này.");
}

static void put_workflow(web_request *req, void *ctx)
{
    org_state *st = ctx;
    if (!deployment_wide(req, st))
        return;
    int version;
    org_error e;
    if (catalog_workflow_save(st->store, web_param(req, "code"), req->json, actor_of(req), &version, &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:s, s:i}", "code", web_param(req, "code"), "version", version));
}

static bool document_id(web_request *req, int64_t *id)
{
    char *end;
    const char *text = web_param(req, "id");
    long long v = strtoll(text, &end, 10);
    if (*text && !*end && v > 0 && strlen(text) < 12) {
        *id = v;
        return true;
    }
    web_reply_error(req, 404, "not_found", "document", "Không có giấy tờ này trong thủ tục.");
    return false;
}

static void put_form(web_request *req, void *ctx)
{
    org_state *st = ctx;
    if (!deployment_wide(req, st))
        return;
    int64_t id;
    org_error e;
    if (!document_id(req, &id))
        return;
    if (catalog_set_form_file(st->store, st->data_dir, web_param(req, "code"), id,
                              web_query(req, "name"), req->body, req->body_len, actor_of(req),
                              &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s, s:I, s:s}", "code", web_param(req, "code"),
                                       "document", (json_int_t)id, "name", web_query(req, "name")));
}

/* The content type of a stored form, from its first bytes and its name. */
static const char *stored_type(const char *path, const char *name)
{
    char head[8] = {0};
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(head, 1, sizeof head, f) : 0;
    if (f)
        fclose(f);
    const char *type = catalog_form_content_type(name, head, got);
    return type ? type : "application/octet-stream";
}

static void get_form(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t id;
    if (!document_id(req, &id))
        return;
    char hash[65], name[256], path[4096];
    store_conn *c = store_reader(st->store);
    int rc = c ? catalog_form_file(c, web_param(req, "code"), id, hash, name, sizeof name) : -1;
    if (rc < 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (rc > 0 || blob_path(st->data_dir, hash, path, sizeof path) != 0) {
        web_reply_error(req, 404, "not_found", "document", "Giấy tờ này không có mẫu đơn.");
        return;
    }
    if (!web_reply_file(req, 200, stored_type(path, name), path)) {
        web_reply_error(req, 503, "unavailable", NULL, "Không đọc được tệp mẫu đơn.");
        return;
    }
    web_add_attachment_name(req, name);
    web_add_header(req, "Cache-Control", "public, max-age=3600");
}

static void export_all(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *format = web_query(req, "format");
    store_conn *c = store_reader(st->store);
    if (format && strcmp(format, "csv") == 0) {
        char *csv = c ? catalog_export_csv(c) : NULL;
        if (!csv) {
            web_reply_error(req, 503, "unavailable", NULL, NULL);
            return;
        }
        web_add_header(req, "Content-Disposition", "attachment; filename=\"thu-tuc.csv\"");
        web_reply_text(req, 200, "text/csv; charset=utf-8", arena_strdup(&req->arena, csv));
        free(csv);
        return;
    }
    if (format && strcmp(format, "json") != 0) {
        web_reply_error(req, 422, "invalid_field", "format", "format là json hoặc csv.");
        return;
    }
    json_t *all = c ? catalog_export(c) : NULL;
    if (!all) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_add_header(req, "Content-Disposition", "attachment; filename=\"thu-tuc.json\"");
    web_reply_json(req, 200, json_pack("{s:o}", "procedures", all));
}

int catalog_routes(web_server *w, org_state *st)
{
    enum { BODY = 4 << 20 };
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/procedures", .handler = search, .ctx = st},
        {.method = "GET", .pattern = "/api/v1/procedures/{code}", .handler = detail, .ctx = st},
        {.method = "GET", .pattern = "/api/v1/procedure-fields", .handler = fields, .ctx = st},
        {.method = "GET", .pattern = "/api/v1/catalog/procedures", .handler = search_staff,
         .ctx = st, .permission = "catalog.manage"},
        {.method = "POST", .pattern = "/api/v1/catalog/procedures", .handler = create, .ctx = st,
         .permission = "catalog.manage", .flags = WEB_JSON_BODY, .max_body = BODY},
        {.method = "GET", .pattern = "/api/v1/catalog/procedures/{code}", .handler = detail_staff,
         .ctx = st, .permission = "catalog.manage"},
        {.method = "PUT", .pattern = "/api/v1/catalog/procedures/{code}", .handler = replace,
         .ctx = st, .permission = "catalog.manage", .flags = WEB_JSON_BODY, .max_body = BODY},
        {.method = "POST", .pattern = "/api/v1/catalog/procedures/{code}/status",
         .handler = set_status, .ctx = st, .permission = "catalog.manage", .flags = WEB_JSON_BODY,
         .max_body = 1024},
        {.method = "POST", .pattern = "/api/v1/catalog/procedures/{code}/review",
         .handler = confirm_review, .ctx = st, .permission = "catalog.manage"},
        {.method = "GET", .pattern = "/api/v1/catalog/procedures/{code}/workflow",
         .handler = get_workflow, .ctx = st, .permission = "catalog.manage"},
        {.method = "PUT", .pattern = "/api/v1/catalog/procedures/{code}/workflow",
         .handler = put_workflow, .ctx = st, .permission = "catalog.manage",
         .flags = WEB_JSON_BODY, .max_body = 65536},
        {.method = "GET", .pattern = "/api/v1/catalog/export", .handler = export_all, .ctx = st,
         .permission = "catalog.manage"},
        {.method = "GET", .pattern = "/api/v1/procedures/{code}/documents/{id}/form",
         .handler = get_form, .ctx = st},
        {.method = "PUT", .pattern = "/api/v1/catalog/procedures/{code}/documents/{id}/form",
         .handler = put_form, .ctx = st, .permission = "catalog.manage", .max_body = 10 << 20},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
