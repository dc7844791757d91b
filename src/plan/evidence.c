/* Evidence (minh chứng) for a task's progress or a reported indicator value:
 * the files of a multipart body stored in the file store before the row that
 * names them is written, and served back to those who may read the plan. */
#include "plan/internal.h"

#include "store/blob.h"

#include <stdlib.h>
#include <string.h>

json_t *plan_evidence_body(web_request *req, multipart_part *parts, int max_files, int *files)
{
    *files = 0;
    const char *type = web_header(req, "Content-Type");
    char boundary[128];
    if (!type || !multipart_boundary(type, boundary, sizeof boundary))
        return json_incref(req->json);
    int n = multipart_parse(req->body, req->body_len, boundary, parts, max_files + 1);
    json_t *body = NULL;
    for (int i = 0; i < n; i++) {
        if (strcmp(parts[i].name, "data") == 0 && !parts[i].filename[0])
            body = json_loadb(parts[i].data, parts[i].len, 0, NULL);
        else if (parts[i].filename[0] && parts[i].len > 0 && parts[i].len <= PLAN_EVIDENCE_MAX_BYTES &&
                 *files < max_files)
            parts[(*files)++] = parts[i];
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
 * indicator's value; false when this plan names no such file. */
static bool evidence_name(store_conn *c, int64_t plan_id, const char *hash, char *name, size_t size)
{
    store_stmt *st = store_prepare(
        c, "SELECT json_extract(f.value, '$.name') FROM plan_progress p JOIN plan_task t ON t.id = p.task_id,"
           " json_each(p.files) f WHERE t.plan_id = ?1 AND json_extract(f.value, '$.hash') = ?2"
           " UNION ALL SELECT json_extract(f.value, '$.name') FROM plan_indicator_value v"
           " JOIN plan_indicator i ON i.id = v.indicator_id, json_each(v.evidence) f"
           " WHERE i.plan_id = ?1 AND json_extract(f.value, '$.hash') = ?2 LIMIT 1");
    if (!st)
        return false;
    store_bind_int64(st, 1, plan_id);
    store_bind_text(st, 2, hash);
    bool found = store_step(st) == STORE_ROW && store_col_text(st, 0);
    if (found) {
        strncpy(name, store_col_text(st, 0), size - 1);
        name[size - 1] = '\0';
    }
    store_reset(st);
    return found;
}

static void get_evidence(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *id = web_param(req, "id"), *hash = web_param(req, "hash");
    int64_t plan_id = id ? atoll(id) : 0;
    store_conn *c = store_reader(st->store);
    char name[256], path[4096];
    if (!c) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    if (plan_id <= 0 || !hash || strlen(hash) != BLOB_HASH_HEX - 1 || !evidence_name(c, plan_id, hash, name, sizeof name) ||
        blob_path(st->data_dir, hash, path, sizeof path) != 0 ||
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
