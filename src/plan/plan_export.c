/* The plan back in the layout it came in: the same headers, and each cell as
 * it was typed, so an import followed by an export changes nothing. */
#include "plan/internal.h"

#include "core/csv.h"
#include "media/sheet.h"

#include <stdlib.h>
#include <string.h>

/* Appends one record; grows out as needed. */
static bool record(char **out, size_t *cap, size_t *len, const char *const *fields, int n)
{
    size_t need = 2;
    for (int i = 0; i < n; i++)
        need += 2 * strlen(fields[i] ? fields[i] : "") + 3;
    if (*len + need > *cap) {
        size_t bigger = (*cap + need) * 2;
        char *grown = realloc(*out, bigger);
        if (!grown)
            return false;
        *out = grown;
        *cap = bigger;
    }
    for (int i = 0; i < n; i++)
        if (!csv_append_field(*out, *cap, len, fields[i] ? fields[i] : "", i == 0))
            return false;
    (*out)[(*len)++] = '\r';
    (*out)[(*len)++] = '\n';
    (*out)[*len] = '\0';
    return true;
}

static char *export(store_conn *c, int64_t plan_id, const char *sql, const char *const *headers, int n)
{
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    store_stmt *st = out ? store_prepare(c, sql) : NULL;
    if (!st || !record(&out, &cap, &len, headers, n)) {
        free(out);
        return NULL;
    }
    store_bind_int64(st, 1, plan_id);
    bool ok = true;
    while (ok && store_step(st) == STORE_ROW) {
        const char *fields[8];
        for (int i = 0; i < n; i++)
            fields[i] = store_col_text(st, i);
        ok = record(&out, &cap, &len, fields, n);
    }
    store_reset(st);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

char *plan_export_tasks_csv(store_conn *c, int64_t plan_id)
{
    return export(c, plan_id,
                  "SELECT number, name, expected_result, period_text, lead_text, coordinating_text, budget_text,"
                  " funding_source FROM plan_task WHERE plan_id = ? ORDER BY position",
                  PLAN_TASK_HEADERS, 8);
}

char *plan_export_indicators_csv(store_conn *c, int64_t plan_id)
{
    return export(c, plan_id,
                  "SELECT number, name, lead_text, coordinating_text FROM plan_indicator WHERE plan_id = ? ORDER BY position",
                  PLAN_INDICATOR_HEADERS, 4);
}

void *plan_csv_to_xlsx(const char *tmp_dir, const char *csv, const char *sheet, size_t *len)
{
    arena a;
    arena_init(&a, 0);
    csv_reader r;
    csv_reader_init(&r, csv, strlen(csv));
    char *header[8];
    int columns = csv_read_record(&r, &a, header, 8);
    const char **cells = arena_alloc(&a, sizeof(char *) * 8 * 501);
    int rows = 0;
    char *fields[8];
    while (cells && columns > 0 && rows < 500 && csv_read_record(&r, &a, fields, 8) == columns) {
        for (int i = 0; i < columns; i++)
            cells[rows * columns + i] = fields[i];
        rows++;
    }
    void *bytes = NULL;
    if (cells && columns > 0) {
        sheet_column cols[8];
        for (int i = 0; i < columns; i++)
            cols[i] = (sheet_column){header[i], i == 1 || i == 2 ? 40 : 18};
        bytes = sheet_xlsx(tmp_dir, sheet, "KẾ HOẠCH CHUYỂN ĐỔI SỐ", sheet, cols, columns, cells, rows, len);
    }
    arena_free(&a);
    return bytes;
}
