/* Reading procedures: one in full, the search, the fields, the export. */
#include "catalog/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/fold.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON column's value; null when it does not parse. */
static json_t *column_json(store_stmt *st, int col)
{
    const char *text = store_col_text(st, col);
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_null();
}

static json_t *time_json(const char *unit, int64_t amount)
{
    if (!unit)
        return json_null();
    char text[64];
    if (strcmp(unit, "same_day") == 0)
        snprintf(text, sizeof text, "Trong ngày");
    else
        snprintf(text, sizeof text, "%lld %s", (long long)amount,
                 strcmp(unit, "working_days") == 0    ? "ngày làm việc"
                 : strcmp(unit, "working_hours") == 0 ? "giờ làm việc"
                                                      : "ngày");
    return json_pack("{s:s, s:I, s:s}", "unit", unit, "amount", (json_int_t)amount, "text", text);
}

static json_t *documents_json(store_conn *c, int64_t id, bool *failed)
{
    store_stmt *st = store_prepare(c, "SELECT id, name, kind, originals, copies, reusable_from, "
                                      "form_file, form_file_name FROM procedure_document "
                                      "WHERE procedure_id = ? AND retired = 0 ORDER BY position");
    json_t *list = json_array();
    if (!st) {
        *failed = true;
        return list;
    }
    store_bind_int64(st, 1, id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:I, s:I, s:s?, s:s?, s:s?}", "id",
                            (json_int_t)store_col_int64(st, 0), "name", store_col_text(st, 1),
                            "kind", store_col_text(st, 2), "originals",
                            (json_int_t)store_col_int64(st, 3), "copies",
                            (json_int_t)store_col_int64(st, 4), "reusable_from",
                            store_col_text(st, 5), "form_file", store_col_text(st, 6),
                            "form_file_name", store_col_text(st, 7)));
    store_reset(st);
    *failed = *failed || rc != STORE_DONE;
    return list;
}

static json_t *fees_json(store_conn *c, int64_t id, bool *failed)
{
    store_stmt *st = store_prepare(c, "SELECT kind, amount, description, exempt FROM procedure_fee "
                                      "WHERE procedure_id = ? ORDER BY position");
    json_t *list = json_array();
    if (!st) {
        *failed = true;
        return list;
    }
    store_bind_int64(st, 1, id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        json_array_append_new(list, json_pack("{s:s, s:I, s:s, s:s}", "kind", store_col_text(st, 0),
                                               "amount", (json_int_t)store_col_int64(st, 1),
                                               "description", store_col_text(st, 2), "exempt",
                                               store_col_text(st, 3)));
    store_reset(st);
    *failed = *failed || rc != STORE_DONE;
    return list;
}

#define DETAIL_COLUMNS                                                                        \
    "p.id, p.code, p.name, p.field, p.level, u.agency_code, u.name, p.time_unit, "            \
    "p.time_amount, p.online_level, p.result_type, p.result_name, p.legal_basis, p.channels, " \
    "p.form_schema, p.public_parts, p.status, p.review_status, p.review_reasons, "            \
    "p.reviewed_by, p.reviewed_at, p.effective_from, p.effective_to, p.source_kind, "         \
    "p.source_url, p.source_raw, p.updated_at, "                                              \
    "CASE WHEN p.status = 'active' AND p.review_status = 'confirmed' AND "                      \
    "p.time_unit IS NOT NULL AND (p.effective_from IS NULL OR p.effective_from <= ?2) AND "    \
    "(p.effective_to IS NULL OR p.effective_to >= ?2) THEN 1 ELSE 0 END"

static json_t *detail_row(store_conn *c, store_stmt *st, bool staff, bool *failed)
{
    int64_t id = store_col_int64(st, 0);
    json_t *out = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s?, s:s?,"
        " s:b, s:s}",
        "code", store_col_text(st, 1), "name", store_col_text(st, 2), "field",
        store_col_text(st, 3), "level", store_col_text(st, 4), "competent_unit",
        store_col_text(st, 5) ? json_pack("{s:s, s:s}", "agency_code", store_col_text(st, 5),
                                          "name", store_col_text(st, 6))
                              : json_null(),
        "time", time_json(store_col_text(st, 7), store_col_int64(st, 8)), "online_level",
        store_col_text(st, 9), "result_type", store_col_text(st, 10), "result_name",
        store_col_text(st, 11), "legal_basis", column_json(st, 12), "channels",
        column_json(st, 13), "form", column_json(st, 14), "public", column_json(st, 15),
        "status", store_col_text(st, 16), "effective_from", store_col_text(st, 21),
        "effective_to", store_col_text(st, 22), "accepts_dossiers", (int)store_col_int64(st, 27),
        "updated_at", store_col_text(st, 26));
    if (staff) {
        json_object_set_new(out, "review",
                            json_pack("{s:s, s:o, s:s?, s:s?}", "status", store_col_text(st, 17),
                                      "reasons", column_json(st, 18), "reviewed_by",
                                      store_col_text(st, 19), "reviewed_at",
                                      store_col_text(st, 20)));
        json_object_set_new(out, "source",
                            json_pack("{s:s, s:s?, s:o}", "kind", store_col_text(st, 23), "url",
                                      store_col_text(st, 24), "raw", column_json(st, 25)));
    }
    json_object_set_new(out, "documents", documents_json(c, id, failed));
    json_object_set_new(out, "fees", fees_json(c, id, failed));
    return out;
}

json_t *catalog_procedure_json(store_conn *c, const char *code, bool staff, bool *failed)
{
    *failed = false;
    store_stmt *st = store_prepare(c, "SELECT " DETAIL_COLUMNS " FROM procedure p "
                                      "LEFT JOIN unit u ON u.id = p.competent_unit_id "
                                      "WHERE p.code = ?1");
    if (!st) {
        *failed = true;
        return NULL;
    }
    /* Today in Vietnam, from this program's clock rather than the database's. */
    char today[CIVIL_DATE_TEXT_LEN];
    civil_date_format(civil_from_day_number(deadline_local_day(timefmt_now_ms())), today);
    store_bind_text(st, 1, code);
    store_bind_text(st, 2, today);
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        store_reset(st);
        *failed = rc != STORE_DONE;
        return NULL;
    }
    /* Copy the row before the nested queries reuse the connection. */
    json_t *out = detail_row(c, st, staff, failed);
    store_reset(st);
    if (!*failed) {
        bool wf_failed;
        json_t *wf = catalog_workflow_json(c, code, 0, &wf_failed);
        *failed = wf_failed;
        json_object_set_new(out, "workflow", wf ? wf : json_null());
    }
    if (*failed) {
        json_decref(out);
        return NULL;
    }
    return out;
}
