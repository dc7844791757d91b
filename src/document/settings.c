/* How a unit writes and numbers its documents, as its head decides
 * (NĐ 30/2020 Điều 15 khoản 1 điểm c): the abbreviation in a ký hiệu
 * ("UBND", "VX") and one yearly sequence for all types or one per type. */
#include "document/outgoing.h"

#include "core/doc_number.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <string.h>

/* The demo commune's units and their abbreviations (PL I Phần I Mục II
 * khoản 3: the organ's and its offices' abbreviations in a ký hiệu). */
static const struct {
    const char *code, *abbreviation;
} demo_abbreviations[] = {
    {"000.00.01.H42", "UBND"}, {"000.01.01.H42", "VP"},      {"000.02.01.H42", "KT"},
    {"000.03.01.H42", "VX"},   {"000.04.01.H42", "TTPVHCC"}, {"000.05.01.H42", "CA"},
};

static int upsert(store_conn *c, int64_t unit_id, const char *abbreviation, bool per_type, const char *actor,
                  const char *at, bool audited)
{
    store_stmt *st = store_prepare(c, "INSERT INTO document_unit (unit_id, abbreviation, per_type, updated_by, updated_at)"
                                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET"
                                      " abbreviation = excluded.abbreviation, per_type = excluded.per_type,"
                                      " updated_by = excluded.updated_by, updated_at = excluded.updated_at");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, unit_id);
    store_bind_text(st, 2, abbreviation);
    store_bind_int64(st, 3, per_type);
    store_bind_text(st, 4, actor);
    store_bind_text(st, 5, at);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if (!audited)
        return 0;
    return audit_record(c, actor, "document.settings", "unit", unit_id,
                        json_pack("{s:s, s:b}", "abbreviation", abbreviation, "per_type", per_type));
}

static int write_demo(store_conn *c, void *ctx)
{
    (void)ctx;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), at);
    for (size_t i = 0; i < sizeof demo_abbreviations / sizeof demo_abbreviations[0]; i++) {
        int64_t id = org_lookup_id(c, "SELECT id FROM unit WHERE agency_code = ?", demo_abbreviations[i].code);
        if (id < 0)
            return STORE_ERROR;
        /* Part of the demo data, as its contact card is: the log starts
         * with the demo units' creation and what people change after. */
        int rc = id ? upsert(c, id, demo_abbreviations[i].abbreviation, false, "system", at, false) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

int document_demo_settings(store *s)
{
    return store_write(s, write_demo, NULL) == 0 ? 0 : -1;
}

/* The unit asked for (?unit=, default: the caller's commune) within reach:
 * reading, near it (an office reads its commune's settings); changing, on
 * it or above, as its head decides them (Điều 15 khoản 1 điểm c). */
static bool settings_unit(web_request *req, store *s, const char *permission, org_reach reach, int64_t *id,
                          const char **code)
{
    const char *asked = web_query(req, "unit");
    if (!asked) {
        store_conn *c = store_reader(s);
        int64_t commune = c ? document_commune_of(c, document_account_unit(c, org_caller(req))) : 0;
        store_stmt *st = commune ? org_read_stmt(req, s, "SELECT agency_code FROM unit WHERE id = ?") : NULL;
        if (!st) {
            if (!commune)
                web_reply_error(req, 503, "unavailable", NULL, NULL);
            return false;
        }
        store_bind_int64(st, 1, commune);
        asked = store_step(st) == STORE_ROW ? arena_strdup(&req->arena, store_col_text(st, 0)) : "";
        store_reset(st);
    }
    return org_resolve_unit(req, s, permission, reach, asked, id, code);
}

static void reply_settings(web_request *req, store *s, int64_t id, const char *code)
{
    store_stmt *st = org_read_stmt(req, s, "SELECT u.name, d.abbreviation, d.per_type, d.updated_by, d.updated_at"
                                           " FROM unit u LEFT JOIN document_unit d ON d.unit_id = u.id WHERE u.id = ?");
    if (!st)
        return;
    store_bind_int64(st, 1, id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        web_reply_error(req, 404, "not_found", "unit", "Không có đơn vị này.");
        return;
    }
    json_t *out = json_pack("{s:s, s:s, s:s?, s:b, s:s?, s:s?}", "unit", code, "unit_name", store_col_text(st, 0),
                            "abbreviation", store_col_text(st, 1), "per_type", (int)store_col_int64(st, 2),
                            "updated_by", store_col_text(st, 3), "updated_at", store_col_text(st, 4));
    store_reset(st);
    web_reply_json(req, 200, out);
}

static void get_settings(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t id;
    const char *code;
    if (settings_unit(req, st->store, "document.read", ORG_REACH_NEAR, &id, &code))
        reply_settings(req, st->store, id, code);
}

typedef struct {
    int64_t unit_id;
    const char *abbreviation, *actor;
    bool per_type;
    int64_t now;
} settings_job;

enum { SETTINGS_IN_USE = 1 };

/* Has the unit a number this year in a scheme other than per_type? Then
 * switching would give a number twice in the year (01/QĐ-UBND shared, then
 * 01/QĐ-UBND of its own sequence; Điều 15 khoản 1): the change waits for
 * 1 January. */
static int scheme_in_use(store_conn *c, const settings_job *j, bool *in_use)
{
    store_stmt *st = store_prepare(c, "SELECT 1 FROM document_sequence WHERE unit_id = ? AND year = ?"
                                      " AND register IN ('out', 'out_secret') AND (type_code = '') = (? = 1) LIMIT 1");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->unit_id);
    store_bind_int64(st, 2, document_local_year(j->now));
    store_bind_int64(st, 3, j->per_type ? 1 : 0);
    int rc = store_step(st);
    *in_use = rc == STORE_ROW;
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int write_settings(store_conn *c, void *ctx)
{
    settings_job *j = ctx;
    bool in_use = false;
    int rc = scheme_in_use(c, j, &in_use);
    if (rc || in_use)
        return rc ? rc : SETTINGS_IN_USE;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    return upsert(c, j->unit_id, j->abbreviation, j->per_type, j->actor, at, true);
}

static void put_settings(web_request *req, void *ctx)
{
    org_state *st = ctx;
    settings_job j = {.actor = req->who.subject, .now = req->now_ms};
    const char *code;
    if (!settings_unit(req, st->store, "document.settings", ORG_REACH_SUBTREE, &j.unit_id, &code) ||
        !web_json_string(req, req->json, "abbreviation", 1, DOC_NOTATION_GROUP_MAX - 1, true, &j.abbreviation))
        return;
    /* The abbreviation must be one group of a ký hiệu as the decree writes
     * it: letters (with Đ) and digits, no spaces or dashes. */
    doc_notation probe;
    if (doc_notation_make(&probe, 1, doc_type_by_code("quyet_dinh"), j.abbreviation, NULL) != DOC_NOTATION_OK) {
        web_reply_error(req, 422, "invalid_field", "abbreviation",
                        "Chữ viết tắt gồm chữ cái (kể cả Đ) và chữ số, không dấu cách hay gạch nối, như UBND, VX.");
        return;
    }
    json_t *per_type = json_object_get(req->json, "per_type");
    if (per_type && !json_is_boolean(per_type) &&
        !(json_is_integer(per_type) && (json_integer_value(per_type) == 0 || json_integer_value(per_type) == 1))) {
        web_reply_error(req, 422, "invalid_field", "per_type",
                        "per_type là 0 (một dãy số chung cho mọi loại) hoặc 1 (mỗi loại một dãy số).");
        return;
    }
    j.per_type = json_is_true(per_type) || json_integer_value(per_type) == 1;
    int rc = store_write(st->store, write_settings, &j);
    if (rc == SETTINGS_IN_USE) {
        web_reply_error(req, 409, "numbering_in_use", "per_type",
                        j.per_type ? "Năm nay đơn vị đã cấp số theo dãy số chung; đổi sang mỗi loại một dãy số từ ngày 01/01 năm sau."
                                   : "Năm nay đơn vị đã cấp số theo dãy số riêng của từng loại; đổi sang dãy số chung từ ngày 01/01 năm sau.");
        return;
    }
    if (rc != 0) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    reply_settings(req, st->store, j.unit_id, code);
}

int document_settings_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/documents/settings", .handler = get_settings, .ctx = st,
         .permission = "document.read"},
        {.method = "PUT", .pattern = "/api/v1/documents/settings", .handler = put_settings, .ctx = st,
         .permission = "document.settings", .flags = WEB_JSON_BODY, .max_body = 1024},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
