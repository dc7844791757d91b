/* Reading văn bản đến: the list a unit works from (by status, year, what is
 * overdue, what is assigned to me or my unit, words of the subject folded
 * for diacritics) and one document with its trace (PL VI Phần II Mục II
 * field 17). Confidential ones appear only for the accounts named on them
 * (Điều 22 khoản 4). */
#include "document/incoming.h"

#include "core/fold.h"
#include "core/timefmt.h"
#include "org/permission.h"

#include <stdlib.h>
#include <string.h>

enum { LIST_MAX = 500 };

/* The incoming documents the caller may see: document.read near their unit
 * or their lead unit; a confidential one only when named on it. Parameters
 * ?1 account, ?2 roles of document.read. */
#define INCOMING_VISIBLE                                                                                             \
    " d.direction = 'in' AND (d.unit_id IN " ORG_NEAR_UNITS(1, 2) " OR d.handling_unit_id IN " ORG_NEAR_UNITS(1, 2) \
    ") AND (d.secrecy = '' OR d.handler_account_id = ?1 OR d.drafter_account_id = ?1 OR d.signer_account_id = ?1" \
    " OR EXISTS (SELECT 1 FROM document_access x WHERE x.document_id = d.id AND x.account_id = ?1))"

static const char LIST_SQL[] =
    "SELECT d.id, d.subject, d.organ_name, d.code_number, d.code_notation, d.to_places FROM document d"
    " WHERE" INCOMING_VISIBLE
    " AND (CAST(?3 AS TEXT) IS NULL OR d.status = ?3)"
    " AND (CAST(?4 AS BIGINT) IS NULL OR d.year = ?4)"
    " AND (CAST(?5 AS TEXT) IS NULL OR (d.due_at IS NOT NULL AND d.due_at < ?5"
    "      AND d.status IN ('registered', 'assigned', 'in_progress')))"
    " AND (CAST(?6 AS BIGINT) IS NULL OR d.handler_account_id = ?1 OR d.handling_unit_id = ?6"
    "      OR EXISTS (SELECT 1 FROM document_assignee s WHERE s.document_id = d.id AND s.unit_id = ?6))"
    " ORDER BY d.arrival_date DESC, d.id DESC LIMIT 5000";

static bool status_known(const char *s)
{
    static const char *const all[] = {"registered", "assigned", "in_progress", "done", "refused"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, all[i]) == 0)
            return true;
    return false;
}

/* Does the folded query occur in any of the row's texts, folded? */
static bool matches(store_stmt *st, const char *folded_q)
{
    char buf[4096];
    for (int i = 1; i <= 5; i++) {
        const char *t = store_col_text(st, i);
        if (t && text_fold(t, buf, sizeof buf) < sizeof buf && strstr(buf, folded_q))
            return true;
    }
    return false;
}

static bool flag(web_request *req, const char *name, bool *out)
{
    const char *v = web_query(req, name);
    *out = v && strcmp(v, "1") == 0;
    if (!v || strcmp(v, "0") == 0 || *out)
        return true;
    web_reply_error(req, 422, "invalid_field", name, arena_printf(&req->arena, "%s là 0 hoặc 1.", name));
    return false;
}

static void list_incoming(web_request *req, void *ctx)
{
    org_state *os = ctx;
    const char *status = web_query(req, "status"), *q = web_query(req, "q");
    long year = 0;
    bool overdue, mine;
    if (status && !status_known(status)) {
        web_reply_error(req, 422, "invalid_field", "status",
                        "Trạng thái là registered, assigned, in_progress, done hoặc refused.");
        return;
    }
    if (!web_query_int(req, "year", 2000, 2100, "Năm từ 2000 đến 2100.", &year) || !flag(req, "overdue", &overdue) ||
        !flag(req, "mine", &mine))
        return;
    if (q && strlen(q) > 200) {
        web_reply_error(req, 422, "invalid_field", "q", "Từ khóa tối đa 200 ký tự.");
        return;
    }
    char folded[800] = "";
    if (q)
        text_fold(q, folded, sizeof folded);
    store_conn *c = store_reader(os->store);
    int64_t me = org_caller(req);
    int64_t unit = mine && c ? document_account_unit(c, me) : 0;
    store_stmt *st = org_read_stmt(req, os->store, LIST_SQL);
    if (!st)
        return;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(req->now_ms, now);
    store_bind_int64(st, 1, me);
    store_bind_text(st, 2, org_permission_roles("document.read"));
    store_bind_text(st, 3, status);
    if (year)
        store_bind_int64(st, 4, year);
    else
        store_bind_null(st, 4);
    store_bind_text(st, 5, overdue ? now : NULL);
    if (mine)
        store_bind_int64(st, 6, unit);
    else
        store_bind_null(st, 6);
    int64_t *ids = arena_alloc(&req->arena, sizeof(int64_t) * LIST_MAX);
    size_t n = 0;
    while (ids && n < LIST_MAX && store_step(st) == STORE_ROW)
        if (!folded[0] || matches(st, folded))
            ids[n++] = store_col_int64(st, 0);
    store_reset(st);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *d = incoming_json(c, ids[i], req->now_ms, 0);
        if (d)
            json_array_append_new(items, d);
    }
    web_reply_json(req, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(items), "items", items));
}

static void get_incoming(web_request *req, void *ctx)
{
    org_state *os = ctx;
    incoming_row row;
    if (!incoming_find(req, os->store, &row))
        return;
    store_conn *c = store_reader(os->store);
    json_t *out = c ? incoming_json_as(c, row.id, req->now_ms, org_caller(req), org_request_scopes(req)) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

int document_in_read_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/documents/incoming", .handler = list_incoming, .ctx = st,
         .permission = "document.read"},
        {.method = "GET", .pattern = "/api/v1/documents/incoming/{id}", .handler = get_incoming, .ctx = st,
         .permission = "document.read"},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
