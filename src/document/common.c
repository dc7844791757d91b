/* What the document part's files share: ids in paths, the yearly
 * sequences, the trace, who may see a document, the marks' names. */
#include "document/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "org/permission.h"

#include <stdlib.h>
#include <string.h>

bool document_path_id(web_request *req, const char *name, int64_t *out)
{
    const char *text = web_param(req, name);
    if (!text || !*text || strlen(text) > 18 || strspn(text, "0123456789") != strlen(text))
        return false;
    *out = strtoll(text, NULL, 10);
    return *out > 0;
}

const char *document_register_name(document_register r)
{
    switch (r) {
    case DOCUMENT_REGISTER_OUT: return "out";
    case DOCUMENT_REGISTER_OUT_SECRET: return "out_secret";
    case DOCUMENT_REGISTER_IN: return "in";
    case DOCUMENT_REGISTER_IN_SECRET: return "in_secret";
    }
    return "out";
}

int document_sequence_next(store_conn *c, int64_t unit_id, int year, document_register r, const char *type_code,
                           int64_t *number)
{
    /* One statement both starts a year's sequence at 1 and advances it, so
     * the first number of a year needs no row made beforehand (Điều 15
     * khoản 1: from 01 on 1 January). */
    store_stmt *st = store_prepare(c, "INSERT INTO document_sequence (unit_id, year, register, type_code, last)"
                                      " VALUES (?, ?, ?, ?, 1) ON CONFLICT (unit_id, year, register, type_code)"
                                      " DO UPDATE SET last = document_sequence.last + 1 RETURNING last");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, unit_id);
    store_bind_int64(st, 2, year);
    store_bind_text(st, 3, document_register_name(r));
    store_bind_text(st, 4, type_code ? type_code : "");
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *number = store_col_int64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc < 0 ? rc : STORE_ERROR;
}

int document_event_add(store_conn *c, int64_t document_id, const char *at, const char *actor, const char *action,
                       const char *from, const char *to, const char *status_code, const char *note)
{
    store_stmt *st = store_prepare(c, "INSERT INTO document_event (document_id, at, actor, action, from_status,"
                                      " to_status, status_code, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, document_id);
    store_bind_text(st, 2, at);
    store_bind_text(st, 3, actor);
    store_bind_text(st, 4, action);
    store_bind_text(st, 5, from);
    store_bind_text(st, 6, to);
    store_bind_text(st, 7, status_code);
    store_bind_text(st, 8, note);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

bool document_visible(store_conn *c, int64_t account_id, int64_t document_id)
{
    store_stmt *st = store_prepare(c, "SELECT unit_id, handling_unit_id, secrecy, drafter_account_id,"
                                      " signer_account_id, handler_account_id FROM document WHERE id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, document_id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return false;
    }
    int64_t unit = store_col_int64(st, 0), handling = store_col_int64(st, 1);
    bool secret = store_col_text(st, 2) && store_col_text(st, 2)[0];
    bool named = store_col_int64(st, 3) == account_id || store_col_int64(st, 4) == account_id ||
                 store_col_int64(st, 5) == account_id;
    store_reset(st);
    bool near = org_may_near(c, account_id, "document.read", unit) ||
                (handling > 0 && org_may_near(c, account_id, "document.read", handling));
    if (!near || !secret || named)
        return near;
    st = store_prepare(c, "SELECT 1 FROM document_access WHERE document_id = ? AND account_id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, document_id);
    store_bind_int64(st, 2, account_id);
    bool granted = store_step(st) == STORE_ROW;
    store_reset(st);
    return granted;
}

const char *document_secrecy_name(const char *code)
{
    static const char *const names[][2] = {{"", ""}, {"mat", "Mật"}, {"toi_mat", "Tối mật"}, {"tuyet_mat", "Tuyệt mật"}};
    for (size_t i = 0; code && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(code, names[i][0]) == 0)
            return names[i][1];
    return NULL;
}

const char *document_urgency_name(const char *code)
{
    /* NĐ 30 has no level "Thường": it is the absence of a mark, named as
     * one-stop software names it. */
    static const char *const names[][2] = {
        {"thuong", "Thường"}, {"khan", "Khẩn"}, {"thuong_khan", "Thượng khẩn"}, {"hoa_toc", "Hỏa tốc"}};
    for (size_t i = 0; code && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(code, names[i][0]) == 0)
            return names[i][1];
    return NULL;
}

int64_t document_commune_of(store_conn *c, int64_t unit_id)
{
    store_stmt *st = store_prepare(
        c, "WITH RECURSIVE up(id, kind, parent_id, depth) AS (SELECT id, kind, parent_id, 0 FROM unit WHERE id = ?"
           " UNION ALL SELECT p.id, p.kind, p.parent_id, up.depth + 1 FROM unit p JOIN up ON p.id = up.parent_id"
           " WHERE up.kind <> 'commune') SELECT id FROM up"
           " ORDER BY CASE WHEN kind = 'commune' THEN 0 ELSE 1 END, depth DESC LIMIT 1");
    if (!st)
        return 0;
    store_bind_int64(st, 1, unit_id);
    int64_t id = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return id;
}

int64_t document_account_unit(store_conn *c, int64_t account_id)
{
    store_stmt *st = store_prepare(c, "SELECT unit_id FROM account WHERE id = ?");
    if (!st)
        return 0;
    store_bind_int64(st, 1, account_id);
    int64_t id = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return id;
}

int document_local_year(int64_t now)
{
    return civil_from_day_number(deadline_local_day(now)).year;
}

void document_local_date(int64_t now, char out[11])
{
    civil_date_format(civil_from_day_number(deadline_local_day(now)), out);
}

int document_grant_access(store_conn *c, int64_t document_id, int64_t account_id, const char *actor, const char *at)
{
    store_stmt *st = store_prepare(c, "INSERT INTO document_access (document_id, account_id, granted_by, granted_at)"
                                      " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, document_id);
    store_bind_int64(st, 2, account_id);
    store_bind_text(st, 3, actor);
    store_bind_text(st, 4, at);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}
