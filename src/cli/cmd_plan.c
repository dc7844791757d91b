/* xaso import plan and xaso export plan: a plan's CSV files in and out
 * without a browser. Unit names that match no unit are listed; the operator
 * says what they mean in a JSON file ({"typed text": ["agency code" or
 * "external", ...]}) and imports again. Changes are audited as "cli". */
#include "cli/commands.h"

#include "core/timefmt.h"
#include "org/calendar.h"
#include "plan/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size >= 0 && size < (8L << 20) && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1))) {
        if (fread(text, 1, (size_t)size, f) != (size_t)size) {
            free(text);
            text = NULL;
        } else {
            text[size] = '\0';
            *len = (size_t)size;
        }
    }
    fclose(f);
    return text;
}

static void print_report(json_t *report)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(report, "problems"), i, p)
        fprintf(stderr, "  %s dòng %lld, %s: %s\n", json_string_value(json_object_get(p, "file")),
                (long long)json_integer_value(json_object_get(p, "line")), json_string_value(json_object_get(p, "field")),
                json_string_value(json_object_get(p, "message")));
    json_array_foreach(json_object_get(report, "unmatched"), i, p) {
        char *suggestions = json_dumps(json_object_get(p, "suggestions"), JSON_COMPACT);
        fprintf(stderr, "  chưa khớp đơn vị: \"%s\" (gợi ý %s)\n", json_string_value(json_object_get(p, "text")),
                suggestions ? suggestions : "[]");
        free(suggestions);
    }
}

int cmd_import_plan(const cli_config *cfg)
{
    if (!cfg->arg2) {
        fprintf(stderr, "xaso: cách dùng / usage: xaso import plan NHIỆM_VỤ.csv [--indicators CHỈ_TIÊU.csv] "
                        "[--units XÁC_NHẬN.json] [--title TÊN] [--document-no SỐ] [--document-date YYYY-MM-DD]\n");
        return 2;
    }
    size_t tasks_len = 0, indicators_len = 0;
    char *tasks = read_file(cfg->arg2, &tasks_len);
    char *indicators = cfg->indicators ? read_file(cfg->indicators, &indicators_len) : NULL;
    json_error_t jerr;
    json_t *units = cfg->units_map ? json_load_file(cfg->units_map, 0, &jerr) : NULL;
    if (!tasks || (cfg->indicators && !indicators) || (cfg->units_map && !json_is_object(units))) {
        fprintf(stderr, "xaso: không đọc được tệp / cannot read %s\n",
                !tasks ? cfg->arg2 : cfg->indicators && !indicators ? cfg->indicators : cfg->units_map);
        free(tasks);
        free(indicators);
        json_decref(units);
        return 1;
    }
    store *s = cli_open_existing(cfg);
    int rc = 1;
    /* --unit: whose plan it is (default: the first top-level unit). */
    int64_t unit_id = s && cfg->unit ? org_calendar_unit(store_reader(s), cfg->unit) : 0;
    if (s && cfg->unit && unit_id <= 0) {
        fprintf(stderr, "xaso: không có đơn vị %s / no such unit\n", cfg->unit);
        store_close(s);
        s = NULL;
        rc = 2;
    }
    if (s) {
        plan_import_input in = {.title = cfg->title, .document_no = cfg->document_no, .unit_id = unit_id,
                                .document_date = cfg->document_date, .tasks_csv = tasks, .indicators_csv = indicators,
                                .tasks_len = tasks_len, .indicators_len = indicators_len, .units = units,
                                .actor = "cli", .now = timefmt_now_ms()};
        json_t *report = NULL;
        org_error e;
        if (plan_import(s, &in, &report, &e) == 0) {
            printf("Đã nhập kế hoạch %lld: %lld nhiệm vụ, %lld chỉ tiêu.\n",
                   (long long)json_integer_value(json_object_get(report, "plan_id")),
                   (long long)json_integer_value(json_object_get(report, "tasks")),
                   (long long)json_integer_value(json_object_get(report, "indicators")));
            rc = 0;
        } else {
            fprintf(stderr, "xaso: %s\n", e.message);
            print_report(report);
            rc = 3;
        }
        json_decref(report);
        store_close(s);
    }
    free(tasks);
    free(indicators);
    json_decref(units);
    return rc;
}

int cmd_export_plan(const cli_config *cfg)
{
    long long id = cfg->arg2 ? atoll(cfg->arg2) : 0;
    if (id <= 0) {
        fprintf(stderr, "xaso: cách dùng / usage: xaso export plan MÃ [--kind indicators]\n");
        return 2;
    }
    store *s = cli_open_existing(cfg);
    if (!s)
        return 1;
    store_conn *c = store_reader(s);
    bool indicators = cfg->kind && strcmp(cfg->kind, "indicators") == 0;
    char *csv = c ? (indicators ? plan_export_indicators_csv(c, id) : plan_export_tasks_csv(c, id)) : NULL;
    int rc = csv && fputs(csv, stdout) >= 0 ? 0 : 1;
    free(csv);
    store_close(s);
    return rc;
}
