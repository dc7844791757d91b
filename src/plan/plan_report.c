/* A plan's periodic reports: which weeks and months are due, sent or late;
 * each task's report for a period, locked once submitted; and the plan's
 * report, a locked snapshot of the board, as JSON, PDF or XLSX. */
#include "plan/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/report_period.h"
#include "core/timefmt.h"
#include "media/pdf.h"
#include "media/sheet.h"
#include "org/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "fri 08:00" -> weekday 5, minute 480; anything else: Friday 08:00. */
static void weekly_due(const char *text, int *weekday, int *minute)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    int h = 8, m = 0;
    *weekday = 5;
    for (int i = 0; text && i < 7; i++)
        if (strncmp(text, days[i], 3) == 0)
            *weekday = i + 1;
    if (!text || !strchr(text, ' ') || sscanf(strchr(text, ' ') + 1, "%d:%d", &h, &m) != 2 || h > 23 || m > 59)
        h = 8, m = 0;
    *minute = h * 60 + m;
}

bool plan_report_schedule(store_conn *c, int64_t plan_id, plan_schedule *out)
{
    store_stmt *st = store_prepare(c, "SELECT year, weekly_due, monthly_due_day, title FROM plan WHERE id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, plan_id);
    bool found = store_step(st) == STORE_ROW;
    if (found) {
        out->year = (int)store_col_int64(st, 0);
        weekly_due(store_col_text(st, 1), &out->weekday, &out->minute);
        out->month_day = (int)store_col_int64(st, 2);
        snprintf(out->title, sizeof out->title, "%s", store_col_text(st, 3));
    }
    store_reset(st);
    return found;
}

bool plan_report_slot(const plan_schedule *s, bool weekly, const char *label, report_slot *out)
{
    return report_slot_parse(label, weekly, s->weekday, s->month_day, s->minute, out);
}

/* The submission of a period, if any. */
static bool submitted(store_conn *c, int64_t plan_id, const char *kind, const char *period, char *at, size_t cap)
{
    store_stmt *st = store_prepare(c, "SELECT submitted_at FROM plan_report WHERE plan_id = ? AND kind = ? AND period = ?");
    bool found = false;
    if (!st)
        return false;
    store_bind_int64(st, 1, plan_id);
    store_bind_text(st, 2, kind);
    store_bind_text(st, 3, period);
    if (store_step(st) == STORE_ROW) {
        found = true;
        snprintf(at, cap, "%s", store_col_text(st, 0));
    }
    store_reset(st);
    return found;
}

static json_t *slot_json(store_conn *c, int64_t plan_id, const char *kind, const report_slot *s, int64_t now)
{
    int64_t due = deadline_instant(s->due_day, s->due_minute);
    char due_iso[TIMEFMT_ISO_LEN], at[TIMEFMT_ISO_LEN] = "";
    timefmt_iso_utc(due, due_iso);
    bool sent = submitted(c, plan_id, kind, s->label, at, sizeof at);
    int64_t sent_ms = 0;
    if (sent)
        timefmt_parse_iso_utc(at, &sent_ms);
    const char *status = sent ? (sent_ms <= due ? "sent" : "sent_late") : now > due ? "late" : "due";
    return json_pack("{s:s, s:s, s:s, s:s?}", "period", s->label, "due_at", due_iso, "status", status, "submitted_at",
                     sent ? at : NULL);
}

json_t *plan_report_list(store_conn *c, int64_t plan_id, bool weekly, int64_t now)
{
    plan_schedule s;
    if (!plan_report_schedule(c, plan_id, &s))
        return NULL;
    const char *kind = weekly ? "weekly" : "monthly";
    int32_t today = deadline_local_day(now);
    int32_t first = civil_day_number((civil_date){s.year, 1, 1}), last = civil_day_number((civil_date){s.year, 12, 31});
    json_t *items = json_array();
    if (weekly) {
        /* Every week begun by today: a week's days are not all in step with 1 January's weekday. */
        for (int32_t d = first; d <= last; d += 7) {
            report_slot slot = report_week(d, s.weekday, s.minute);
            if (slot.first_day > today)
                break;
            json_array_append_new(items, slot_json(c, plan_id, kind, &slot, now));
        }
    } else {
        for (int m = 1; m <= 12; m++) {
            report_slot slot = report_month(s.year, m, s.month_day, s.minute);
            if (slot.first_day > today)
                break;
            json_array_append_new(items, slot_json(c, plan_id, kind, &slot, now));
        }
    }
    return json_pack("{s:s, s:o}", "kind", kind, "items", items);
}

/* --- submitting ------------------------------------------------------------------ */

typedef struct {
    int64_t plan_id, task_id;
    const char *kind, *period, *note, *actor, *content, *due;
    int64_t now;
    int progress;
    const char *status;
    bool exists;
} submit_job;

static int write_plan_report(store_conn *c, void *ctx)
{
    submit_job *j = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, now);
    store_stmt *st = store_prepare(c, "INSERT INTO plan_report (plan_id, kind, period, due_at, submitted_by, submitted_at, content)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->plan_id);
    store_bind_text(st, 2, j->kind);
    store_bind_text(st, 3, j->period);
    store_bind_text(st, 4, j->due);
    store_bind_text(st, 5, j->actor);
    store_bind_text(st, 6, now);
    store_bind_text(st, 7, j->content);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->exists = store_changes(c) == 0;
    return j->exists ? 0
                     : audit_record(c, j->actor, "plan.report.submit", "plan", j->plan_id,
                                    json_pack("{s:s, s:s}", "kind", j->kind, "period", j->period));
}

int plan_report_submit(store *s, int64_t plan_id, bool weekly, const char *period, const char *actor, int64_t now,
                       org_error *err)
{
    store_conn *c = store_reader(s);
    plan_schedule sched;
    report_slot slot;
    if (!c || !plan_report_schedule(c, plan_id, &sched))
        return org_refuse(err, c ? 404 : 503, c ? "not_found" : "unavailable", "id", "Không có kế hoạch này.");
    if (!plan_report_slot(&sched, weekly, period, &slot) || slot.first_day > deadline_local_day(now))
        return org_refuse(err, 422, "invalid_field", "period",
                          weekly ? "Kỳ tuần dạng 2026-W48, đã bắt đầu." : "Kỳ tháng dạng 2026-11, đã bắt đầu.");
    int http = 503;
    json_t *board = plan_read(c, plan_id, NULL, 0, NULL, now, &http);
    if (!board)
        return org_refuse(err, http, "unavailable", NULL, NULL);
    json_object_set_new(board, "task_reports", plan_task_reports(c, plan_id, weekly ? "weekly" : "monthly", period));
    char *content = json_dumps(board, JSON_COMPACT);
    json_decref(board);
    char due[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(deadline_instant(slot.due_day, slot.due_minute), due);
    submit_job j = {.plan_id = plan_id, .kind = weekly ? "weekly" : "monthly", .period = period, .actor = actor,
                    .content = content, .due = due, .now = now};
    int rc = content && store_write(s, write_plan_report, &j) == 0 ? 0 : org_refuse(err, 503, "unavailable", NULL, NULL);
    free(content);
    if (rc == 0 && j.exists)
        rc = org_refuse(err, 409, "report_locked", "period", "Báo cáo kỳ này đã gửi và đã khóa.");
    return rc;
}

static int write_task_report(store_conn *c, void *ctx)
{
    submit_job *j = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, now);
    store_stmt *st = store_prepare(c, "INSERT INTO task_report (task_id, kind, period, progress, status, note, submitted_by,"
                                      " submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->task_id);
    store_bind_text(st, 2, j->kind);
    store_bind_text(st, 3, j->period);
    store_bind_int64(st, 4, j->progress);
    store_bind_text(st, 5, j->status);
    store_bind_text(st, 6, j->note);
    store_bind_text(st, 7, j->actor);
    store_bind_text(st, 8, now);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return STORE_ERROR;
    j->exists = store_changes(c) == 0;
    return j->exists ? 0
                     : audit_record(c, j->actor, "plan.task_report.submit", "plan_task", j->task_id,
                                    json_pack("{s:s, s:s}", "kind", j->kind, "period", j->period));
}

int plan_task_report_submit(store *s, int64_t plan_id, int64_t task_id, bool weekly, const char *period,
                            const char *note, const char *actor, int64_t now, org_error *err)
{
    store_conn *c = store_reader(s);
    plan_schedule sched;
    report_slot slot;
    if (!c || !plan_report_schedule(c, plan_id, &sched))
        return org_refuse(err, 404, "not_found", "id", "Không có kế hoạch này.");
    if (!plan_report_slot(&sched, weekly, period, &slot) || slot.first_day > deadline_local_day(now))
        return org_refuse(err, 422, "invalid_field", "period", "Kỳ báo cáo không đúng dạng hoặc chưa bắt đầu.");
    int http;
    json_t *board = plan_read(c, plan_id, NULL, 0, NULL, now, &http);
    json_t *task = NULL;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(board, "tasks"), i, t) if (json_integer_value(json_object_get(t, "id")) == task_id) task = t;
    if (!task) {
        json_decref(board);
        return org_refuse(err, 404, "not_found", "task", "Không có nhiệm vụ này trong kế hoạch.");
    }
    submit_job j = {.task_id = task_id, .kind = weekly ? "weekly" : "monthly", .period = period, .note = note,
                    .actor = actor, .now = now, .progress = (int)json_integer_value(json_object_get(task, "progress")),
                    .status = json_string_value(json_object_get(task, "status"))};
    int rc = store_write(s, write_task_report, &j) == 0 ? 0 : org_refuse(err, 503, "unavailable", NULL, NULL);
    json_decref(board);
    if (rc == 0 && j.exists)
        rc = org_refuse(err, 409, "report_locked", "period", "Nhiệm vụ đã báo cáo kỳ này; báo cáo đã khóa.");
    return rc;
}

json_t *plan_task_reports(store_conn *c, int64_t plan_id, const char *kind, const char *period)
{
    store_stmt *st = store_prepare(c, "SELECT r.task_id, t.number, r.progress, r.status, r.note, r.submitted_by, r.submitted_at"
                                      " FROM task_report r JOIN plan_task t ON t.id = r.task_id"
                                      " WHERE t.plan_id = ? AND r.kind = ? AND r.period = ? ORDER BY t.position");
    json_t *out = json_array();
    if (!st)
        return out;
    store_bind_int64(st, 1, plan_id);
    store_bind_text(st, 2, kind);
    store_bind_text(st, 3, period);
    while (store_step(st) == STORE_ROW)
        json_array_append_new(out, json_pack("{s:I, s:s, s:i, s:s, s:s, s:s, s:s}", "task_id", (json_int_t)store_col_int64(st, 0),
                                             "number", store_col_text(st, 1), "progress", (int)store_col_int64(st, 2),
                                             "status", store_col_text(st, 3), "note", store_col_text(st, 4),
                                             "submitted_by", store_col_text(st, 5), "submitted_at", store_col_text(st, 6)));
    store_reset(st);
    return out;
}

/* --- the report as a document ---------------------------------------------------- */

/* The submitted snapshot, or the board as it stands now (not yet sent). */
json_t *plan_report_content(store_conn *c, int64_t plan_id, bool weekly, const char *period, int64_t now, bool *locked)
{
    const char *kind = weekly ? "weekly" : "monthly";
    store_stmt *st = store_prepare(c, "SELECT content FROM plan_report WHERE plan_id = ? AND kind = ? AND period = ?");
    json_t *out = NULL;
    *locked = false;
    if (st) {
        store_bind_int64(st, 1, plan_id);
        store_bind_text(st, 2, kind);
        store_bind_text(st, 3, period);
        if (store_step(st) == STORE_ROW) {
            out = json_loads(store_col_text(st, 0), 0, NULL);
            *locked = true;
        }
        store_reset(st);
    }
    if (!out) {
        int http;
        out = plan_read(c, plan_id, NULL, 0, NULL, now, &http);
        if (out)
            json_object_set_new(out, "task_reports", plan_task_reports(c, plan_id, kind, period));
    }
    return out;
}

static const char *note_of(json_t *content, json_int_t task_id)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(content, "task_reports"), i, r) if (json_integer_value(json_object_get(r, "task_id")) == task_id)
        return json_string_value(json_object_get(r, "note"));
    return "";
}

enum { TASK_COLS = 6, MAX_TASK_ROWS = 500 };

/* The tasks as rows of cells, for both documents. */
static int task_cells(arena *a, json_t *content, const char ***cells)
{
    json_t *tasks = json_object_get(content, "tasks");
    size_t n = json_array_size(tasks) < MAX_TASK_ROWS ? json_array_size(tasks) : MAX_TASK_ROWS;
    *cells = arena_alloc(a, sizeof(char *) * TASK_COLS * (n ? n : 1));
    for (size_t i = 0; *cells && i < n; i++) {
        json_t *t = json_array_get(tasks, i);
        const char **row = *cells + i * TASK_COLS;
        row[0] = json_string_value(json_object_get(t, "number"));
        row[1] = json_string_value(json_object_get(t, "name"));
        row[2] = json_string_value(json_object_get(t, "lead_text"));
        row[3] = arena_printf(a, "%lld%%", (long long)json_integer_value(json_object_get(t, "progress")));
        row[4] = json_string_value(json_object_get(t, "status_title"));
        row[5] = note_of(content, json_integer_value(json_object_get(t, "id")));
    }
    return *cells ? (int)n : 0;
}

static const char *const TASK_TITLES[TASK_COLS] = {"TT", "Nhiệm vụ", "Chủ trì", "Tiến độ", "Tình trạng", "Báo cáo kỳ này"};

void *plan_report_document(json_t *content, const char *commune, const char *heading, const char *tmp_dir, bool pdf,
                           size_t *len)
{
    arena a;
    arena_init(&a, 0);
    const char **cells;
    int rows = task_cells(&a, content, &cells);
    void *bytes = NULL;
    if (pdf) {
        char err[200];
        pdf_doc *doc = pdf_new(err, sizeof err);
        if (doc) {
            pdf_landscape(doc);
            pdf_heading(doc, "", commune, "");
            pdf_title(doc, "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH", heading);
            pdf_paragraph(doc, arena_printf(&a, "Tiến độ chung: %.0f%%.", json_number_value(json_object_get(content, "progress"))),
                          false, 11);
            static const float shares[TASK_COLS] = {0.5f, 4, 2, 0.8f, 1.6f, 3};
            pdf_column cols[TASK_COLS];
            for (int i = 0; i < TASK_COLS; i++)
                cols[i] = (pdf_column){TASK_TITLES[i], shares[i]};
            pdf_table(doc, cols, TASK_COLS, cells, rows, 8.5f);
            bytes = pdf_finish(doc, len);
            pdf_free(doc);
        }
    } else {
        static const double widths[TASK_COLS] = {5, 50, 26, 9, 22, 40};
        sheet_column cols[TASK_COLS];
        for (int i = 0; i < TASK_COLS; i++)
            cols[i] = (sheet_column){TASK_TITLES[i], widths[i]};
        bytes = sheet_xlsx(tmp_dir, "Bao cao", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH", heading, cols, TASK_COLS, cells, rows, len);
    }
    arena_free(&a);
    return bytes;
}
