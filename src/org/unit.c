/* The unit tree (đơn vị) and the demo commune. */
#include "org/org.h"

#include "core/timefmt.h"
#include "org/audit.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

/* The demo commune is the one of seed 001. Its agency codes are illustrative:
 * provinces assign the real ones (QĐ 20/2020/QĐ-TTg, amended by QĐ 09/2025). */
static const struct {
    const char *code, *parent_code, *kind, *name;
} demo_units[] = {
    {"000.00.01.H42", NULL, "commune", "Ủy ban nhân dân xã Thượng Đức"},
    {"000.01.01.H42", "000.00.01.H42", "office", "Văn phòng HĐND và UBND xã"},
    {"000.02.01.H42", "000.00.01.H42", "office", "Phòng Kinh tế"},
    {"000.03.01.H42", "000.00.01.H42", "office", "Phòng Văn hóa – Xã hội"},
    {"000.04.01.H42", "000.00.01.H42", "service_center", "Trung tâm phục vụ hành chính công xã"},
    {"000.05.01.H42", "000.00.01.H42", "police", "Công an xã"},
};

static int insert_demo(store_conn *c, void *ctx)
{
    int *created = ctx;
    store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM unit");
    if (!st || store_step(st) != STORE_ROW)
        return STORE_ERROR;
    int64_t units = store_col_int64(st, 0);
    store_reset(st);
    if (units > 0) {
        *created = 0;
        return 0;
    }
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    for (size_t i = 0; i < sizeof demo_units / sizeof demo_units[0]; i++) {
        st = store_prepare(c, "INSERT INTO unit (parent_id, kind, name, agency_code, "
                              "illustrative_code, created_at) VALUES "
                              "((SELECT id FROM unit WHERE agency_code = ?), ?, ?, ?, 1, ?) "
                              "RETURNING id");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, demo_units[i].parent_code);
        store_bind_text(st, 2, demo_units[i].kind);
        store_bind_text(st, 3, demo_units[i].name);
        store_bind_text(st, 4, demo_units[i].code);
        store_bind_text(st, 5, now);
        int rc = store_step(st);
        int64_t unit_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
        if (rc == STORE_ROW)
            rc = store_step(st);
        store_reset(st);
        if (rc != STORE_DONE)
            return rc < 0 ? rc : STORE_ERROR;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)unit_id);
        json_t *summary = json_pack("{s:s, s:s, s:s}", "agency_code", demo_units[i].code,
                                    "kind", demo_units[i].kind, "name", demo_units[i].name);
        char *text = json_dumps(summary, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(summary);
        audit_entry e = {"system", "unit.create", "unit", id, text};
        rc = text ? audit_append(c, &e, now) : STORE_ERROR;
        free(text);
        if (rc != 0)
            return rc;
    }
    /* How citizens reach the demo commune, so its public home page is whole. */
    st = store_prepare(c, "INSERT INTO unit_contact (unit_id, address, phone, email, note, updated_by, updated_at) "
                          "SELECT id, 'Thôn Trung, xã Thượng Đức', '0235 3 800 800', 'motcua@thuongduc.example.vn', "
                          "'Tiếp nhận và trả kết quả trong giờ làm việc các ngày làm việc.', "
                          "'system', ? FROM unit WHERE agency_code = '000.04.01.H42'");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, now);
    if (store_step(st) != STORE_DONE)
        return STORE_ERROR;
    *created = 1;
    return 0;
}

int org_create_demo(store *s)
{
    int created = 0;
    return store_write(s, insert_demo, &created) == 0 ? created : -1;
}

store_stmt *org_read_stmt(web_request *req, store *s, const char *sql)
{
    store_conn *c = store_reader(s);
    store_stmt *st = c ? store_prepare(c, sql) : NULL;
    if (!st)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    return st;
}

static void list_units(web_request *req, void *ctx)
{
    store_stmt *st = org_read_stmt(req, ctx, "SELECT u.id, u.parent_id, u.kind, u.name, "
                                             "u.agency_code, u.illustrative_code FROM unit u "
                                             "ORDER BY u.id");
    if (!st)
        return;
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        json_t *u = json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)store_col_int64(st, 0),
                              "kind", store_col_text(st, 2), "name", store_col_text(st, 3),
                              "agency_code", store_col_text(st, 4), "agency_code_illustrative",
                              (int)store_col_int64(st, 5));
        json_object_set_new(u, "parent_id", store_col_is_null(st, 1)
                                                ? json_null()
                                                : json_integer(store_col_int64(st, 1)));
        json_array_append_new(items, u);
    }
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(items);
        web_reply_error(req, 500, "internal_error", NULL, NULL);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

int org_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/units", .handler = list_units, .ctx = st->store},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return org_auth_routes(w, st) != 0 || org_admin_routes(w, st) != 0 || org_contact_routes(w, st) != 0 ||
                   org_two_factor_reset_routes(w, st) != 0 || org_audit_routes(w, st) != 0
               ? -1
               : org_calendar_routes(w, st);
}

bool org_public_unit(web_request *req, store *s, const char **code, int64_t *unit_id)
{
    const char *asked = web_query(req, "unit");
    store_stmt *st = org_read_stmt(req, s, asked ? "SELECT agency_code, id FROM unit WHERE agency_code = ?"
                                                 : "SELECT agency_code, id FROM unit WHERE parent_id IS NULL"
                                                   " ORDER BY id LIMIT 1");
    if (!st)
        return false;
    if (asked)
        store_bind_text(st, 1, asked);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *code = arena_strdup(&req->arena, store_col_text(st, 0));
        *unit_id = store_col_int64(st, 1);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        web_reply_error(req, 404, "not_found", "unit", "Không có đơn vị này.");
    else if (rc != STORE_ROW)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    return rc == STORE_ROW;
}
