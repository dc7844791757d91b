/* xaso import procedures FILE and xaso export procedures: moving the
 * procedure catalog in and out without a browser. Changes are audited with
 * actor "cli". */
#include "cli/commands.h"

#include "catalog/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool about_procedures(const cli_config *cfg, const char *usage)
{
    if (cfg->arg && strcmp(cfg->arg, "procedures") == 0)
        return true;
    fprintf(stderr, "xaso: cách dùng / usage: %s\n", usage);
    return false;
}

static void print_problems(json_t *problems)
{
    size_t i;
    json_t *p;
    json_array_foreach(problems, i, p) {
        const char *code = json_string_value(json_object_get(p, "code"));
        const char *field = json_string_value(json_object_get(p, "field"));
        fprintf(stderr, "  dòng/mục %lld%s%s: %s%s%s\n",
                (long long)json_integer_value(json_object_get(p, "row")), code ? " " : "",
                code ? code : "", field ? field : "", field ? " — " : "",
                json_string_value(json_object_get(p, "message")));
    }
}

int cmd_import(const cli_config *cfg)
{
    if (cfg->arg && strcmp(cfg->arg, "plan") == 0)
        return cmd_import_plan(cfg);
    if (!about_procedures(cfg, "xaso import procedures TỆP [--replace]") || !cfg->arg2) {
        if (cfg->arg && !cfg->arg2)
            fprintf(stderr, "xaso: thiếu tên tệp / missing file\n");
        return 2;
    }
    store *s = cli_open_existing(cfg);
    if (!s)
        return 1;
    catalog_import_report r;
    char err[300];
    int rc = catalog_import_file(s, cfg->arg2, "cli", cfg->replace, &r, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "xaso: %s\n", err);
    } else {
        printf("Đã nhập %d thủ tục mới, thay %d, bỏ qua %d đã có, từ chối %d; %d thủ tục cần rà soát "
               "trước khi nhận hồ sơ.\n",
               r.created, r.replaced, r.skipped, r.refused, r.pending_review);
        print_problems(r.problems);
    }
    json_decref(r.problems);
    store_close(s);
    return rc != 0 ? 1 : r.refused > 0 ? 3 : 0;
}

int cmd_export(const cli_config *cfg)
{
    if (cfg->arg && strcmp(cfg->arg, "plan") == 0)
        return cmd_export_plan(cfg);
    if (!about_procedures(cfg, "xaso export procedures [--csv]"))
        return 2;
    store *s = cli_open_existing(cfg);
    if (!s)
        return 1;
    store_conn *c = store_reader(s);
    int rc = 1;
    if (cfg->csv) {
        char *csv = c ? catalog_export_csv(c) : NULL;
        if (csv && fputs(csv, stdout) >= 0)
            rc = 0;
        free(csv);
    } else {
        json_t *all = c ? catalog_export(c) : NULL;
        json_t *doc = all ? json_pack("{s:o}", "procedures", all) : NULL;
        if (doc && json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) == 0) {
            putchar('\n');
            rc = 0;
        }
        json_decref(doc);
    }
    if (rc != 0)
        fprintf(stderr, "xaso: không đọc được danh mục / cannot read the catalog\n");
    store_close(s);
    return rc;
}
