/* Diagnostics routes: the smallest real uses of each layer, for the API tests
 * and the benchmark. Never enabled unless `xaso serve --diagnostics`.
 *
 *   POST /api/v1/diagnostics/notes       JSON write through store_write
 *   GET  /api/v1/diagnostics/notes/{id}  read
 *   GET  /api/v1/diagnostics/notes       count (tests check "nothing changed")
 *   POST /api/v1/diagnostics/fail        writes, then fails: proves rollback
 *   GET  /api/v1/diagnostics/ping        fixed reply: the HTTP ceiling
 *   GET  /api/v1/diagnostics/guarded     needs permission "diagnostics.guarded"
 *   GET  /api/v1/diagnostics/routes      every route with its permission
 *
 * The diagnostics identity trusts the X-Diagnostics-User and
 * X-Diagnostics-Permissions headers: that is why it is never on by default. */
#include "ops/ops.h"

#include "core/timefmt.h"
#include "org/audit.h"

#include <stdlib.h>
#include <string.h>

typedef struct note_write {
    const char *actor;
    const char *key, *body;
    bool fail_after_insert;
    int64_t id;
} note_write;

enum { NOTE_DUPLICATE = 1, NOTE_DELIBERATE_FAILURE = 2 };

static int insert_note(store_conn *c, void *ctx)
{
    note_write *w = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = store_prepare(
        c, "INSERT INTO diagnostic_note (note_key, body, created_at) VALUES (?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, w->key);
    store_bind_text(st, 2, w->body);
    store_bind_text(st, 3, now);
    int rc = store_step(st);
    if (rc == STORE_CONSTRAINT)
        return NOTE_DUPLICATE;
    w->id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)w->id);
    json_t *summary = json_pack("{s:s}", "key", w->key);
    char *text = json_dumps(summary, JSON_COMPACT);
    json_decref(summary);
    audit_entry e = {w->actor, "note.create", "diagnostic_note", id, text};
    rc = text ? audit_append(c, &e, now) : STORE_ERROR;
    free(text);
    if (rc != 0)
        return rc;
    return w->fail_after_insert ? NOTE_DELIBERATE_FAILURE : 0;
}

static void reply_write_failure(web_request *req, int rc)
{
    if (rc == NOTE_DUPLICATE)
        web_reply_error(req, 409, "duplicate", "key", "Khóa này đã được dùng cho một ghi chú khác.");
    else if (rc == STORE_CLOSED || rc == STORE_BUSY)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    else
        web_reply_error(req, 500, "internal_error", NULL, NULL);
}

static void create_note(web_request *req, void *ctx)
{
    note_write w = {.actor = req->who.subject ? req->who.subject : "anonymous"};
    if (!web_json_string(req, req->json, "key", 1, 64, true, &w.key) ||
        !web_json_string(req, req->json, "body", 1, 2000, true, &w.body))
        return;
    int rc = store_write(ctx, insert_note, &w);
    if (rc != 0) {
        reply_write_failure(req, rc);
        return;
    }
    web_reply_json(req, 201, json_pack("{s:I, s:s}", "id", (json_int_t)w.id, "key", w.key));
}

static void fail_note(web_request *req, void *ctx)
{
    char key[32];
    snprintf(key, sizeof key, "fail-%s", req->request_id);
    note_write w = {.actor = "anonymous", .key = key, .body = "rolled back",
                    .fail_after_insert = true};
    reply_write_failure(req, store_write(ctx, insert_note, &w));
}

static void get_note(web_request *req, void *ctx)
{
    char *end;
    long long id = strtoll(web_param(req, "id"), &end, 10);
    if (*end || id <= 0) {
        web_reply_error(req, 404, "not_found", NULL, NULL);
        return;
    }
    store_conn *c = store_reader(ctx);
    store_stmt *st = c ? store_prepare(c, "SELECT note_key, body, created_at FROM "
                                          "diagnostic_note WHERE id = ?")
                       : NULL;
    if (!st) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    store_bind_int64(st, 1, id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        web_reply_error(req, 404, "not_found", NULL, "Không tìm thấy ghi chú.");
        return;
    }
    json_t *body = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "key",
                             store_col_text(st, 0), "body", store_col_text(st, 1), "created_at",
                             store_col_text(st, 2));
    store_reset(st);
    web_reply_json(req, 200, body);
}

static void count_notes(web_request *req, void *ctx)
{
    store_conn *c = store_reader(ctx);
    store_stmt *st = c ? store_prepare(c, "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM "
                                          "diagnostic_note")
                       : NULL;
    if (!st || store_step(st) != STORE_ROW) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    json_t *body = json_pack("{s:I, s:I}", "count", (json_int_t)store_col_int64(st, 0), "max_id",
                             (json_int_t)store_col_int64(st, 1));
    store_reset(st);
    web_reply_json(req, 200, body);
}

static void ping(web_request *req, void *ctx)
{
    (void)ctx;
    web_reply_text(req, 200, "application/json; charset=utf-8", "{\"ok\":true}");
}

static void guarded(web_request *req, void *ctx)
{
    (void)ctx;
    web_reply_json(req, 200, json_pack("{s:s}", "subject", req->who.subject));
}

static void list_routes(web_request *req, void *ctx)
{
    const web_server *w = ctx;
    json_t *items = json_array();
    for (int i = 0; i < web_server_route_count(w); i++) {
        const web_route *r = web_server_route_at(w, i);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s?}", "method", r->method, "pattern",
                                               r->pattern, "permission", r->permission));
    }
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

int ops_diagnostics_routes(web_server *w, store *s)
{
    const web_route routes[] = {
        {.method = "POST", .pattern = "/api/v1/diagnostics/notes", .handler = create_note,
         .ctx = s, .flags = WEB_JSON_BODY},
        {.method = "GET", .pattern = "/api/v1/diagnostics/notes", .handler = count_notes, .ctx = s},
        {.method = "GET", .pattern = "/api/v1/diagnostics/notes/{id}", .handler = get_note,
         .ctx = s},
        {.method = "POST", .pattern = "/api/v1/diagnostics/fail", .handler = fail_note, .ctx = s},
        {.method = "GET", .pattern = "/api/v1/diagnostics/ping", .handler = ping},
        {.method = "GET", .pattern = "/api/v1/diagnostics/guarded", .handler = guarded,
         .permission = "diagnostics.guarded"},
        {.method = "GET", .pattern = "/api/v1/diagnostics/routes", .handler = list_routes,
         .ctx = w},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}

/* Requests with X-Diagnostics-User are judged by the headers; all others by
 * the real identity, so sign-in works beside the diagnostics routes. */
static web_identity inner;
static char header_marker;

static bool header_identify(void *ctx, web_request *req, web_principal *who)
{
    (void)ctx;
    const char *user = web_header(req, "X-Diagnostics-User");
    if (!user || !*user)
        return inner.identify ? inner.identify(inner.ctx, req, who) : true;
    who->authenticated = true;
    who->subject = arena_strdup(&req->arena, user);
    who->data = &header_marker;
    return true;
}

static bool header_authorize(void *ctx, web_request *req, const web_principal *who,
                             const char *permission)
{
    (void)ctx;
    if (who->data != &header_marker)
        return inner.authorize && inner.authorize(inner.ctx, req, who, permission);
    const char *perms = web_header(req, "X-Diagnostics-Permissions");
    if (!perms)
        return false;
    size_t n = strlen(permission);
    for (const char *p = perms; (p = strstr(p, permission)); p += n)
        if ((p == perms || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return true;
    return false;
}

static bool header_known(void *ctx, const char *permission)
{
    (void)ctx;
    return strcmp(permission, "diagnostics.guarded") == 0 ||
           (inner.permission_known && inner.permission_known(inner.ctx, permission));
}

void ops_diagnostics_identity(const web_identity *real, web_identity *out)
{
    inner = *real;
    *out = (web_identity){.identify = header_identify, .authorize = header_authorize,
                          .permission_known = header_known};
}
