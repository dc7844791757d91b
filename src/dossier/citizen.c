/* The applicant's profile: entered once, keyed by the căn cước number,
 * versioned on every change, and every official's read of it logged. */
#include "dossier/internal.h"

#include "catalog/form_rules.h"
#include "core/cccd.h"
#include "core/civil_date.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <stdio.h>
#include <string.h>

static bool text_member(json_t *obj, const char *key, size_t max, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
        return true;
    if (!json_is_string(v) || json_string_length(v) > max)
        return false;
    *out = json_string_value(v);
    return true;
}

int dossier_check_applicant(json_t *j, applicant_input *a, org_error *err)
{
    memset(a, 0, sizeof *a);
    civil_date d;
    cccd_info info;
    if (!json_is_object(j))
        return org_refuse(err, 422, "invalid_field", "applicant", "Cần thông tin người nộp hồ sơ.");
    if (!text_member(j, "cccd", 12, &a->cccd) || !a->cccd || !cccd_parse(a->cccd, &info))
        return org_refuse(err, 422, "invalid_field", "applicant.cccd",
                          "Số CCCD phải gồm 12 chữ số, đúng mã tỉnh, thế kỷ và giới tính.");
    if (!text_member(j, "full_name", 200, &a->full_name) || !a->full_name)
        return org_refuse(err, 422, "invalid_field", "applicant.full_name", "Cần họ và tên người nộp.");
    if (!text_member(j, "birth_date", 10, &a->birth_date) ||
        (a->birth_date && (!civil_date_parse(a->birth_date, &d) || d.year != info.birth_year)))
        return org_refuse(err, 422, "invalid_field", "applicant.birth_date",
                          "Ngày sinh dạng YYYY-MM-DD, cùng năm sinh với số CCCD.");
    if (!text_member(j, "phone", 15, &a->phone) || (a->phone && !form_phone_valid(a->phone)))
        return org_refuse(err, 422, "invalid_field", "applicant.phone",
                          "Số điện thoại Việt Nam gồm 10 chữ số, bắt đầu bằng 0.");
    if (!text_member(j, "email", 200, &a->email) || (a->email && !form_email_valid(a->email)))
        return org_refuse(err, 422, "invalid_field", "applicant.email", "Địa chỉ thư điện tử không hợp lệ.");
    if (!text_member(j, "address", 500, &a->address))
        return org_refuse(err, 422, "invalid_field", "applicant.address", "Địa chỉ tối đa 500 byte.");
    return 0;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Creates or updates the profile inside a write; keeps the old version.
 * Fields not given keep their stored value. */
int dossier_upsert_citizen(store_conn *c, const applicant_input *a, const char *actor, int64_t now,
                           int64_t *id)
{
    *id = 0;
    store_stmt *st = store_prepare(c, "SELECT id, full_name, birth_date, phone, email, address, "
                                      "version FROM citizen WHERE cccd = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, a->cccd);
    int rc = store_step(st);
    char iso[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(now, iso);
    if (rc == STORE_ROW) {
        *id = store_col_int64(st, 0);
        bool changed = !same(a->full_name, store_col_text(st, 1)) ||
                       (a->birth_date && !same(a->birth_date, store_col_text(st, 2))) ||
                       (a->phone && !same(a->phone, store_col_text(st, 3))) ||
                       (a->email && !same(a->email, store_col_text(st, 4))) ||
                       (a->address && !same(a->address, store_col_text(st, 5)));
        store_reset(st);
        if (!changed)
            return 0;
        store_stmt *keep = store_prepare(
            c, "INSERT INTO citizen_version (citizen_id, version, full_name, birth_date, phone, "
               "email, address, replaced_by, replaced_at) SELECT id, version, full_name, "
               "birth_date, phone, email, address, ?, ? FROM citizen WHERE id = ?");
        store_stmt *up = store_prepare(
            c, "UPDATE citizen SET full_name = ?, birth_date = COALESCE(?, birth_date), "
               "phone = COALESCE(?, phone), email = COALESCE(?, email), "
               "address = COALESCE(?, address), version = version + 1, updated_by = ?, "
               "updated_at = ? WHERE id = ?");
        if (!keep || !up)
            return STORE_ERROR;
        store_bind_text(keep, 1, actor);
        store_bind_text(keep, 2, iso);
        store_bind_int64(keep, 3, *id);
        rc = store_step(keep);
        store_reset(keep);
        if (rc != STORE_DONE)
            return rc < 0 ? rc : STORE_ERROR;
        st = up;
    } else if (rc == STORE_DONE) {
        store_reset(st);
        st = store_prepare(c, "INSERT INTO citizen (full_name, birth_date, phone, email, address, "
                              "updated_by, updated_at, cccd) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                              "RETURNING id");
        if (!st)
            return STORE_ERROR;
    } else {
        store_reset(st);
        return rc;
    }
    const char *values[] = {a->full_name, a->birth_date, a->phone, a->email, a->address, actor, iso};
    for (int i = 0; i < 7; i++) {
        if (values[i])
            store_bind_text(st, i + 1, values[i]);
        else
            store_bind_null(st, i + 1);
    }
    bool insert = *id == 0;
    if (insert)
        store_bind_text(st, 8, a->cccd);
    else
        store_bind_int64(st, 8, *id);
    rc = store_step(st);
    if (insert && rc == STORE_ROW) {
        *id = store_col_int64(st, 0);
        rc = store_step(st);
    }
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return 0;
}

/* A log line for an official's read of personal data. */
int dossier_log_read(store_conn *c, int64_t citizen_id, const char *reader, int64_t dossier_id,
                     int64_t now)
{
    store_stmt *st = store_prepare(c, "INSERT INTO citizen_read (citizen_id, reader, dossier_id, at) "
                                      "VALUES (?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, citizen_id);
    store_bind_text(st, 2, reader);
    if (dossier_id)
        store_bind_int64(st, 3, dossier_id);
    else
        store_bind_null(st, 3);
    dossier_bind_instant(st, 4, now);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

typedef struct {
    const char *cccd, *reader;
    int64_t now;
    json_t *profile;
} citizen_read_job;

static int read_and_log(store_conn *c, void *ctx)
{
    citizen_read_job *j = ctx;
    store_stmt *st = store_prepare(c, "SELECT id, cccd, full_name, birth_date, phone, email, "
                                      "address, version, updated_at FROM citizen WHERE cccd = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->cccd);
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        store_reset(st);
        return rc == STORE_DONE ? 0 : rc;
    }
    int64_t id = store_col_int64(st, 0);
    j->profile = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:s}", "cccd",
                           store_col_text(st, 1), "full_name", store_col_text(st, 2), "birth_date",
                           store_col_text(st, 3), "phone", store_col_text(st, 4), "email",
                           store_col_text(st, 5), "address", store_col_text(st, 6), "version",
                           (json_int_t)store_col_int64(st, 7), "updated_at", store_col_text(st, 8));
    store_reset(st);
    return dossier_log_read(c, id, j->reader, 0, j->now);
}

json_t *dossier_citizen(store *s, const char *cccd, const dossier_actor *who, int64_t now,
                        int *status)
{
    if (!cccd_parse(cccd, NULL)) {
        *status = 404;
        return NULL;
    }
    citizen_read_job j = {cccd, who->name, now, NULL};
    int rc = store_write(s, read_and_log, &j);
    if (rc != 0) {
        json_decref(j.profile);
        *status = 503;
        return NULL;
    }
    *status = j.profile ? 200 : 404;
    return j.profile;
}
