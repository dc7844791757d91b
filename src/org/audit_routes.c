/* GET /api/v1/audit: the audit log for those who hold audit.read, newest
 * first, filtered, in keyset pages (?before=<id>), with whether the listed
 * entries verify against their hashes. */
#include "org/audit.h"
#include "org/org.h"
#include "org/permission.h"
#include "org/session.h"

#include "core/timefmt.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

enum { PAGE_DEFAULT = 50, PAGE_MAX = 200, FILTER_MAX = 200 };

typedef struct audit_query {
    const char *actor, *action, *object_type, *object_id;
    const char *from, *to;     /* UTC ISO text, as stored; NULL: open */
    long before, limit;        /* before 0: from the newest */
} audit_query;

/* ?name= as 1..FILTER_MAX bytes, or absent. */
static bool text_filter(web_request *req, const char *name, const char **out)
{
    const char *v = web_query(req, name);
    *out = NULL;
    if (!v)
        return true;
    if (!*v || strlen(v) > FILTER_MAX) {
        web_reply_error(req, 422, "invalid_field", name,
                        arena_printf(&req->arena, "Giá trị lọc „%s“ phải có từ 1 đến %d byte.",
                                     name, FILTER_MAX));
        return false;
    }
    *out = v;
    return true;
}

/* ?name= as an instant with its offset, written back as stored (UTC ISO). */
static bool instant_filter(web_request *req, const char *name, const char **out, int64_t *ms)
{
    const char *v = web_query(req, name);
    *out = NULL;
    if (!v)
        return true;
    if (!timefmt_parse_iso_offset(v, ms)) {
        web_reply_error(req, 422, "invalid_field", name,
                        "Thời điểm phải theo ISO 8601 kèm múi giờ, ví dụ 2026-07-14T09:30:00+07:00.");
        return false;
    }
    char *text = arena_alloc(&req->arena, TIMEFMT_ISO_LEN);
    if (!text) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return false;
    }
    timefmt_iso_utc(*ms, text);
    *out = text;
    return true;
}

static bool parse_query(web_request *req, audit_query *q)
{
    int64_t from_ms = 0, to_ms = 0;
    *q = (audit_query){.limit = PAGE_DEFAULT};
    if (!text_filter(req, "actor", &q->actor) || !text_filter(req, "action", &q->action) ||
        !text_filter(req, "object_type", &q->object_type) ||
        !text_filter(req, "object_id", &q->object_id) ||
        !instant_filter(req, "from", &q->from, &from_ms) ||
        !instant_filter(req, "to", &q->to, &to_ms) ||
        !web_query_int(req, "before", 1, 999999999, "Mã mục (before) là số nguyên dương.",
                       &q->before) ||
        !web_query_int(req, "limit", 1, PAGE_MAX, "Số mục mỗi trang (limit) từ 1 đến 200.",
                       &q->limit))
        return false;
    if (q->from && q->to && to_ms <= from_ms) {
        web_reply_error(req, 422, "invalid_field", "to", "Thời điểm kết thúc phải sau thời điểm bắt đầu.");
        return false;
    }
    return true;
}

static void bind_optional(store_stmt *st, int idx, const char *text)
{
    if (text)
        store_bind_text(st, idx, text);
    else
        store_bind_null(st, idx);
}

static json_t *entry_json(store_stmt *st)
{
    const char *summary = store_col_text(st, 6);
    json_t *parsed = summary ? json_loads(summary, JSON_DECODE_ANY, NULL) : NULL;
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:o}", "id", (json_int_t)store_col_int64(st, 0),
                     "at", store_col_text(st, 1), "actor", store_col_text(st, 2), "action",
                     store_col_text(st, 3), "object_type", store_col_text(st, 4), "object_id",
                     store_col_text(st, 5), "summary",
                     parsed ? parsed : json_string(summary ? summary : ""));
}

/* Verifies each run of consecutive ids among the listed ones (newest first). */
static json_t *chain_json(store_conn *c, const int64_t *ids, int n)
{
    int64_t checked = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j + 1 < n && ids[j + 1] == ids[j] - 1)
            j++;
        audit_report r;
        int rc = audit_verify_range(c, ids[j], ids[i], &r);
        checked += r.entries;
        if (rc < 0)
            return NULL;
        if (rc == 1)
            return json_pack("{s:b, s:I, s:I, s:s, s:s}", "intact", 0, "checked", (json_int_t)checked,
                             "broken_id", (json_int_t)r.broken_id, "code", r.code, "reason", r.reason);
        i = j + 1;
    }
    return json_pack("{s:b, s:I, s:n, s:n, s:n}", "intact", 1, "checked", (json_int_t)checked,
                     "broken_id", "code", "reason");
}

static const char list_sql[] =
    "SELECT id, at, actor, action, object_type, object_id, summary FROM audit_log"
    " WHERE (CAST(?1 AS BIGINT) IS NULL OR id < ?1) AND (CAST(?2 AS TEXT) IS NULL OR actor = ?2)"
    " AND (CAST(?3 AS TEXT) IS NULL OR substr(action, 1, length(?3)) = ?3)"
    " AND (CAST(?4 AS TEXT) IS NULL OR object_type = ?4) AND (CAST(?5 AS TEXT) IS NULL OR object_id = ?5)"
    " AND (CAST(?6 AS TEXT) IS NULL OR at >= ?6) AND (CAST(?7 AS TEXT) IS NULL OR at < ?7)"
    " ORDER BY id DESC LIMIT ?8";

/* Whether the account holds audit.read on every top-level unit, so on every
 * unit of the deployment; false also when the units cannot be read. */
/* The log is one chain for every unit and its entries name no unit, so it is
 * read only by those whose audit.read covers the whole deployment: on a
 * one-commune server, the commune's administrators and leaders. */
static bool may_read_whole_log(web_request *req, org_state *st)
{
    const session_info *who = req->who.data;
    store_conn *c = store_reader(st->store);
    if (c && org_may_everywhere(c, who->account_id, "audit.read"))
        return true;
    web_reply_error(req, 403, "out_of_scope", NULL,
                    "Nhật ký kiểm toán ghi việc của mọi đơn vị; chỉ người có quyền xem trên toàn "
                    "hệ thống (quản trị, lãnh đạo cấp xã) được xem.");
    return false;
}

static void bind_query(store_stmt *s, const audit_query *q)
{
    if (q->before)
        store_bind_int64(s, 1, q->before);
    else
        store_bind_null(s, 1);
    const char *texts[] = {q->actor, q->action, q->object_type, q->object_id, q->from, q->to};
    for (int i = 0; i < 6; i++)
        bind_optional(s, i + 2, texts[i]);
    store_bind_int64(s, 8, q->limit + 1); /* one more tells whether a next page exists */
}

/* Up to limit entries into items and their ids; *more when one is left over.
 * True unless the database failed mid-way. */
static bool read_page(store_stmt *s, long limit, json_t *items, int64_t *ids, int *n, bool *more)
{
    int rc;
    *n = 0;
    *more = false;
    while ((rc = store_step(s)) == STORE_ROW) {
        if (*n == limit) {
            *more = true;
            break;
        }
        ids[(*n)++] = store_col_int64(s, 0);
        json_array_append_new(items, entry_json(s));
    }
    store_reset(s);
    return rc == STORE_ROW || rc == STORE_DONE;
}

static void list_audit(web_request *req, void *ctx)
{
    org_state *st = ctx;
    audit_query q;
    if (!parse_query(req, &q) || !may_read_whole_log(req, st))
        return;
    store_stmt *s = org_read_stmt(req, st->store, list_sql);
    if (!s)
        return;
    bind_query(s, &q);
    int64_t ids[PAGE_MAX];
    int n;
    bool more;
    json_t *items = json_array();
    json_t *chain = read_page(s, q.limit, items, ids, &n, &more)
                        ? chain_json(store_reader(st->store), ids, n)
                        : NULL;
    if (!chain) {
        json_decref(items);
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    json_t *next = more ? json_integer((json_int_t)ids[n - 1]) : json_null();
    web_reply_json(req, 200, json_pack("{s:o, s:o, s:o}", "items", items, "next_before", next,
                                       "chain", chain));
}

int org_audit_routes(web_server *w, org_state *st)
{
    const web_route route = {.method = "GET", .pattern = "/api/v1/audit", .handler = list_audit,
                             .ctx = st, .permission = "audit.read"};
    return web_server_route(w, &route);
}
