/* Evidence (minh chứng) for a task's progress or a reported indicator value:
 * the files of a multipart body stored in the file store before the row that
 * names them is written, and served back to those who may read the plan. */
#include "plan/internal.h"

#include "store/blob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An evidence file's name: UTF-8, no path. */
static bool name_ok(const char *name)
{
    if (strchr(name, '/') || strchr(name, '\\'))
        return false;
    json_t *utf8 = json_string(name);
    json_decref(utf8);
    return utf8 != NULL;
}

/* Every file is kept or the request is refused: nothing is dropped unsaid. */
static const char *file_refusal(const multipart_part *p, int kept, int max_files)
{
    if (kept == max_files)
        return "Tối đa 5 tệp minh chứng mỗi lần.";
    if (p->len == 0)
        return "Tệp minh chứng rỗng.";
    if (p->len > PLAN_EVIDENCE_MAX_BYTES)
        return "Mỗi tệp minh chứng tối đa 10 MB.";
    return name_ok(p->filename) ? NULL : "Tên tệp minh chứng không hợp lệ.";
}

json_t *plan_evidence_body(web_request *req, multipart_part *parts, int max_files, int *files)
{
    *files = 0;
    const char *type = web_header(req, "Content-Type");
    char boundary[128];
    if (!type || !multipart_boundary(type, boundary, sizeof boundary))
        return json_incref(req->json);
    /* Room for one part more than allowed, so that too many is seen. */
    int n = multipart_parse(req->body, req->body_len, boundary, parts, max_files + 2);
    json_t *body = NULL;
    const char *refusal = n < 0 ? "Nội dung gửi lên không đọc được (tối đa 5 tệp minh chứng mỗi lần)." : NULL;
    bool file_refused = false;
    for (int i = 0; i < n && !refusal; i++) {
        if (strcmp(parts[i].name, "data") == 0 && !parts[i].filename[0]) {
            if (body)
                refusal = "Chỉ gửi một phần data.";
            else if (!(body = json_loadb(parts[i].data, parts[i].len, 0, NULL)))
                refusal = "Phần data phải là JSON.";
        } else if (parts[i].filename[0]) {
            file_refused = (refusal = file_refusal(&parts[i], *files, max_files)) != NULL;
            if (!refusal)
                parts[(*files)++] = parts[i];
        }
    }
    if (!refusal && !body)
        refusal = "Cần phần data là JSON.";
    if (refusal) {
        json_decref(body);
        web_reply_error(req, file_refused ? 422 : 400, file_refused ? "invalid_field" : n < 0 ? "invalid_multipart" : "invalid_json",
                        file_refused ? "evidence" : "data", refusal);
        return NULL;
    }
    return body;
}

const char *plan_evidence_store(web_request *req, const char *data_dir, const multipart_part *parts, int files)
{
    json_t *evidence = json_array();
    for (int i = 0; i < files; i++) {
        char hash[BLOB_HASH_HEX], err[200];
        if (blob_put(data_dir, parts[i].data, parts[i].len, hash, err, sizeof err) != 0) {
            json_decref(evidence);
            web_reply_error(req, 503, "unavailable", NULL, NULL);
            return NULL;
        }
        json_array_append_new(evidence, json_pack("{s:s, s:s}", "hash", hash, "name", parts[i].filename));
    }
    char *text = json_dumps(evidence, JSON_COMPACT);
    json_decref(evidence);
    const char *out = arena_strdup(&req->arena, text ? text : "[]");
    free(text);
    return out;
}

/* The name a file was given where the plan names it: a task's progress or an
 * indicator's value. 0 found, 1 this plan names no such file, -1 unreadable.
 * The lists ([{hash, name}]) are read here, as SQLite and PostgreSQL have no
 * JSON function in common; LIKE only spares the rows that cannot hold it. */
static int evidence_name(store_conn *c, int64_t plan_id, const char *hash, char *name, size_t size)
{
    store_stmt *st = store_prepare(
        c, "SELECT p.files FROM plan_progress p JOIN plan_task t ON t.id = p.task_id"
           " WHERE t.plan_id = ?1 AND p.files LIKE '%' || CAST(?2 AS TEXT) || '%'"
           " UNION ALL SELECT v.evidence FROM plan_indicator_value v JOIN plan_indicator i ON i.id = v.indicator_id"
           " WHERE i.plan_id = ?1 AND v.evidence LIKE '%' || ?2 || '%'");
    if (!st)
        return -1;
    store_bind_int64(st, 1, plan_id);
    store_bind_text(st, 2, hash);
    int rc;
    bool matched = false;
    const char *found = NULL; /* the first entry with the hash gives the name, if it has one */
    json_t *list = NULL;
    while (!matched && (rc = store_step(st)) == STORE_ROW) {
        json_decref(list);
        list = store_col_text(st, 0) ? json_loads(store_col_text(st, 0), 0, NULL) : NULL;
        size_t i;
        json_t *f;
        json_array_foreach(list, i, f) {
            const char *h = json_string_value(json_object_get(f, "hash"));
            if (h && strcmp(h, hash) == 0) {
                matched = true;
                found = json_string_value(json_object_get(f, "name"));
                break;
            }
        }
    }
    if (found)
        snprintf(name, size, "%s", found);
    json_decref(list);
    store_reset(st);
    return found ? 0 : rc == STORE_ROW || rc == STORE_DONE ? 1 : -1;
}

static void get_evidence(web_request *req, void *ctx)
{
    if (!plan_within_reach(req, ((org_state *)ctx)->store, "plan.read"))
        return;
    org_state *st = ctx;
    const char *hash = web_param(req, "hash");
    int64_t plan_id = 0;
    store_conn *c = store_reader(st->store);
    char name[256], path[4096];
    int found = c && plan_path_id(req, "id", &plan_id) && hash && strlen(hash) == BLOB_HASH_HEX - 1
                    ? evidence_name(c, plan_id, hash, name, sizeof name)
                    : c ? 1 : -1;
    if (found < 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (found > 0 || blob_path(st->data_dir, hash, path, sizeof path) != 0 ||
        !web_reply_file(req, 200, "application/octet-stream", path)) {
        web_reply_error(req, 404, "not_found", "hash", "Kế hoạch này không có tệp minh chứng này.");
        return;
    }
    web_add_attachment_name(req, name);
}

int plan_evidence_routes(web_server *w, org_state *st)
{
    const web_route route = {.method = "GET", .pattern = "/api/v1/plans/{id}/evidence/{hash}", .handler = get_evidence,
                             .ctx = st, .permission = "plan.read"};
    return web_server_route(w, &route);
}
