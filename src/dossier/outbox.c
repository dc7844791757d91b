/* Notifications and the national portal's sync record, written as outbox
 * rows in the same transaction as the event they announce. Delivery is
 * notify.c's business, later and elsewhere: it never blocks or rolls back
 * the dossier. */
#include "dossier/internal.h"

#include "core/dossier_status.h"
#include "core/template.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which channels this process delivers; set once before serving. */
static bool email_on, webhook_on;

void dossier_notify_configure(bool email, bool webhook)
{
    email_on = email;
    webhook_on = webhook;
}

static const char *event_for(const char *action)
{
    static const char *const map[][2] = {{"receive", "received"}, {"accept", "received"},
                                         {"request_supplement", "supplement"},
                                         {"issue_result", "result_ready"}, {"approve_apology", "apology"}};
    for (size_t i = 0; action && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(action, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

static const char *text_of(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The dossier's facts for templates and the sync record. */
static json_t *facts(store_conn *c, int64_t dossier_id)
{
    store_stmt *st = store_prepare(
        c, "SELECT d.code, d.applicant, p.code, p.name, r.agency_code, r.name, k.name, d.due_at,"
           " d.status, d.channel, d.paid, d.submitted_at, d.received_at, d.finished_at, d.returned_at"
           " FROM dossier d JOIN procedure p ON p.id = d.procedure_id JOIN unit r ON r.id = d.receiving_unit_id"
           " JOIN unit k ON k.id = d.competent_unit_id WHERE d.id = ?");
    if (!st)
        return NULL;
    store_bind_int64(st, 1, dossier_id);
    json_t *out = NULL;
    if (store_step(st) == STORE_ROW) {
        json_t *applicant = json_loads(store_col_text(st, 1), 0, NULL);
        out = json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s?, s:I, s:I, s:b, s:s, s:s?, s:s?, s:s?}",
                        "code", store_col_text(st, 0), "applicant", applicant ? applicant : json_object(),
                        "procedure_code", store_col_text(st, 2), "procedure_name", store_col_text(st, 3),
                        "receiving_code", store_col_text(st, 4), "receiving_unit", store_col_text(st, 5),
                        "competent_unit", store_col_text(st, 6), "due_at", store_col_text(st, 7),
                        "status", (json_int_t)store_col_int64(st, 8), "channel",
                        (json_int_t)store_col_int64(st, 9), "paid", (int)store_col_int64(st, 10),
                        "submitted_at", store_col_text(st, 11), "received_at", store_col_text(st, 12),
                        "finished_at", store_col_text(st, 13), "returned_at", store_col_text(st, 14));
    }
    store_reset(st);
    return out;
}

static int enqueue(store_conn *c, int64_t dossier_id, const char *event, const char *channel,
                   const char *recipient, const char *subject, const char *body, int64_t now)
{
    store_stmt *st = store_prepare(c, "INSERT INTO notification_outbox (dossier_id, event, channel, recipient, "
                                      "subject, body, status, next_attempt_at, created_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, dossier_id);
    store_bind_text(st, 2, event);
    store_bind_text(st, 3, channel);
    store_bind_text(st, 4, recipient);
    store_bind_text(st, 5, subject);
    store_bind_text(st, 6, body);
    dossier_bind_instant(st, 7, now);
    dossier_bind_instant(st, 8, now);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int notify(store_conn *c, json_t *f, int64_t dossier_id, const char *event, const char *note,
                  int64_t now)
{
    store_stmt *st = store_prepare(c, "SELECT subject, body FROM notification_template WHERE event = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, event);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return 0;
    }
    arena a;
    arena_init(&a, 0);
    const char *subject_t = arena_strdup(&a, store_col_text(st, 0)), *body_t = arena_strdup(&a, store_col_text(st, 1));
    store_reset(st);
    json_t *applicant = json_object_get(f, "applicant");
    template_value v[] = {
        {"code", text_of(f, "code")}, {"applicant_name", text_of(applicant, "full_name")},
        {"procedure_name", text_of(f, "procedure_name")}, {"receiving_unit", text_of(f, "receiving_unit")},
        {"competent_unit", text_of(f, "competent_unit")}, {"due_text", paper_local_text(&a, json_string_value(json_object_get(f, "due_at")))},
        {"note", note ? note : ""}, {"lookup_url", arena_printf(&a, "{public_url}/dich-vu/?ma=%s", text_of(f, "code"))},
    };
    size_t n = sizeof v / sizeof v[0];
    const char *subject = template_render(&a, subject_t, v, n, NULL), *body = template_render(&a, body_t, v, n, NULL);
    int rc = 0;
    const char *email = text_of(applicant, "email"), *phone = text_of(applicant, "phone");
    if (email_on && *email && subject && body)
        rc = enqueue(c, dossier_id, event, "email", email, subject, body, now);
    if (rc == 0 && webhook_on && *phone && subject && body)
        rc = enqueue(c, dossier_id, event, "webhook", phone, subject, body, now);
    arena_free(&a);
    return rc;
}

/* The national portal's record of a status: unit, code, procedure, status
 * 1-10, times, channel 1/2/3, payment flag. */
static int sync_record(store_conn *c, json_t *f, int64_t dossier_id, int64_t now)
{
    json_t *payload = json_pack("{s:s, s:s, s:s, s:O, s:O, s:O, s:O?, s:O?, s:O?, s:O?, s:O?, s:b}",
                                "MaDonVi", text_of(f, "receiving_code"), "MaHoSo", text_of(f, "code"),
                                "MaTTHC", text_of(f, "procedure_code"), "TrangThaiHoSo", json_object_get(f, "status"),
                                "KenhThucHien", json_object_get(f, "channel"), "NgayNopHoSo",
                                json_object_get(f, "submitted_at"), "NgayTiepNhan", json_object_get(f, "received_at"),
                                "NgayHenTra", json_object_get(f, "due_at"), "NgayKetThucXuLy",
                                json_object_get(f, "finished_at"), "NgayTraKetQua", json_object_get(f, "returned_at"),
                                "NgayCapNhat", json_null(), "DaThanhToan", json_is_true(json_object_get(f, "paid")));
    char iso[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(now, iso);
    json_object_set_new(payload, "NgayCapNhat", json_string(iso));
    char *text = json_dumps(payload, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(payload);
    store_stmt *st = store_prepare(c, "INSERT INTO portal_sync (dossier_id, payload, status, created_at) VALUES (?, ?, 'pending', ?)");
    int rc = st && text ? 0 : STORE_ERROR;
    if (rc == 0) {
        store_bind_int64(st, 1, dossier_id);
        store_bind_text(st, 2, text);
        store_bind_text(st, 3, iso);
        rc = store_step(st) == STORE_DONE ? 0 : STORE_ERROR;
        store_reset(st);
    }
    free(text);
    return rc;
}

int dossier_outbox(store_conn *c, int64_t dossier_id, const char *action, int from_status,
                   int to_status, const char *note, int64_t now)
{
    const char *event = event_for(action);
    if (!event && from_status == to_status)
        return 0;
    json_t *f = facts(c, dossier_id);
    if (!f)
        return STORE_ERROR;
    int rc = event ? notify(c, f, dossier_id, event, note, now) : 0;
    if (rc == 0 && from_status != to_status)
        rc = sync_record(c, f, dossier_id, now);
    json_decref(f);
    return rc;
}
