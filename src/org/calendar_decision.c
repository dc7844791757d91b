/* Recording the yearly decisions and the office hours; see calendar.h. Each
 * change is one store_write with its audit entry. */
#include "org/calendar.h"

#include "core/civil_date.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <stdio.h>
#include <string.h>

enum { REFUSED = 1 }; /* a callback's own refusal, details in org_error */

static int refused(org_error *err, int status, const char *code, const char *field,
                   const char *message)
{
    org_refuse(err, status, code, field, message);
    return REFUSED;
}

static int store_failure(int rc, org_error *err)
{
    if (rc == REFUSED)
        return -1;
    return org_refuse(err, 503, "unavailable", NULL, "Không ghi được dữ liệu; vui lòng thử lại.");
}

/* --- decisions ----------------------------------------------------------- */

typedef struct {
    const org_decision_input *in;
    const char *actor;
    int64_t id;
    bool replaced;
    org_error *err;
} decide_job;

static bool parse_days(const char *const *texts, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++) {
        civil_date d;
        if (!civil_date_parse(texts[i], &d))
            return false;
        out[i] = civil_day_number(d);
    }
    return true;
}

/* Validates everything that needs no database. */
static int check_decision(const org_decision_input *in, org_error *err)
{
    if (holiday_occasion_from_code(in->occasion) == OCCASION_COUNT)
        return org_refuse(err, 422, "invalid_field", "occasion",
                          "Dịp nghỉ phải là một trong: new_year, tet, hung_kings, "
                          "reunification_labour, national_day, extra.");
    if (!in->reference || !*in->reference || strlen(in->reference) > 600)
        return org_refuse(err, 422, "invalid_field", "reference",
                          "Cần ghi văn bản công bố lịch nghỉ (tối đa 600 byte).");
    if (in->days_off_count + in->days_worked_count > WORKCAL_MAX_DECISION_DAYS)
        return org_refuse(err, 422, "invalid_field", "days_off",
                          "Một quyết định có tối đa 31 ngày.");
    int32_t off[WORKCAL_MAX_DECISION_DAYS], worked[WORKCAL_MAX_DECISION_DAYS];
    if (!parse_days(in->days_off, in->days_off_count, off))
        return org_refuse(err, 422, "invalid_field", "days_off",
                          "Ngày nghỉ phải có dạng YYYY-MM-DD và là ngày có thật.");
    if (!parse_days(in->days_worked, in->days_worked_count, worked))
        return org_refuse(err, 422, "invalid_field", "days_worked",
                          "Ngày làm bù phải có dạng YYYY-MM-DD và là ngày có thật.");
    workcal_decision d = {in->year, holiday_occasion_from_code(in->occasion), in->reference,
                          off, in->days_off_count, worked, in->days_worked_count};
    const char *problem = workcal_decision_problem(&d);
    if (problem) {
        bool about_worked = strstr(problem, "làm bù") != NULL;
        const char *field = in->year < 1901 || in->year > 2099 ? "year"
                            : about_worked                    ? "days_worked"
                                                              : "days_off";
        return org_refuse(err, 422, "invalid_field", field, problem);
    }
    return 0;
}

static int insert_days(store_conn *c, int64_t id, const char *const *days, size_t n,
                       const char *kind)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO calendar_decision_day (decision_id, day, kind) VALUES (?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    for (size_t i = 0; i < n; i++) {
        store_bind_int64(st, 1, id);
        store_bind_text(st, 2, days[i]);
        store_bind_text(st, 3, kind);
        int rc = store_step(st);
        store_reset(st);
        if (rc != STORE_DONE)
            return rc < 0 ? rc : STORE_ERROR;
    }
    return 0;
}

static json_t *day_array(const char *const *days, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(days[i]));
    return a;
}

static int remove_previous(store_conn *c, decide_job *j, int64_t unit_id)
{
    /* "unit_id IS ?" spelled so PostgreSQL takes it too. */
    store_stmt *st = store_prepare(c, "DELETE FROM calendar_decision WHERE (unit_id = CAST(?1 AS BIGINT) "
                                      "OR (unit_id IS NULL AND ?1 IS NULL)) AND year = ?2 AND occasion = ?3");
    if (!st)
        return STORE_ERROR;
    if (unit_id)
        store_bind_int64(st, 1, unit_id);
    else
        store_bind_null(st, 1);
    store_bind_int64(st, 2, j->in->year);
    store_bind_text(st, 3, j->in->occasion);
    int rc = store_step(st);
    store_reset(st);
    j->replaced = rc == STORE_DONE && store_changes(c) > 0;
    return rc == STORE_DONE ? 0 : rc;
}

static int write_decision(store_conn *c, void *ctx)
{
    decide_job *j = ctx;
    int64_t unit_id = 0;
    if (j->in->unit_code) {
        unit_id = org_calendar_unit(c, j->in->unit_code);
        if (unit_id < 0)
            return STORE_ERROR;
        if (unit_id == 0)
            return refused(j->err, 422, "invalid_field", "unit",
                           "Không có đơn vị với mã định danh này.");
    }
    int rc = remove_previous(c, j, unit_id);
    if (rc != 0)
        return rc;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = store_prepare(c, "INSERT INTO calendar_decision (unit_id, year, occasion, "
                                      "reference, note, created_by, created_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    if (unit_id)
        store_bind_int64(st, 1, unit_id);
    else
        store_bind_null(st, 1);
    store_bind_int64(st, 2, j->in->year);
    store_bind_text(st, 3, j->in->occasion);
    store_bind_text(st, 4, j->in->reference);
    store_bind_text(st, 5, j->in->note ? j->in->note : "");
    store_bind_text(st, 6, j->actor);
    store_bind_text(st, 7, now);
    rc = store_step(st);
    j->id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if ((rc = insert_days(c, j->id, j->in->days_off, j->in->days_off_count, "off")) != 0 ||
        (rc = insert_days(c, j->id, j->in->days_worked, j->in->days_worked_count, "work")) != 0)
        return rc;
    return audit_record(
        c, j->actor, "calendar.decide", "calendar_decision", j->id,
        json_pack("{s:i, s:s, s:s?, s:s, s:o, s:o, s:b}", "year", j->in->year, "occasion",
                  j->in->occasion, "unit", j->in->unit_code, "reference", j->in->reference,
                  "days_off", day_array(j->in->days_off, j->in->days_off_count), "days_worked",
                  day_array(j->in->days_worked, j->in->days_worked_count), "replaced",
                  j->replaced));
}

int org_calendar_decide(store *s, const org_decision_input *in, const char *actor, int64_t *id,
                        bool *replaced, org_error *err)
{
    if (check_decision(in, err) != 0)
        return -1;
    decide_job j = {.in = in, .actor = actor, .err = err};
    int rc = store_write(s, write_decision, &j);
    if (rc != 0)
        return store_failure(rc, err);
    *id = j.id;
    *replaced = j.replaced;
    return 0;
}

typedef struct {
    int64_t id;
    const char *actor;
    org_error *err;
} undecide_job;

static int delete_decision(store_conn *c, void *ctx)
{
    undecide_job *j = ctx;
    store_stmt *st = store_prepare(c, "DELETE FROM calendar_decision WHERE id = ? "
                                      "RETURNING year, occasion, reference");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return refused(j->err, 404, "not_found", "id", "Không có quyết định lịch nghỉ này.");
    }
    json_t *summary = json_pack("{s:I, s:s, s:s}", "year", (json_int_t)store_col_int64(st, 0),
                                "occasion", store_col_text(st, 1), "reference",
                                store_col_text(st, 2));
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(summary);
        return rc < 0 ? rc : STORE_ERROR;
    }
    return audit_record(c, j->actor, "calendar.undecide", "calendar_decision", j->id, summary);
}

int org_calendar_undecide(store *s, int64_t id, const char *actor, org_error *err)
{
    undecide_job j = {id, actor, err};
    int rc = store_write(s, delete_decision, &j);
    return rc == 0 ? 0 : store_failure(rc, err);
}

/* --- office hours -------------------------------------------------------- */

typedef struct {
    const char *unit_code;
    const office_hours *hours;
    const char *actor;
    org_error *err;
} hours_job;

static int write_hours(store_conn *c, void *ctx)
{
    hours_job *j = ctx;
    int64_t unit_id = 0;
    if (j->unit_code) {
        unit_id = org_calendar_unit(c, j->unit_code);
        if (unit_id < 0)
            return STORE_ERROR;
        if (unit_id == 0)
            return refused(j->err, 422, "invalid_field", "unit",
                           "Không có đơn vị với mã định danh này.");
    }
    store_stmt *del = store_prepare(c, "DELETE FROM office_hours WHERE unit_id = CAST(?1 AS BIGINT) "
                                       "OR (unit_id IS NULL AND ?1 IS NULL)");
    if (!del)
        return STORE_ERROR;
    if (unit_id)
        store_bind_int64(del, 1, unit_id);
    else
        store_bind_null(del, 1);
    int rc = store_step(del);
    store_reset(del);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = store_prepare(
        c, "INSERT INTO office_hours (unit_id, morning_open, morning_close, afternoon_open, "
           "afternoon_close, cutoff, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
           "RETURNING id");
    if (!st)
        return STORE_ERROR;
    const office_hours *h = j->hours;
    if (unit_id)
        store_bind_int64(st, 1, unit_id);
    else
        store_bind_null(st, 1);
    store_bind_int64(st, 2, h->morning_open);
    store_bind_int64(st, 3, h->morning_close);
    store_bind_int64(st, 4, h->afternoon_open);
    store_bind_int64(st, 5, h->afternoon_close);
    store_bind_int64(st, 6, h->cutoff);
    store_bind_text(st, 7, j->actor);
    store_bind_text(st, 8, now);
    rc = store_step(st);
    int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return audit_record(c, j->actor, "calendar.office_hours", "office_hours", id,
                        json_pack("{s:s?, s:i, s:i, s:i, s:i, s:i}", "unit", j->unit_code,
                                  "morning_open", h->morning_open, "morning_close",
                                  h->morning_close, "afternoon_open", h->afternoon_open,
                                  "afternoon_close", h->afternoon_close, "cutoff", h->cutoff));
}

int org_office_hours_set(store *s, const char *unit_code, const office_hours *hours,
                         const char *actor, org_error *err)
{
    const char *problem = office_hours_problem(hours);
    if (problem)
        return org_refuse(err, 422, "invalid_field", "office_hours", problem);
    hours_job j = {unit_code, hours, actor, err};
    int rc = store_write(s, write_hours, &j);
    return rc == 0 ? 0 : store_failure(rc, err);
}
