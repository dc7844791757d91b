/* Verifying a signed văn bản đi: its number, date, issuing organ, signer,
 * and whether the signature (outgoing_seal.c's scheme) holds for the
 * stored file and for a file someone presents. Staff ask by id; anyone
 * may ask through the QR code printed on the document, which names the
 * id, the number and the date — all three must match, and a confidential
 * document (Điều 15 khoản 2) is never confirmed publicly. */
#include "document/outgoing.h"

#include "org/signing.h"
#include "store/blob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            char *grown = cap < (64u << 20) ? realloc(buf, cap ? cap * 2 : 1 << 16) : NULL;
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
            cap = cap ? cap * 2 : 1 << 16;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Does the file carry the seal the table holds? */
static bool seal_holds(arena *a, const char *data, size_t len, const char *code, const char *covered,
                       const char *signed_at, const char *signature, int64_t key_id, size_t *covered_len)
{
    document_seal s;
    if (!document_seal_read(a, data, len, &s))
        return false;
    *covered_len = s.covered;
    return strcmp(s.code, code) == 0 && strcmp(s.covered_sha256, covered) == 0 && strcmp(s.signed_at, signed_at) == 0 &&
           strcmp(s.signature, signature) == 0 && s.key_id == key_id;
}

typedef struct verify_query {
    int64_t id;
    bool public;
    const char *number, *date; /* public: as printed on the document */
    const void *presented;
    size_t presented_len;
} verify_query;

static json_t *verify(store_conn *c, arena *a, const char *data_dir, const verify_query *q, int *status)
{
    store_stmt *st = store_prepare(
        c, "SELECT d.secrecy, d.code_number || '/' || d.code_notation, d.issued_date, d.organ_name, d.organ_id,"
           " d.type_name, d.subject, d.file_sha256, d.status, s.key_id, s.file_sha256, s.signed_at, s.signature,"
           " k.public_key, k.revoked_at, k.revoked_reason, d.signer_full_name, d.signer_position"
           " FROM document d JOIN document_signature s ON s.document_id = d.id JOIN signing_key k ON k.id = s.key_id"
           " WHERE d.id = ? AND d.direction = 'out' ORDER BY s.id DESC LIMIT 1");
    if (!st) {
        *status = 503;
        return NULL;
    }
    store_bind_int64(st, 1, q->id);
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        store_reset(st);
        *status = rc == STORE_DONE ? 404 : 503;
        return NULL;
    }
    const char *number = arena_strdup(a, store_col_text(st, 1)), *date = arena_strdup(a, store_col_text(st, 2));
    bool secret = store_col_text(st, 0)[0] != '\0';
    if (q->public && (secret || !q->number || !q->date || strcmp(q->number, number) != 0 ||
                      strcmp(q->date, date) != 0)) {
        store_reset(st);
        *status = 404;
        return NULL;
    }
    const char *file_sha = arena_strdup(a, store_col_text(st, 7)), *covered = arena_strdup(a, store_col_text(st, 10));
    const char *signed_at = arena_strdup(a, store_col_text(st, 11)), *signature = arena_strdup(a, store_col_text(st, 12));
    int64_t key_id = store_col_int64(st, 9);
    const char *code = arena_printf(a, "document %lld %s", (long long)q->id, number);
    bool signature_ok = signing_verify(store_col_text(st, 13), code, covered, signed_at, signature);
    json_t *out = json_pack(
        "{s:{s:I, s:s, s:s, s:s, s:s?, s:s, s:s}, s:{s:s?, s:s?}, s:s, s:b, s:s, s:s,"
        " s:{s:I, s:s, s:s?, s:s?}}",
        "document", "id", (json_int_t)q->id, "number", number, "issued_date", date, "organ_name",
        store_col_text(st, 3), "organ_id", store_col_text(st, 4), "type_name", store_col_text(st, 5), "status",
        store_col_text(st, 8), "signer", "name", store_col_text(st, 16), "position", store_col_text(st, 17),
        "signed_at", signed_at, "signature_valid", signature_ok, "file_sha256", file_sha, "covered_sha256", covered,
        "key", "id", (json_int_t)key_id, "public_key", store_col_text(st, 13), "revoked_at", store_col_text(st, 14),
        "revoked_reason", store_col_text(st, 15));
    json_object_set_new(json_object_get(out, "document"), "subject", json_string(store_col_text(st, 6)));
    store_reset(st);
    /* The stored file, read again now: a replaced or damaged file shows. */
    char path[4096];
    size_t len = 0, covered_len = 0;
    char *stored = blob_path(data_dir, file_sha, path, sizeof path) == 0 ? read_whole(path, &len) : NULL;
    char actual[65] = "";
    if (stored)
        document_sha256_hex(stored, len, actual);
    bool stored_ok = stored && signature_ok && strcmp(actual, file_sha) == 0 &&
                     seal_holds(a, stored, len, code, covered, signed_at, signature, key_id, &covered_len);
    free(stored);
    json_object_set_new(out, "valid_for_stored", json_boolean(stored_ok));
    json_object_set_new(out, "covered_length", json_integer((json_int_t)covered_len));
    if (q->presented) {
        char hex[65];
        document_sha256_hex(q->presented, q->presented_len, hex);
        size_t unused = 0;
        bool ok = signature_ok && seal_holds(a, q->presented, q->presented_len, code, covered, signed_at, signature, key_id, &unused);
        json_object_set_new(out, "presented_sha256", json_string(hex));
        json_object_set_new(out, "identical_to_stored", json_boolean(strcmp(hex, file_sha) == 0));
        json_object_set_new(out, "valid_for_presented", json_boolean(ok));
    }
    *status = 200;
    return out;
}

static void reply(web_request *req, org_state *st, const verify_query *q)
{
    store_conn *c = store_reader(st->store);
    int status = 503;
    json_t *out = c ? verify(c, &req->arena, st->data_dir, q, &status) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, status, status == 404 ? "not_found" : "unavailable", "id",
                        status == 404 ? "Không có văn bản đã ký số khớp với thông tin này." : NULL);
}

static void staff_verify(web_request *req, void *ctx)
{
    org_state *st = ctx;
    verify_query q = {0};
    if (!document_out_visible_id(req, st->store, "id", &q.id))
        return;
    if (strcmp(req->method, "POST") == 0) {
        q.presented = req->body ? req->body : "";
        q.presented_len = req->body_len;
    }
    reply(req, st, &q);
}

/* GET|POST /api/v1/public/documents/verify?vb=ID&so=NUMBER&ngay=YYYY-MM-DD:
 * what the QR code on the document opens (through /xac-thuc/). */
static void public_verify(web_request *req, void *ctx)
{
    org_state *st = ctx;
    verify_query q = {.public = true, .number = web_query(req, "so"), .date = web_query(req, "ngay")};
    const char *id = web_query(req, "vb");
    char *end = NULL;
    long long v = id ? strtoll(id, &end, 10) : 0;
    if (!id || !*id || *end || v <= 0) {
        web_reply_error(req, 422, "invalid_field", "vb", "Cần mã văn bản (vb), số (so) và ngày ban hành (ngay).");
        return;
    }
    q.id = v;
    if (strcmp(req->method, "POST") == 0) {
        q.presented = req->body ? req->body : "";
        q.presented_len = req->body_len;
    }
    reply(req, st, &q);
}

int document_verify_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/documents/{id}/verify", .handler = staff_verify, .ctx = st,
         .permission = "document.read"},
        {.method = "POST", .pattern = "/api/v1/documents/{id}/verify", .handler = staff_verify, .ctx = st,
         .permission = "document.read", .max_body = 20 << 20},
        {.method = "GET", .pattern = "/api/v1/public/documents/verify", .handler = public_verify, .ctx = st},
        {.method = "POST", .pattern = "/api/v1/public/documents/verify", .handler = public_verify, .ctx = st,
         .max_body = 20 << 20},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
