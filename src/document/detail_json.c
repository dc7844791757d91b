/* What the page of a document shows the same way in both directions: its
 * trace, files and access list, and its number written as the decree
 * writes it. */
#include "document/internal.h"

#include <stdio.h>

json_t *document_col_text(store_stmt *st, int col)
{
    return store_col_is_null(st, col) ? json_null() : json_string(store_col_text(st, col));
}

json_t *document_col_int(store_stmt *st, int col)
{
    return store_col_is_null(st, col) ? json_null() : json_integer(store_col_int64(st, col));
}

json_t *document_number_json(const char *number, const char *notation)
{
    if (number && notation)
        return json_sprintf("%s/%s", number, notation);
    return number ? json_string(number) : json_null();
}

json_t *document_events_json(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT at, actor, action, from_status, to_status, status_code, note"
                                      " FROM document_event WHERE document_id = ? ORDER BY id");
    json_t *out = json_array();
    if (!st)
        return out;
    store_bind_int64(st, 1, id);
    static const char *const keys[] = {"at", "actor", "action", "from_status", "to_status", "status_code", "note"};
    while (store_step(st) == STORE_ROW) {
        json_t *e = json_object();
        for (int i = 0; i < (int)(sizeof keys / sizeof keys[0]); i++)
            json_object_set_new(e, keys[i], document_col_text(st, i));
        json_array_append_new(out, e);
    }
    store_reset(st);
    return out;
}

json_t *document_files_json(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT id, role, name, content_type, sha256, size, created_by, created_at"
                                      " FROM document_file WHERE document_id = ? ORDER BY id");
    json_t *out = json_array();
    if (!st)
        return out;
    store_bind_int64(st, 1, id);
    while (store_step(st) == STORE_ROW)
        json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "id",
                                             (json_int_t)store_col_int64(st, 0), "role", store_col_text(st, 1), "name",
                                             store_col_text(st, 2), "content_type", store_col_text(st, 3), "sha256",
                                             store_col_text(st, 4), "size", (json_int_t)store_col_int64(st, 5),
                                             "created_by", store_col_text(st, 6), "created_at", store_col_text(st, 7)));
    store_reset(st);
    return out;
}

json_t *document_access_json(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT a.username, a.full_name, x.granted_by, x.granted_at FROM document_access x"
                                      " JOIN account a ON a.id = x.account_id WHERE x.document_id = ? ORDER BY a.username");
    json_t *out = json_array();
    if (!st)
        return out;
    store_bind_int64(st, 1, id);
    while (store_step(st) == STORE_ROW)
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "username", store_col_text(st, 0), "full_name",
                                             store_col_text(st, 1), "granted_by", store_col_text(st, 2), "granted_at",
                                             store_col_text(st, 3)));
    store_reset(st);
    return out;
}
