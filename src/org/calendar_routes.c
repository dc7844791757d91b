/* The working calendar over HTTP: the year's days off (public), a deadline
 * for the UI (public), and the administrator's decisions and office hours. */
#include "org/calendar.h"
#include "org/org.h"

#include "core/civil_date.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *actor_of(web_request *req) { return req->who.subject; }

static void reply_org_error(web_request *req, const org_error *e)
{
    web_reply_error(req, e->status, e->code, e->field, e->message);
}

/* A whole decimal number within [min, max], or false. */
static bool parse_number(const char *text, long min, long max, long *out)
{
    if (!text || !*text || strlen(text) > 9)
        return false;
    char *end;
    long v = strtol(text, &end, 10);
    if (*end || text[0] == '-' || text[0] == '+' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* The unit named by ?unit= (agency code), 0 when absent. Replies 422 and
 * returns -1 when it names no unit or the database cannot be read. */
static int64_t query_unit(web_request *req, store *s)
{
    const char *code = web_query(req, "unit");
    if (!code || !*code)
        return 0;
    store_conn *c = store_reader(s);
    int64_t id = c ? org_calendar_unit(c, code) : -1;
    if (id < 0)
        web_reply_error(req, 503, "unavailable", NULL, NULL);
    else if (id == 0)
        web_reply_error(req, 422, "invalid_field", "unit", "Không có đơn vị với mã định danh này.");
    return id > 0 ? id : -1;
}

static void get_year(web_request *req, void *ctx)
{
    org_state *st = ctx;
    long year;
    if (!parse_number(web_param(req, "year"), 1901, 2099, &year)) {
        web_reply_error(req, 422, "invalid_field", "year", "Năm phải trong khoảng 1901–2099.");
        return;
    }
    int64_t unit = query_unit(req, st->store);
    if (unit < 0)
        return;
    store_conn *c = store_reader(st->store);
    json_t *body = c ? org_calendar_year_json(c, &req->arena, unit, (int)year) : NULL;
    if (!body) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    web_reply_json(req, 200, body);
}

/* Local wall-clock text: "2026-07-14T09:00:00+07:00" and "09:00 ngày 14/07/2026". */
static void local_texts(int64_t ms, char iso[32], char vn[32])
{
    int32_t day = deadline_local_day(ms);
    int64_t minute = (ms - deadline_instant(day, 0)) / 60000;
    civil_date d = civil_from_day_number(day);
    char date[CIVIL_DATE_TEXT_LEN], date_vn[CIVIL_DATE_TEXT_LEN];
    civil_date_format(d, date);
    civil_date_format_vn(d, date_vn);
    unsigned hh = (unsigned)(minute / 60) % 100u, mi = (unsigned)(minute % 60);
    snprintf(iso, 32, "%sT%02u:%02u:00+07:00", date, hh, mi);
    snprintf(vn, 32, "%02u:%02u ngày %s", hh, mi, date_vn);
}

typedef struct {
    deadline_unit unit;
    long amount;
} time_limit;

/* Exactly one of ?days=, ?hours=, ?same_day=1. */
static bool read_time_limit(web_request *req, time_limit *out)
{
    const char *days = web_query(req, "days"), *hours = web_query(req, "hours");
    const char *same = web_query(req, "same_day");
    if ((days != NULL) + (hours != NULL) + (same != NULL) != 1) {
        web_reply_error(req, 422, "invalid_field", "days",
                        "Cần đúng một trong days (ngày làm việc), hours (giờ làm việc) "
                        "hoặc same_day=1 (trong ngày).");
        return false;
    }
    if (same) {
        out->unit = DEADLINE_SAME_DAY;
        out->amount = 0;
        if (strcmp(same, "1") == 0)
            return true;
        web_reply_error(req, 422, "invalid_field", "same_day", "same_day chỉ nhận giá trị 1.");
        return false;
    }
    out->unit = days ? DEADLINE_WORKING_DAYS : DEADLINE_WORKING_HOURS;
    if (parse_number(days ? days : hours, 1, days ? 500 : 4000, &out->amount))
        return true;
    web_reply_error(req, 422, "invalid_field", days ? "days" : "hours",
                    days ? "Số ngày làm việc phải từ 1 đến 500."
                         : "Số giờ làm việc phải từ 1 đến 4000.");
    return false;
}

static const char *unit_code_name(deadline_unit unit)
{
    return unit == DEADLINE_WORKING_DAYS ? "days" : unit == DEADLINE_WORKING_HOURS ? "hours"
                                                                                  : "same_day";
}

static void get_deadline(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t received = timefmt_now_ms();
    const char *from = web_query(req, "from");
    if (from && !timefmt_parse_iso_offset(from, &received)) {
        web_reply_error(req, 422, "invalid_field", "from",
                        "Thời điểm tiếp nhận phải theo ISO 8601, ví dụ 2026-07-14T09:00:00+07:00.");
        return;
    }
    time_limit limit;
    if (!read_time_limit(req, &limit))
        return;
    int64_t unit = query_unit(req, st->store);
    if (unit < 0)
        return;
    int year = civil_from_day_number(deadline_local_day(received)).year;
    if (year < 1901 || year > 2096) {
        web_reply_error(req, 422, "invalid_field", "from", "Thời điểm tiếp nhận nằm ngoài lịch.");
        return;
    }
    org_calendar cal;
    store_conn *c = store_reader(st->store);
    if (!c || !org_calendar_load(c, &req->arena, unit, year, year + 3, &cal)) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    int64_t start, due;
    if (!deadline_start(&cal.clock, received, &start) ||
        !deadline_due(&cal.clock, received, limit.unit, (int)limit.amount, &due)) {
        web_reply_error(req, 422, "invalid_field", "days", "Hạn xử lý vượt quá lịch đã có.");
        return;
    }
    char received_iso[TIMEFMT_ISO_LEN], start_iso[TIMEFMT_ISO_LEN], due_iso[TIMEFMT_ISO_LEN];
    char due_local[32], due_text[32], start_local[32], start_text[32];
    timefmt_iso_utc(received, received_iso);
    timefmt_iso_utc(start, start_iso);
    timefmt_iso_utc(due, due_iso);
    local_texts(start, start_local, start_text);
    local_texts(due, due_local, due_text);
    web_reply_json(req, 200,
                   json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "received",
                             received_iso, "start", start_iso, "start_local", start_local,
                             "due", due_iso, "due_local", due_local, "due_text", due_text,
                             "unit", unit_code_name(limit.unit), "amount", (int)limit.amount));
}

/* An array of "YYYY-MM-DD" strings into the arena; replies 422 when not. */
static bool read_day_list(web_request *req, const char *field, bool required,
                          const char *const **out, size_t *count)
{
    json_t *list = json_object_get(req->json, field);
    *out = NULL;
    *count = 0;
    if (!list && !required)
        return true;
    if (!json_is_array(list) || json_array_size(list) > WORKCAL_MAX_DECISION_DAYS) {
        web_reply_error(req, 422, "invalid_field", field,
                        "Cần một danh sách tối đa 31 ngày dạng YYYY-MM-DD.");
        return false;
    }
    const char **days = arena_calloc(&req->arena, json_array_size(list) + 1, sizeof *days);
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        if (!json_is_string(item)) {
            web_reply_error(req, 422, "invalid_field", field, "Mỗi ngày phải là chuỗi YYYY-MM-DD.");
            return false;
        }
        days[i] = json_string_value(item);
    }
    *out = days;
    *count = json_array_size(list);
    return true;
}

static void post_decision(web_request *req, void *ctx)
{
    org_state *st = ctx;
    org_decision_input in = {0};
    int64_t year;
    if (!web_json_int(req, req->json, "year", 1901, 2099, true, &year) ||
        !web_json_string(req, req->json, "occasion", 1, 32, true, &in.occasion) ||
        !web_json_string(req, req->json, "unit", 13, 13, false, &in.unit_code) ||
        !web_json_string(req, req->json, "reference", 1, 300, true, &in.reference) ||
        !web_json_string(req, req->json, "note", 0, 1000, false, &in.note) ||
        !read_day_list(req, "days_off", true, &in.days_off, &in.days_off_count) ||
        !read_day_list(req, "days_worked", false, &in.days_worked, &in.days_worked_count) ||
        !org_require_scope(req, st->store, "calendar.write", in.unit_code, NULL))
        return;
    in.year = (int)year;
    org_error e;
    int64_t id;
    bool replaced;
    if (org_calendar_decide(st->store, &in, actor_of(req), &id, &replaced, &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, replaced ? 200 : 201,
                   json_pack("{s:I, s:i, s:s, s:b}", "id", (json_int_t)id, "year", in.year,
                             "occasion", in.occasion, "replaced", replaced));
}

static void delete_decision(web_request *req, void *ctx)
{
    org_state *st = ctx;
    long id;
    if (!parse_number(web_param(req, "id"), 1, 999999999, &id)) {
        web_reply_error(req, 404, "not_found", "id", "Không có quyết định lịch nghỉ này.");
        return;
    }
    store_stmt *q = org_read_stmt(req, st->store,
                                  "SELECT u.agency_code FROM calendar_decision d "
                                  "LEFT JOIN unit u ON u.id = d.unit_id WHERE d.id = ?");
    if (!q)
        return;
    store_bind_int64(q, 1, id);
    int rc = store_step(q);
    const char *unit = rc == STORE_ROW && store_col_text(q, 0)
                           ? arena_strdup(&req->arena, store_col_text(q, 0))
                           : NULL;
    store_reset(q);
    if (rc != STORE_ROW) {
        web_reply_error(req, 404, "not_found", "id", "Không có quyết định lịch nghỉ này.");
        return;
    }
    if (!org_require_scope(req, st->store, "calendar.write", unit, NULL))
        return;
    org_error e;
    if (org_calendar_undecide(st->store, id, actor_of(req), &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}

static bool read_clock(web_request *req, const char *field, int *minutes)
{
    const char *text;
    if (!web_json_string(req, req->json, field, 5, 5, true, &text))
        return false;
    *minutes = office_clock_parse(text);
    if (*minutes >= 0)
        return true;
    web_reply_error(req, 422, "invalid_field", field, "Giờ phải có dạng HH:MM, ví dụ 07:30.");
    return false;
}

static void put_office_hours(web_request *req, void *ctx)
{
    org_state *st = ctx;
    const char *unit;
    office_hours h;
    if (!web_json_string(req, req->json, "unit", 13, 13, false, &unit) ||
        !read_clock(req, "morning_open", &h.morning_open) ||
        !read_clock(req, "morning_close", &h.morning_close) ||
        !read_clock(req, "afternoon_open", &h.afternoon_open) ||
        !read_clock(req, "afternoon_close", &h.afternoon_close) ||
        !read_clock(req, "cutoff", &h.cutoff) ||
        !org_require_scope(req, st->store, "calendar.write", unit, NULL))
        return;
    org_error e;
    if (org_office_hours_set(st->store, unit, &h, actor_of(req), &e) != 0) {
        reply_org_error(req, &e);
        return;
    }
    web_reply_json(req, 200, json_pack("{s:s?, s:i}", "unit", unit, "day_minutes",
                                       office_hours_day_minutes(&h)));
}

int org_calendar_routes(web_server *w, org_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/api/v1/calendar/{year}", .handler = get_year, .ctx = st},
        {.method = "GET", .pattern = "/api/v1/calendar/deadline", .handler = get_deadline,
         .ctx = st},
        {.method = "POST", .pattern = "/api/v1/calendar/decisions", .handler = post_decision,
         .ctx = st, .permission = "calendar.write", .flags = WEB_JSON_BODY, .max_body = 8192},
        {.method = "DELETE", .pattern = "/api/v1/calendar/decisions/{id}",
         .handler = delete_decision, .ctx = st, .permission = "calendar.write"},
        {.method = "PUT", .pattern = "/api/v1/calendar/office-hours", .handler = put_office_hours,
         .ctx = st, .permission = "calendar.write", .flags = WEB_JSON_BODY, .max_body = 2048},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
