/* Reading a unit's working calendar; see calendar.h. */
#include "org/calendar.h"

#include "core/civil_date.h"
#include "core/lunar.h"

#include <stdio.h>
#include <string.h>

/* The unit and its ancestors with their distance, farthest first, then the
 * deployment-wide rows: the order in which later rows override earlier. */
#define ANCESTRY                                                                        \
    "WITH RECURSIVE up(id, parent_id, depth) AS ("                                     \
    "  SELECT id, parent_id, 0 FROM unit WHERE id = ?1"                                \
    "  UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM unit u"                   \
    "  JOIN up ON u.id = up.parent_id) "

int64_t org_calendar_unit(store_conn *c, const char *agency_code)
{
    store_stmt *st = store_prepare(c, "SELECT id FROM unit WHERE agency_code = ?");
    if (!st)
        return -1;
    store_bind_text(st, 1, agency_code);
    int rc = store_step(st);
    int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : rc == STORE_DONE ? 0 : -1;
    store_reset(st);
    return id;
}

/* Decisions in force for the unit, deployment-wide first, then from the
 * farthest ancestor to the unit itself, so that workcal_build's "last one
 * wins" makes the nearest decision win. */
typedef struct {
    workcal_decision *items;
    size_t count;
} decision_list;

static bool load_decisions(store_conn *c, arena *a, int64_t unit_id, int first, int last,
                           decision_list *out)
{
    store_stmt *st = store_prepare(
        c, ANCESTRY
        "SELECT d.id, d.year, d.occasion, d.reference, x.day, x.kind FROM calendar_decision d"
        " JOIN calendar_decision_day x ON x.decision_id = d.id"
        " LEFT JOIN up ON up.id = d.unit_id"
        " WHERE d.year BETWEEN ?2 AND ?3 AND (d.unit_id IS NULL OR up.id IS NOT NULL)"
        " ORDER BY d.unit_id IS NOT NULL, up.depth DESC, d.id, x.day");
    if (!st)
        return false;
    store_bind_int64(st, 1, unit_id);
    store_bind_int64(st, 2, first - 1);
    store_bind_int64(st, 3, last + 1);
    /* Bounded: at most 6 occasions x (years + 2) x ancestry depth. */
    size_t cap = 256;
    out->items = arena_calloc(a, cap, sizeof *out->items);
    out->count = 0;
    int64_t current = 0;
    int rc;
    while (out->items && (rc = store_step(st)) == STORE_ROW) {
        int64_t id = store_col_int64(st, 0);
        if (id != current) {
            if (out->count == cap)
                break;
            workcal_decision *d = &out->items[out->count++];
            d->year = (int)store_col_int64(st, 1);
            d->occasion = holiday_occasion_from_code(store_col_text(st, 2));
            d->reference = arena_strdup(a, store_col_text(st, 3));
            d->days_off = arena_calloc(a, WORKCAL_MAX_DECISION_DAYS, sizeof(int32_t));
            d->days_worked = arena_calloc(a, WORKCAL_MAX_DECISION_DAYS, sizeof(int32_t));
            if (!d->days_off || !d->days_worked)
                break;
            current = id;
        }
        workcal_decision *d = &out->items[out->count - 1];
        civil_date date;
        if (!civil_date_parse(store_col_text(st, 4), &date))
            continue;
        bool work = strcmp(store_col_text(st, 5), "work") == 0;
        int32_t *days = (int32_t *)(work ? d->days_worked : d->days_off);
        size_t *n = work ? &d->days_worked_count : &d->days_off_count;
        if (*n < WORKCAL_MAX_DECISION_DAYS)
            days[(*n)++] = civil_day_number(date);
    }
    store_reset(st);
    return out->items != NULL && rc == STORE_DONE;
}

static bool load_hours(store_conn *c, int64_t unit_id, org_calendar *out)
{
    store_stmt *st = store_prepare(
        c, ANCESTRY
        "SELECT h.morning_open, h.morning_close, h.afternoon_open, h.afternoon_close,"
        " h.cutoff, CASE WHEN h.unit_id IS NULL THEN 1 ELSE 0 END"
        " FROM office_hours h LEFT JOIN up ON up.id = h.unit_id"
        " WHERE h.unit_id IS NULL OR up.id IS NOT NULL"
        " ORDER BY h.unit_id IS NULL, up.depth LIMIT 1");
    if (!st)
        return false;
    store_bind_int64(st, 1, unit_id);
    int rc = store_step(st);
    out->clock.hours = OFFICE_HOURS_DEFAULT;
    out->hours_source = "default";
    if (rc == STORE_ROW) {
        out->clock.hours = (office_hours){
            (int)store_col_int64(st, 0), (int)store_col_int64(st, 1),
            (int)store_col_int64(st, 2), (int)store_col_int64(st, 3),
            (int)store_col_int64(st, 4),
        };
        out->hours_source = store_col_int64(st, 5) ? "deployment" : "unit";
    }
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE;
}

bool org_calendar_load(store_conn *c, arena *a, int64_t unit_id, int first_year, int last_year,
                       org_calendar *out)
{
    decision_list decisions;
    memset(out, 0, sizeof *out);
    if (!load_decisions(c, a, unit_id, first_year, last_year, &decisions) ||
        !load_hours(c, unit_id, out))
        return false;
    if (!workcal_build(&out->days, a, first_year, last_year, decisions.items, decisions.count))
        return false;
    out->clock.calendar = &out->days;
    return true;
}

static json_t *hours_json(const org_calendar *cal)
{
    const office_hours *h = &cal->clock.hours;
    char mo[6], mc[6], ao[6], ac[6], cut[6];
    office_clock_format(h->morning_open, mo);
    office_clock_format(h->morning_close, mc);
    office_clock_format(h->afternoon_open, ao);
    office_clock_format(h->afternoon_close, ac);
    office_clock_format(h->cutoff, cut);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "morning_open", mo,
                     "morning_close", mc, "afternoon_open", ao, "afternoon_close", ac, "cutoff",
                     cut, "day_minutes", office_hours_day_minutes(h), "source",
                     cal->hours_source);
}

static const char *const WEEKDAYS[] = {"", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm",
                                       "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};

static json_t *entry_json(const workcal_entry *e)
{
    char date[CIVIL_DATE_TEXT_LEN], lunar[24];
    civil_date_format(civil_from_day_number(e->holiday.day), date);
    const holiday_day *h = &e->holiday;
    lunar_date l = lunar_from_day(h->day, LUNAR_TZ_VIETNAM);
    snprintf(lunar, sizeof lunar, "%d/%d%s", l.day, l.month, l.leap ? " nhuận" : "");
    return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s?}", "date", date,
                     "lunar", lunar, "weekday", WEEKDAYS[civil_weekday(h->day)], "working",
                     h->kind == HOLIDAY_DECIDED_WORK, "kind", holiday_kind_code(h->kind),
                     "kind_title", holiday_kind_title(h->kind), "occasion",
                     holiday_occasion_code(h->occasion), "occasion_title",
                     holiday_occasion_title(h->occasion), "label", h->label, "source",
                     e->reference ? "decision" : "statute", "reference", e->reference);
}

/* A decision's days of one kind in order, comma-separated: SQLite's
 * group_concat keeps the order of its ordered sub-select, PostgreSQL's
 * string_agg is told the order. */
#define DAYS_SQLITE(KIND)                                                                  \
    " (SELECT group_concat(day, ',') FROM (SELECT day FROM calendar_decision_day"         \
    "   WHERE decision_id = d.id AND kind = '" KIND "' ORDER BY day)),"
#define DAYS_PG(KIND)                                                                      \
    " (SELECT string_agg(day, ',' ORDER BY day) FROM calendar_decision_day"              \
    "   WHERE decision_id = d.id AND kind = '" KIND "'),"
#define DECISIONS_SQL(DAYS)                                                                \
    ANCESTRY                                                                               \
    "SELECT d.id, d.occasion, d.reference, d.note, u.agency_code, u.name,"                 \
    DAYS("off") DAYS("work")                                                               \
    " d.created_by, d.created_at"                                                          \
    " FROM calendar_decision d LEFT JOIN unit u ON u.id = d.unit_id"                       \
    " LEFT JOIN up ON up.id = d.unit_id"                                                   \
    " WHERE d.year = ?2 AND (d.unit_id IS NULL OR up.id IS NOT NULL)"                      \
    " ORDER BY d.unit_id IS NOT NULL, up.depth DESC, d.occasion"
static const char DECISIONS_SQLITE[] = DECISIONS_SQL(DAYS_SQLITE);
static const char DECISIONS_PG[] = DECISIONS_SQL(DAYS_PG);

/* The decisions recorded for the year that apply to the unit. */
static json_t *decisions_json(store_conn *c, int64_t unit_id, int year)
{
    store_stmt *st =
        store_prepare(c, store_conn_dialect(c) == STORE_POSTGRES ? DECISIONS_PG : DECISIONS_SQLITE);
    if (!st)
        return NULL;
    store_bind_int64(st, 1, unit_id);
    store_bind_int64(st, 2, year);
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        holiday_occasion occasion = holiday_occasion_from_code(store_col_text(st, 1));
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s?, s:s, s:s}", "id",
                      (json_int_t)store_col_int64(st, 0), "occasion", store_col_text(st, 1),
                      "occasion_title", holiday_occasion_title(occasion), "reference",
                      store_col_text(st, 2), "note", store_col_text(st, 3), "unit",
                      store_col_text(st, 4), "unit_name", store_col_text(st, 5), "days_off",
                      store_col_text(st, 6) ? store_col_text(st, 6) : "", "days_worked",
                      store_col_text(st, 7), "created_by", store_col_text(st, 8),
                      "created_at", store_col_text(st, 9)));
    }
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(items);
        return NULL;
    }
    /* Day lists travel as arrays. */
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        static const char *const fields[] = {"days_off", "days_worked"};
        for (int f = 0; f < 2; f++) {
            json_t *list = json_array();
            const char *text = json_string_value(json_object_get(item, fields[f]));
            for (const char *p = text; p && *p; p += p[10] == ',' ? 11 : 10)
                json_array_append_new(list, json_stringn(p, 10));
            json_object_set_new(item, fields[f], list);
        }
    }
    return items;
}

static int working_days_in_year(const workcal *cal, int year)
{
    int32_t from = civil_day_number((civil_date){year, 1, 1});
    int32_t to = civil_day_number((civil_date){year + 1, 1, 1});
    int n = 0;
    for (int32_t d = from; d < to; d++)
        n += workcal_is_working_day(cal, d);
    return n;
}

json_t *org_calendar_year_json(store_conn *c, arena *a, int64_t unit_id, int year)
{
    org_calendar cal;
    if (!org_calendar_load(c, a, unit_id, year, year, &cal))
        return NULL;
    json_t *decisions = decisions_json(c, unit_id, year);
    if (!decisions)
        return NULL;
    json_t *days = json_array();
    size_t first, n = workcal_entries_in_year(&cal.days, year, &first);
    for (size_t i = first; i < first + n; i++)
        json_array_append_new(days, entry_json(&cal.days.entries[i]));
    return json_pack("{s:i, s:i, s:o, s:o, s:o}", "year", year, "working_days",
                     working_days_in_year(&cal.days, year), "office_hours", hours_json(&cal),
                     "days", days, "decisions", decisions);
}

json_t *org_office_hours_json(store_conn *c, arena *a, int64_t unit_id, int year)
{
    org_calendar cal;
    return org_calendar_load(c, a, unit_id, year, year, &cal) ? hours_json(&cal) : NULL;
}
