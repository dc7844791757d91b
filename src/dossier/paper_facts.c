/* What the papers print beyond the dossier's detail: the time limit, who
 * received it, the last supplement request, the ending, the approved
 * apology, and the control slip's rows (one per event, with its timeliness).
 * Read from the database; papers.c lays them out. */
#include "dossier/internal.h"

#include "core/timefmt.h"

#include <string.h>

void paper_put(paper_context *ctx, const char *name, const char *value)
{
    if (ctx->count < sizeof ctx->values / sizeof ctx->values[0])
        ctx->values[ctx->count++] = (template_value){name, value ? value : ""};
}

const char *paper_value(const paper_context *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->count; i++)
        if (strcmp(ctx->values[i].name, name) == 0)
            return ctx->values[i].value;
    return "";
}

/* "17:00 ngày 24/11/2026" in Vietnam's time. */
const char *paper_local_text(arena *a, const char *iso)
{
    int64_t ms;
    if (!iso || !timefmt_parse_iso_utc(iso, &ms))
        return "";
    int32_t day = deadline_local_day(ms);
    int64_t minutes = (ms - deadline_instant(day, 0)) / 60000;
    civil_date d = civil_from_day_number(day);
    return arena_printf(a, "%02d:%02d ngày %02d/%02d/%04d", (int)(minutes / 60), (int)(minutes % 60),
                        d.day, d.month, d.year);
}

static const char *copy_col(arena *a, store_stmt *st, int col)
{
    const char *s = store_col_text(st, col);
    return arena_strdup(a, s ? s : "");
}

static const char *time_limit(arena *a, const char *unit, int amount)
{
    if (!unit || !*unit)
        return "";
    if (strcmp(unit, "same_day") == 0)
        return "trong ngày";
    return arena_printf(a, "%d %s", amount,
                        strcmp(unit, "working_days") == 0    ? "ngày làm việc"
                        : strcmp(unit, "working_hours") == 0 ? "giờ làm việc"
                                                             : "ngày");
}

/* The facts of one query row, in the order of the SELECT below. */
static const char *const FACT_NAMES[] = {
    "received_by", "authority", "supplement_note", "supplement_at", "supplement_by", "end_reason",
    "ended_at", "ended_by", "apology_reason", "old_due", "new_due", "apology_by"};
enum { FACT_COUNT = sizeof FACT_NAMES / sizeof FACT_NAMES[0] };

void paper_database_facts(store_conn *c, arena *a, const char *code, paper_context *ctx)
{
    store_stmt *st = store_prepare(
        c, "WITH last_supplement AS (SELECT e.note, e.at, COALESCE(a.full_name, e.actor) AS who"
           "  FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id LEFT JOIN account a ON a.username = e.actor"
           "  WHERE d.code = ?1 AND e.action = 'request_supplement' ORDER BY e.id DESC LIMIT 1),"
           " last_event AS (SELECT e.at, COALESCE(a.full_name, e.actor) AS who FROM dossier_event e"
           "  JOIN dossier d ON d.id = e.dossier_id LEFT JOIN account a ON a.username = e.actor"
           "  WHERE d.code = ?1 ORDER BY e.id DESC LIMIT 1),"
           " apology AS (SELECT p.reason, p.old_due, p.new_due, COALESCE(a.full_name, p.approved_by) AS who"
           "  FROM dossier_apology p JOIN dossier d ON d.id = p.dossier_id LEFT JOIN account a ON a.username = p.approved_by"
           "  WHERE d.code = ?1 AND p.approved_at IS NOT NULL ORDER BY p.id DESC LIMIT 1)"
           " SELECT (SELECT COALESCE(a.full_name, e.actor) FROM dossier_event e LEFT JOIN account a"
           "   ON a.username = e.actor WHERE e.dossier_id = d.id ORDER BY e.id LIMIT 1),"
           "  (SELECT t.name FROM unit r JOIN unit t ON t.id = r.parent_id WHERE r.id = d.receiving_unit_id),"
           "  (SELECT note FROM last_supplement), (SELECT at FROM last_supplement), (SELECT who FROM last_supplement),"
           "  d.end_reason, d.ended_at, CASE WHEN d.ended_at IS NOT NULL THEN (SELECT who FROM last_event) END,"
           "  (SELECT reason FROM apology), (SELECT old_due FROM apology), (SELECT new_due FROM apology),"
           "  (SELECT who FROM apology), p.time_unit, p.time_amount"
           " FROM dossier d JOIN procedure p ON p.id = d.procedure_id WHERE d.code = ?1");
    const char *facts[FACT_COUNT] = {0}, *limit = "";
    if (st) {
        store_bind_text(st, 1, code);
        if (store_step(st) == STORE_ROW) {
            for (int i = 0; i < FACT_COUNT; i++)
                facts[i] = copy_col(a, st, i);
            limit = time_limit(a, store_col_text(st, FACT_COUNT), (int)store_col_int64(st, FACT_COUNT + 1));
        }
        store_reset(st);
    }
    for (int i = 0; i < FACT_COUNT; i++) {
        const char *name = FACT_NAMES[i];
        bool instant = strstr(name, "_at") || strstr(name, "_due");
        paper_put(ctx, name, instant ? paper_local_text(a, facts[i]) : facts[i]);
    }
    paper_put(ctx, "time_text", limit);
}

static const char *action_label(const char *action)
{
    static const char *const labels[][2] = {
        {"receive", "Tiếp nhận hồ sơ"}, {"submit", "Nộp trực tuyến"}, {"accept", "Tiếp nhận hồ sơ trực tuyến"},
        {"not_receive", "Không tiếp nhận"}, {"claim", "Nhận xử lý"}, {"forward", "Chuyển bước tiếp theo"},
        {"approve", "Phê duyệt"}, {"send_back", "Trả lại bước trước"}, {"transfer", "Chuyển liên thông"},
        {"transfer_back", "Nhận lại từ liên thông"}, {"request_supplement", "Yêu cầu bổ sung"},
        {"supply", "Nhận hồ sơ bổ sung"}, {"request_payment", "Yêu cầu nộp phí"},
        {"confirm_payment", "Xác nhận đã nộp phí"}, {"refuse", "Từ chối giải quyết"},
        {"withdraw", "Rút hồ sơ"}, {"stop", "Dừng giải quyết"}, {"issue_result", "Có kết quả"},
        {"return", "Trả kết quả"}, {"propose_apology", "Đề nghị xin lỗi, hẹn lại"},
        {"approve_apology", "Duyệt xin lỗi, hẹn lại"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(action, labels[i][0]) == 0)
            return labels[i][1];
    return action;
}

/* Trước hạn, đúng hạn or quá hạn for a step finished at `at` against its due:
 * before the due day is early, on the due day by the due time is on time. */
static const char *timeliness(const char *at, const char *due)
{
    int64_t at_ms, due_ms;
    if (!at || !due || !timefmt_parse_iso_utc(at, &at_ms) || !timefmt_parse_iso_utc(due, &due_ms))
        return "";
    if (at_ms > due_ms)
        return "Quá hạn";
    return deadline_local_day(at_ms) < deadline_local_day(due_ms) ? "Trước hạn" : "Đúng hạn";
}

/* Actions that end a step, so they are on time or not. */
static bool ends_step(const char *action)
{
    static const char *const names[] = {"forward", "approve", "transfer", "issue_result", "return", "refuse"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(action, names[i]) == 0)
            return true;
    return false;
}

int paper_event_rows(store_conn *c, arena *a, const char *code, json_t *step_dues, const char *due_at,
                     const char ***cells)
{
    enum { COLS = 4, MAX_ROWS = 200 };
    *cells = arena_alloc(a, sizeof(char *) * COLS * MAX_ROWS);
    store_stmt *st = store_prepare(
        c, "SELECT e.at, COALESCE(a.full_name, e.actor), e.action, e.from_step, u.name, e.note"
           " FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id LEFT JOIN account a ON a.username = e.actor"
           " LEFT JOIN unit u ON u.id = e.unit_id WHERE d.code = ? ORDER BY e.id LIMIT 200");
    if (!st || !*cells)
        return 0;
    store_bind_text(st, 1, code);
    int n = 0;
    while (n < MAX_ROWS && store_step(st) == STORE_ROW) {
        const char *at = copy_col(a, st, 0), *action = store_col_text(st, 2);
        const char **row = *cells + (size_t)n * COLS;
        row[0] = copy_col(a, st, 4);
        row[1] = arena_printf(a, "%s\n%s: %s", paper_local_text(a, at), store_col_text(st, 1), action_label(action));
        const char *due = due_at;
        if (store_col_text(st, 3) && strcmp(action, "return") != 0) {
            const char *step_due = json_string_value(json_array_get(step_dues, (size_t)store_col_int64(st, 3)));
            if (step_due)
                due = step_due;
        }
        row[2] = ends_step(action) ? timeliness(at, due) : "";
        row[3] = copy_col(a, st, 5);
        n++;
    }
    store_reset(st);
    return n;
}
