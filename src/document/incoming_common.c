/* What the văn bản đến files share: finding the document a path names as
 * the caller may see it, the units of a commune, the working calendar, and
 * the document as the API shows it. */
#include "document/incoming.h"

#include "core/civil_date.h"
#include "core/timefmt.h"
#include "org/permission.h"

#include <string.h>

static const char NOT_FOUND[] = "Không có văn bản đến này.";

bool incoming_find(web_request *req, store *s, incoming_row *row)
{
    memset(row, 0, sizeof *row);
    if (!document_path_id(req, "id", &row->id)) {
        web_reply_error(req, 404, "not_found", "id", NOT_FOUND);
        return false;
    }
    store_stmt *st = org_read_stmt(req, s, "SELECT unit_id, handling_unit_id, handler_account_id,"
                                           " source_document_id, status, secrecy FROM document"
                                           " WHERE id = ? AND direction = 'in'");
    if (!st)
        return false;
    store_bind_int64(st, 1, row->id);
    bool found = store_step(st) == STORE_ROW;
    if (found) {
        row->unit_id = store_col_int64(st, 0);
        row->handling_unit_id = store_col_int64(st, 1);
        row->handler_id = store_col_int64(st, 2);
        row->source_id = store_col_int64(st, 3);
        row->status = arena_strdup(&req->arena, store_col_text(st, 4));
        row->secrecy = arena_strdup(&req->arena, store_col_text(st, 5));
    }
    store_reset(st);
    if (!found) {
        web_reply_error(req, 404, "not_found", "id", NOT_FOUND);
        return false;
    }
    if (document_visible(store_reader(s), org_caller(req), row->id))
        return true;
    /* A confidential document is not even there for those not named. */
    if (row->secrecy[0])
        web_reply_error(req, 404, "not_found", "id", NOT_FOUND);
    else
        org_reply_outside(req, "id", NOT_FOUND);
    return false;
}

bool incoming_unit_inside(store_conn *c, int64_t unit_id, int64_t top)
{
    for (int depth = 0; unit_id > 0 && depth < 16; depth++) {
        if (unit_id == top)
            return true;
        store_stmt *st = store_prepare(c, "SELECT parent_id FROM unit WHERE id = ?");
        if (!st)
            return false;
        store_bind_int64(st, 1, unit_id);
        int64_t parent = store_step(st) == STORE_ROW && !store_col_is_null(st, 0) ? store_col_int64(st, 0) : 0;
        store_reset(st);
        unit_id = parent;
    }
    return false;
}

int64_t incoming_unit_id(store_conn *c, const char *agency_code)
{
    int64_t id = org_lookup_id(c, "SELECT id FROM unit WHERE agency_code = ?", agency_code);
    return id > 0 ? id : 0;
}

bool incoming_clock(store_conn *c, arena *a, int64_t unit_id, int64_t now, org_calendar *cal)
{
    int year = document_local_year(now);
    return year > 1901 && year < 2090 && org_calendar_load(c, a, unit_id, year - 1, year + 3, cal);
}

bool incoming_overdue(const char *status, const char *due_at, int64_t now)
{
    int64_t due;
    bool open = status && (strcmp(status, "registered") == 0 || strcmp(status, "assigned") == 0 ||
                           strcmp(status, "in_progress") == 0);
    return open && due_at && timefmt_parse_iso_utc(due_at, &due) && due < now;
}

bool incoming_late(const char *status, const char *due_at, const char *completed_at)
{
    int64_t due, done;
    return status && strcmp(status, "done") == 0 && due_at && completed_at && timefmt_parse_iso_utc(due_at, &due) &&
           timefmt_parse_iso_utc(completed_at, &done) && done > due;
}

void incoming_reply_store(web_request *req, int rc)
{
    (void)rc;
    web_reply_error(req, 503, "unavailable", NULL, NULL);
}

/* --- the document as JSON ------------------------------------------------ */

static json_t *support_json(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT u.agency_code, u.name FROM document_assignee a JOIN unit u"
                                      " ON u.id = a.unit_id WHERE a.document_id = ? ORDER BY u.agency_code");
    json_t *out = json_array();
    if (!st)
        return out;
    store_bind_int64(st, 1, id);
    while (store_step(st) == STORE_ROW)
        json_array_append_new(out, json_pack("{s:s, s:s}", "unit", store_col_text(st, 0), "name",
                                             store_col_text(st, 1)));
    store_reset(st);
    return out;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* The columns incoming_json reads, in order. */
static const char DOCUMENT_SQL[] =
    "SELECT d.id, d.status, d.type_code, d.type_name, d.code_number, d.code_notation, d.issued_date,"
    " d.organ_name, d.organ_id, d.subject, d.language, d.page_amount, d.description, d.signer_position,"
    " d.signer_full_name, d.urgency, d.secrecy, d.due_date, d.register, d.year, d.seq, d.arrival_date,"
    " d.to_places, d.instruction, h.agency_code, h.name, a.username, a.full_name, d.due_at, d.completed_at,"
    " d.source_document_id, d.file_name, d.created_by, d.created_at, d.updated_at, u.agency_code, u.name,"
    " d.received_via, d.edxml_document_id"
    " FROM document d JOIN unit u ON u.id = d.unit_id LEFT JOIN unit h ON h.id = d.handling_unit_id"
    " LEFT JOIN account a ON a.id = d.handler_account_id WHERE d.id = ? AND d.direction = 'in'";

json_t *incoming_json(store_conn *c, int64_t id, int64_t now, int64_t viewer)
{
    return incoming_json_as(c, id, now, viewer, NULL);
}

json_t *incoming_json_as(store_conn *c, int64_t id, int64_t now, int64_t viewer, const char *scopes)
{
    store_stmt *st = store_prepare(c, DOCUMENT_SQL);
    if (!st)
        return NULL;
    store_bind_int64(st, 1, id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return NULL;
    }
    static const char *const keys[] = {
        "id", "status", "type_code", "type_name", "code_number", "code_notation", "issued_date", "organ_name",
        "organ_id", "subject", "language", "page_amount", "description", "signer_position", "signer_full_name",
        "urgency", "secrecy", "due_date", "register", "year", "arrival_number", "arrival_date", "to_places",
        "instruction", "handling_unit", "handling_unit_name", "handler", "handler_name", "due_at", "completed_at",
        "source_document_id", "file_name", "created_by", "created_at", "updated_at", "unit", "unit_name",
        "received_via", "edxml_document_id"};
    static const bool ints[] = {[0] = true, [11] = true, [19] = true, [20] = true, [30] = true};
    json_t *out = json_object();
    for (int i = 0; i < (int)(sizeof keys / sizeof keys[0]); i++)
        json_object_set_new(out, keys[i], i < (int)(sizeof ints / sizeof ints[0]) && ints[i] ? document_col_int(st, i)
                                                                                              : document_col_text(st, i));
    const char *status = store_col_text(st, 1), *due = store_col_text(st, 28), *done = store_col_text(st, 29);
    const char *number = store_col_text(st, 4), *notation = store_col_text(st, 5);
    json_object_set_new(out, "direction", json_string("in"));
    json_object_set_new(out, "number", document_number_json(number, notation));
    json_object_set_new(out, "urgency_name", json_string(nz(document_urgency_name(store_col_text(st, 15)))));
    json_object_set_new(out, "secrecy_name", json_string(nz(document_secrecy_name(store_col_text(st, 16)))));
    json_object_set_new(out, "overdue", json_boolean(incoming_overdue(status, due, now)));
    json_object_set_new(out, "late", json_boolean(incoming_late(status, due, done)));
    json_object_set_new(out, "on_time", status && strcmp(status, "done") == 0 && due
                                            ? json_boolean(!incoming_late(status, due, done))
                                            : json_null());
    store_reset(st);
    if (viewer > 0) {
        json_object_set_new(out, "allowed_actions", document_allowed_json(c, viewer, scopes, id));
        json_object_set_new(out, "events", document_events_json(c, id));
        json_object_set_new(out, "support_units", support_json(c, id));
        json_object_set_new(out, "files", document_files_json(c, id));
        json_object_set_new(out, "access", document_access_json(c, id));
    }
    return out;
}
