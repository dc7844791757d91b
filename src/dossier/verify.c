/* Verifying a signed electronic result: who signed, when, the file's hash,
 * whether the signature holds for the stored file (or for one presented),
 * and whether the key has since been revoked. Public. */
#include "dossier/internal.h"

#include "org/signing.h"
#include "store/blob.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

json_t *dossier_verify(store_conn *c, const char *data_dir, const char *code, const void *presented,
                       size_t presented_len, int *status)
{
    store_stmt *st = store_prepare(
        c, "SELECT s.file_sha256, s.signed_at, s.signature, k.id, k.public_key, k.revoked_at,"
           " k.revoked_reason, a.full_name, a.position, u.name, d.result_file, d.result_file_name"
           " FROM dossier d JOIN dossier_signature s ON s.dossier_id = d.id"
           " JOIN signing_key k ON k.id = s.key_id JOIN account a ON a.id = k.account_id"
           " JOIN unit u ON u.id = a.unit_id WHERE d.code = ? ORDER BY s.id DESC LIMIT 1");
    if (!st) {
        *status = 503;
        return NULL;
    }
    store_bind_text(st, 1, code);
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        store_reset(st);
        *status = rc == STORE_DONE ? 404 : 503;
        return NULL;
    }
    char sha[BLOB_HASH_HEX];
    snprintf(sha, sizeof sha, "%s", store_col_text(st, 0));
    const char *at = store_col_text(st, 1);
    bool signature_ok = signing_verify(store_col_text(st, 4), code, sha, at, store_col_text(st, 2));
    /* The stored file, hashed again now: a replaced or damaged file shows. */
    char path[4096], actual[BLOB_HASH_HEX] = "";
    uint64_t size;
    const char *stored = store_col_text(st, 10);
    if (stored && blob_path(data_dir, stored, path, sizeof path) == 0)
        blob_hash_file(path, actual, &size);
    json_t *out = json_pack(
        "{s:s, s:b, s:{s:s, s:s?, s:s}, s:s, s:s, s:s?, s:b, s:{s:I, s:s, s:s?, s:s?}}", "code", code,
        "signature_valid", signature_ok, "signer", "name", store_col_text(st, 7), "position",
        store_col_text(st, 8), "unit", store_col_text(st, 9), "signed_at", at, "file_sha256", sha,
        "file_name", store_col_text(st, 11), "valid_for_stored",
        signature_ok && strcmp(actual, sha) == 0, "key", "id", (json_int_t)store_col_int64(st, 3),
        "public_key", store_col_text(st, 4), "revoked_at", store_col_text(st, 5), "revoked_reason",
        store_col_text(st, 6));
    store_reset(st);
    if (presented) {
        unsigned char digest[crypto_hash_sha256_BYTES];
        char hex[2 * crypto_hash_sha256_BYTES + 1];
        crypto_hash_sha256(digest, presented, presented_len);
        sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
        json_object_set_new(out, "presented_sha256", json_string(hex));
        json_object_set_new(out, "valid_for_presented", json_boolean(signature_ok && strcmp(hex, sha) == 0));
    }
    *status = 200;
    return out;
}
