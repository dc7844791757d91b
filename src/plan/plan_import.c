/* Importing a plan from the two CSV files of the seed plan's layout (tasks,
 * Phụ lục I; indicators, Phụ lục II), exactly as an official types them. A
 * row that cannot be understood is reported with its line and reason; unit
 * texts that match no unit of the tree wait for an administrator to say
 * what they mean; nothing is written until everything is understood. */
#include "plan/internal.h"

#include "core/budget_text.h"
#include "core/civil_date.h"
#include "core/csv.h"
#include "core/fold.h"
#include "core/indicator_target.h"
#include "core/plan_period.h"
#include "core/timefmt.h"
#include "core/unit_match.h"
#include "org/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const PLAN_TASK_HEADERS[8] = {
    "TT", "Nhiệm vụ chính", "Mục tiêu/chỉ tiêu/kết quả đạt được", "Thời gian triển khai/hoàn thành",
    "Đơn vị chủ trì", "Đơn vị phối hợp", "Kinh phí (triệu đồng)", "Nguồn ngân sách"};
const char *const PLAN_INDICATOR_HEADERS[4] = {"TT", "Nội dung chỉ tiêu", "Chủ trì", "Phối hợp"};

enum { MAX_ROWS = 500, MAX_UNITS = 500 };

typedef struct {
    int line;
    char **f; /* the fields as typed */
    plan_period period;
    bool has_budget;
    double budget;
} task_row;

typedef struct {
    int line;
    char **f;
    bool has_target;
    indicator_target target;
    const char *metric;
} indicator_row;

typedef struct {
    int64_t id;
    const char *code, *name;
} unit_ref;

/* What one typed unit text resolved to. */
typedef struct {
    const char *text;
    int64_t ids[16];
    int count;
    bool external, matched, from_input;
} resolution;

typedef struct {
    const plan_import_input *in;
    arena a;
    task_row tasks[MAX_ROWS];
    indicator_row indicators[MAX_ROWS];
    int task_count, indicator_count;
    unit_ref units[MAX_UNITS];
    int unit_count;
    resolution res[2 * 2 * MAX_ROWS];
    int res_count;
    json_t *problems, *unmatched;
    int64_t plan_id;
    int year;
} import_job;

static void problem(import_job *j, const char *file, int line, const char *field, const char *message)
{
    json_array_append_new(j->problems, json_pack("{s:s, s:i, s:s, s:s}", "file", file, "line", line, "field", field,
                                                 "message", message));
}

static bool header_is(char **fields, int n, const char *const *want, int count)
{
    if (n != count)
        return false;
    for (int i = 0; i < count; i++) {
        char a[128], b[128];
        text_fold(fields[i], a, sizeof a);
        text_fold(want[i], b, sizeof b);
        if (strcmp(a, b) != 0)
            return false;
    }
    return true;
}

static char *trimmed(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Reads a file's records after its header into rows of `columns` fields. */
static int read_rows(import_job *j, const char *file, const char *text, size_t len, const char *const *headers,
                     int columns, char ***rows, int *lines)
{
    csv_reader r;
    csv_reader_init(&r, text, len);
    char *fields[16];
    int n = csv_read_record(&r, &j->a, fields, 16);
    if (n <= 0 || !header_is(fields, n, headers, columns)) {
        problem(j, file, 1, "header", "Dòng tiêu đề không đúng mẫu của kế hoạch (các cột và thứ tự cột).");
        return -1;
    }
    int count = 0;
    while ((n = csv_read_record(&r, &j->a, fields, 16)) != CSV_END) {
        if (n == CSV_ERROR) {
            problem(j, file, r.line, "csv", "Dòng không đọc được: dấu ngoặc kép không khớp.");
            return -1;
        }
        if (n != columns) {
            problem(j, file, r.line, "csv",
                    arena_printf(&j->a, "Dòng có %d cột, mẫu có %d cột.", n, columns));
            continue;
        }
        if (count == MAX_ROWS) {
            problem(j, file, r.line, "csv", "Quá 500 dòng.");
            return -1;
        }
        rows[count] = arena_alloc(&j->a, sizeof(char *) * (size_t)columns);
        for (int i = 0; i < columns; i++)
            rows[count][i] = trimmed(fields[i]);
        lines[count++] = r.line;
    }
    return count;
}

static void read_tasks(import_job *j)
{
    char **rows[MAX_ROWS];
    int lines[MAX_ROWS];
    int n = read_rows(j, "tasks", j->in->tasks_csv, j->in->tasks_len, PLAN_TASK_HEADERS, 8, rows, lines);
    for (int i = 0; i < n; i++) {
        task_row *t = &j->tasks[j->task_count++];
        *t = (task_row){.line = lines[i], .f = rows[i]};
        if (!*t->f[0])
            problem(j, "tasks", t->line, "TT", "Thiếu số thứ tự.");
        if (!*t->f[1])
            problem(j, "tasks", t->line, "Nhiệm vụ chính", "Thiếu tên nhiệm vụ.");
        if (!plan_period_parse(t->f[3], &t->period))
            problem(j, "tasks", t->line, "Thời gian triển khai/hoàn thành",
                    arena_printf(&j->a, "Không hiểu thời gian „%s“; viết như „Quý I – Quý III/2026“.", t->f[3]));
        else if (j->year && t->period.year != j->year)
            problem(j, "tasks", t->line, "Thời gian triển khai/hoàn thành", "Năm khác với năm của kế hoạch.");
        else
            j->year = t->period.year;
        if (!*t->f[4])
            problem(j, "tasks", t->line, "Đơn vị chủ trì", "Thiếu đơn vị chủ trì.");
        if (!budget_text_parse(t->f[6], &t->has_budget, &t->budget))
            problem(j, "tasks", t->line, "Kinh phí (triệu đồng)",
                    arena_printf(&j->a, "Kinh phí „%s“ không phải là số triệu đồng.", t->f[6]));
    }
    if (n == 0)
        problem(j, "tasks", 2, "csv", "Tệp nhiệm vụ không có dòng nào.");
}

static void read_indicators(import_job *j)
{
    if (!j->in->indicators_csv)
        return;
    char **rows[MAX_ROWS];
    int lines[MAX_ROWS];
    int n = read_rows(j, "indicators", j->in->indicators_csv, j->in->indicators_len, PLAN_INDICATOR_HEADERS, 4,
                      rows, lines);
    for (int i = 0; i < n; i++) {
        indicator_row *r = &j->indicators[j->indicator_count++];
        *r = (indicator_row){.line = lines[i], .f = rows[i]};
        if (!*r->f[1])
            problem(j, "indicators", r->line, "Nội dung chỉ tiêu", "Thiếu nội dung chỉ tiêu.");
        if (!*r->f[2])
            problem(j, "indicators", r->line, "Chủ trì", "Thiếu đơn vị chủ trì.");
        r->has_target = indicator_target_parse(r->f[1], &r->target);
        r->metric = plan_metric_for(r->f[1]);
    }
}

static int load_units(import_job *j, store_conn *c)
{
    store_stmt *st = store_prepare(c, "SELECT id, agency_code, name FROM unit ORDER BY id");
    if (!st)
        return -1;
    while (j->unit_count < MAX_UNITS && store_step(st) == STORE_ROW) {
        unit_ref *u = &j->units[j->unit_count++];
        u->id = store_col_int64(st, 0);
        u->code = arena_strdup(&j->a, store_col_text(st, 1));
        u->name = arena_strdup(&j->a, store_col_text(st, 2));
    }
    store_reset(st);
    return 0;
}

static int64_t unit_by_code(const import_job *j, const char *code)
{
    for (int i = 0; i < j->unit_count; i++)
        if (strcmp(j->units[i].code, code) == 0)
            return j->units[i].id;
    return 0;
}

/* A mapping (the input's or a stored alias): agency codes and "external". */
static bool apply_mapping(import_job *j, resolution *r, json_t *codes)
{
    size_t i;
    json_t *v;
    if (!json_is_array(codes))
        return false;
    json_array_foreach(codes, i, v) {
        const char *code = json_string_value(v);
        if (code && strcmp(code, "external") == 0) {
            r->external = true;
            continue;
        }
        int64_t id = code ? unit_by_code(j, code) : 0;
        if (!id || r->count == 16)
            return false;
        r->ids[r->count++] = id;
    }
    return r->count > 0 || r->external;
}

/* Each part between commas and semicolons names exactly one unit. */
static bool match_parts(import_job *j, resolution *r)
{
    char *copy = arena_strdup(&j->a, r->text), *save = NULL;
    for (char *part = strtok_r(copy, ",;", &save); part; part = strtok_r(NULL, ",;", &save)) {
        part = trimmed(part);
        if (!*part)
            continue;
        int64_t found = 0;
        for (int u = 0; u < j->unit_count; u++)
            if (unit_name_matches(part, j->units[u].name)) {
                if (found)
                    return false;
                found = j->units[u].id;
            }
        if (!found || r->count == 16)
            return false;
        r->ids[r->count++] = found;
    }
    return r->count > 0;
}

static json_t *stored_alias(store_conn *c, const char *text)
{
    char folded[512];
    text_fold(text, folded, sizeof folded);
    store_stmt *st = store_prepare(c, "SELECT unit_codes, external FROM unit_alias WHERE folded = ?");
    json_t *codes = NULL;
    if (!st)
        return NULL;
    store_bind_text(st, 1, folded);
    if (store_step(st) == STORE_ROW) {
        codes = json_loads(store_col_text(st, 0), 0, NULL);
        if (codes && store_col_int64(st, 1))
            json_array_append_new(codes, json_string("external"));
    }
    store_reset(st);
    return codes;
}

static resolution *resolve(import_job *j, store_conn *c, const char *text)
{
    if (!*text)
        return NULL;
    for (int i = 0; i < j->res_count; i++)
        if (strcmp(j->res[i].text, text) == 0)
            return &j->res[i];
    resolution *r = &j->res[j->res_count++];
    *r = (resolution){.text = text};
    json_t *given = json_object_get(j->in->units, text);
    if (given) {
        r->from_input = true;
        r->matched = apply_mapping(j, r, given);
        if (!r->matched)
            problem(j, "units", 0, text, "Ánh xạ đơn vị phải là danh sách mã định danh có trong cây đơn vị, hoặc \"external\".");
        return r;
    }
    json_t *alias = stored_alias(c, text);
    r->matched = alias ? apply_mapping(j, r, alias) : match_parts(j, r);
    json_decref(alias);
    if (!r->matched) {
        r->count = 0;
        json_t *suggestions = json_array();
        for (int u = 0; u < j->unit_count; u++) {
            char *copy = arena_strdup(&j->a, text), *save = NULL;
            for (char *part = strtok_r(copy, ",;", &save); part; part = strtok_r(NULL, ",;", &save))
                if (unit_name_matches(trimmed(part), j->units[u].name)) {
                    json_array_append_new(suggestions, json_string(j->units[u].code));
                    break;
                }
        }
        json_array_append_new(j->unmatched, json_pack("{s:s, s:o}", "text", text, "suggestions", suggestions));
    }
    return r;
}

static void resolve_all(import_job *j, store_conn *c)
{
    for (int i = 0; i < j->task_count; i++) {
        resolve(j, c, j->tasks[i].f[4]);
        resolve(j, c, j->tasks[i].f[5]);
    }
    for (int i = 0; i < j->indicator_count; i++) {
        resolve(j, c, j->indicators[i].f[2]);
        resolve(j, c, j->indicators[i].f[3]);
    }
}

/* --- writing ------------------------------------------------------------------ */

static int link_units(import_job *j, store_conn *c, const char *kind, int64_t item, const char *role, const char *text)
{
    resolution *r = NULL;
    for (int i = 0; *text && i < j->res_count; i++)
        if (strcmp(j->res[i].text, text) == 0)
            r = &j->res[i];
    store_stmt *st = store_prepare(c, "INSERT INTO plan_unit (item_kind, item_id, role, unit_id) VALUES (?, ?, ?, ?)"
                                      " ON CONFLICT (item_kind, item_id, role, unit_id) DO NOTHING");
    for (int i = 0; r && st && i < r->count; i++) {
        store_bind_text(st, 1, kind);
        store_bind_int64(st, 2, item);
        store_bind_text(st, 3, role);
        store_bind_int64(st, 4, r->ids[i]);
        int rc = store_step(st);
        store_reset(st);
        if (rc != STORE_DONE)
            return STORE_ERROR;
    }
    return st ? 0 : STORE_ERROR;
}

static const char *day_text(import_job *j, int32_t day)
{
    char *out = arena_alloc(&j->a, CIVIL_DATE_TEXT_LEN);
    civil_date_format(civil_from_day_number(day), out);
    return out;
}

static int write_task(import_job *j, store_conn *c, int position, const task_row *t)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO plan_task (plan_id, position, number, name, expected_result, period_text, start_day, due_day,"
           " lead_text, coordinating_text, budget_text, budget_million, funding_source)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, CAST(?12 AS DOUBLE PRECISION), ?13)"
           " RETURNING id");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->plan_id);
    store_bind_int64(st, 2, position);
    for (int k = 0; k < 4; k++) /* number, name, result, period as typed */
        store_bind_text(st, 3 + k, t->f[k]);
    store_bind_text(st, 7, day_text(j, plan_period_first_day(t->period)));
    store_bind_text(st, 8, day_text(j, plan_period_last_day(t->period)));
    store_bind_text(st, 9, t->f[4]);
    store_bind_text(st, 10, t->f[5]);
    store_bind_text(st, 11, t->f[6]);
    store_bind_text(st, 12, t->has_budget ? arena_printf(&j->a, "%.6g", t->budget) : NULL);
    store_bind_text(st, 13, t->f[7]);
    int rc = store_step(st);
    int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    rc = link_units(j, c, "task", id, "lead", t->f[4]);
    return rc ? rc : link_units(j, c, "task", id, "coordinating", t->f[5]);
}

static int write_indicator(import_job *j, store_conn *c, int position, const indicator_row *r)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO plan_indicator (plan_id, position, number, name, lead_text, coordinating_text, comparator,"
           " target, unit_of_measure, kind, metric) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS DOUBLE PRECISION),"
           " ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    static const char *const comparators[] = {">=", "<=", "="};
    store_bind_int64(st, 1, j->plan_id);
    store_bind_int64(st, 2, position);
    for (int k = 0; k < 4; k++)
        store_bind_text(st, 3 + k, r->f[k]);
    store_bind_text(st, 7, r->has_target ? comparators[r->target.comparator] : NULL);
    store_bind_text(st, 8, r->has_target ? arena_printf(&j->a, "%.6g", r->target.value) : NULL);
    store_bind_text(st, 9, r->has_target && !r->target.percent ? "" : "%");
    store_bind_text(st, 10, r->metric ? "computed" : "reported");
    store_bind_text(st, 11, r->metric);
    int rc = store_step(st);
    int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    rc = link_units(j, c, "indicator", id, "lead", r->f[2]);
    return rc ? rc : link_units(j, c, "indicator", id, "coordinating", r->f[3]);
}

/* The administrator's confirmations, kept for the next import. */
static int remember_aliases(import_job *j, store_conn *c)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO unit_alias (folded, text, unit_codes, external, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)"
           " ON CONFLICT (folded) DO UPDATE SET text = excluded.text, unit_codes = excluded.unit_codes,"
           " external = excluded.external, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at");
    if (!st)
        return STORE_ERROR;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->in->now, now);
    for (int i = 0; i < j->res_count; i++) {
        resolution *r = &j->res[i];
        if (!r->from_input)
            continue;
        json_t *codes = json_array();
        for (int k = 0; k < r->count; k++)
            for (int u = 0; u < j->unit_count; u++)
                if (j->units[u].id == r->ids[k])
                    json_array_append_new(codes, json_string(j->units[u].code));
        char *codes_text = json_dumps(codes, JSON_COMPACT);
        json_decref(codes);
        char folded[512];
        text_fold(r->text, folded, sizeof folded);
        store_bind_text(st, 1, folded);
        store_bind_text(st, 2, r->text);
        store_bind_text(st, 3, codes_text ? codes_text : "[]");
        store_bind_int64(st, 4, r->external);
        store_bind_text(st, 5, j->in->actor);
        store_bind_text(st, 6, now);
        int rc = store_step(st);
        store_reset(st);
        free(codes_text);
        if (rc != STORE_DONE)
            return STORE_ERROR;
    }
    return 0;
}

static int write_plan(store_conn *c, void *ctx)
{
    import_job *j = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->in->now, now);
    store_stmt *st = store_prepare(
        c, "INSERT INTO plan (title, document_no, year, created_by, created_at, document_date, unit_id)"
           " VALUES (?, ?, ?, ?, ?, NULLIF(CAST(? AS TEXT), ''),"
           " COALESCE(NULLIF(CAST(? AS BIGINT), 0), (SELECT id FROM unit WHERE parent_id IS NULL ORDER BY id LIMIT 1)))"
           " RETURNING id");
    if (!st)
        return STORE_ERROR;
    const char *title = j->in->title && *j->in->title ? j->in->title
                                                      : arena_printf(&j->a, "Kế hoạch chuyển đổi số năm %d", j->year);
    store_bind_text(st, 1, title);
    store_bind_text(st, 2, j->in->document_no ? j->in->document_no : "");
    store_bind_int64(st, 3, j->year);
    store_bind_text(st, 4, j->in->actor);
    store_bind_text(st, 5, now);
    store_bind_text(st, 6, j->in->document_date ? j->in->document_date : "");
    store_bind_int64(st, 7, j->in->unit_id);
    int rc = store_step(st);
    j->plan_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    rc = 0;
    for (int i = 0; rc == 0 && i < j->task_count; i++)
        rc = write_task(j, c, i + 1, &j->tasks[i]);
    for (int i = 0; rc == 0 && i < j->indicator_count; i++)
        rc = write_indicator(j, c, i + 1, &j->indicators[i]);
    if (rc == 0)
        rc = remember_aliases(j, c);
    return rc ? rc
              : audit_record(c, j->in->actor, "plan.import", "plan", j->plan_id,
                             json_pack("{s:s, s:i, s:i, s:i}", "title", title, "year", j->year, "tasks",
                                       j->task_count, "indicators", j->indicator_count));
}

static json_t *units_json(import_job *j)
{
    json_t *out = json_array();
    for (int i = 0; i < j->res_count; i++) {
        json_t *codes = json_array();
        for (int k = 0; k < j->res[i].count; k++)
            for (int u = 0; u < j->unit_count; u++)
                if (j->units[u].id == j->res[i].ids[k])
                    json_array_append_new(codes, json_string(j->units[u].code));
        json_array_append_new(out, json_pack("{s:s, s:o, s:b, s:b}", "text", j->res[i].text, "units", codes,
                                             "external", j->res[i].external, "confirmed", j->res[i].from_input));
    }
    return out;
}

int plan_import(store *s, const plan_import_input *in, json_t **report, org_error *err)
{
    import_job *j = calloc(1, sizeof *j);
    if (!j)
        return org_refuse(err, 503, "unavailable", NULL, NULL);
    j->in = in;
    j->year = in->year;
    arena_init(&j->a, 0);
    j->problems = json_array();
    j->unmatched = json_array();
    store_conn *c = store_reader(s);
    int rc = c && load_units(j, c) == 0 ? 0 : org_refuse(err, 503, "unavailable", NULL, NULL);
    if (rc == 0) {
        civil_date issued;
        if (in->document_date && *in->document_date && !civil_date_parse(in->document_date, &issued))
            problem(j, "plan", 0, "document_date", "Ngày ban hành kế hoạch dạng YYYY-MM-DD.");
        read_tasks(j);
        read_indicators(j);
        resolve_all(j, c);
        if (json_array_size(j->problems))
            rc = org_refuse(err, 422, "invalid_rows", "rows", "Có dòng không hiểu được; chưa nhập gì.");
        else if (json_array_size(j->unmatched))
            rc = org_refuse(err, 422, "units_unconfirmed", "units",
                            "Có tên đơn vị chưa khớp với cây đơn vị; hãy xác nhận từng tên rồi nhập lại.");
        else if (!in->dry_run && store_write(s, write_plan, j) != 0)
            rc = org_refuse(err, 503, "unavailable", NULL, NULL);
    }
    *report = json_pack("{s:i, s:i, s:i, s:o, s:o, s:o}", "year", j->year, "tasks", j->task_count, "indicators",
                        j->indicator_count, "units", units_json(j), "problems", j->problems, "unmatched",
                        j->unmatched);
    if (rc == 0 && j->plan_id)
        json_object_set_new(*report, "plan_id", json_integer(j->plan_id));
    arena_free(&j->a);
    free(j);
    return rc;
}
