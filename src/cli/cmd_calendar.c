/* xaso calendar: the year's days off with their reasons, as a table for a
 * person or as the API's JSON. */
#include "cli/commands.h"

#include "core/arena.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "org/calendar.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int current_year(void)
{
    time_t now = (time_t)(timefmt_now_ms() / 1000) + 7 * 3600; /* Vietnam's date */
    struct tm tm;
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
}

/* Prints s padded with spaces to `width` characters (not bytes). */
static void print_cell(const char *s, size_t width)
{
    size_t n = utf8_chars(s);
    fputs(s, stdout);
    for (; n < width; n++)
        putchar(' ');
    putchar(' ');
}

static const char *text_of(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static void print_table(json_t *year, const char *unit)
{
    json_t *hours = json_object_get(year, "office_hours");
    printf("Lịch làm việc năm %lld — %s\n", (long long)json_integer_value(json_object_get(year, "year")),
           unit ? unit : "toàn hệ thống");
    printf("Giờ làm việc: %s–%s, %s–%s; hồ sơ nhận sau %s tính từ ngày làm việc tiếp theo (%s)\n",
           text_of(hours, "morning_open"), text_of(hours, "morning_close"),
           text_of(hours, "afternoon_open"), text_of(hours, "afternoon_close"),
           text_of(hours, "cutoff"),
           strcmp(text_of(hours, "source"), "default") == 0 ? "mặc định" : "đã cấu hình");
    printf("Số ngày làm việc: %lld\n\n",
           (long long)json_integer_value(json_object_get(year, "working_days")));
    print_cell("Ngày", 10);
    print_cell("Thứ", 8);
    print_cell("Loại", 22);
    print_cell("Dịp", 44);
    printf("Nguồn\n");
    size_t i;
    json_t *day;
    json_array_foreach(json_object_get(year, "days"), i, day) {
        char date[16];
        const char *iso = text_of(day, "date");
        snprintf(date, sizeof date, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
        print_cell(date, 10);
        print_cell(text_of(day, "weekday"), 8);
        print_cell(text_of(day, "kind_title"), 22);
        print_cell(strcmp(text_of(day, "source"), "statute") == 0 ? text_of(day, "label")
                                                                  : text_of(day, "occasion_title"),
                   44);
        printf("%s\n", strcmp(text_of(day, "source"), "statute") == 0
                           ? "Bộ luật Lao động 2019, Điều 111–112 (mặc định)"
                           : text_of(day, "reference"));
    }
}

int cmd_calendar(const cli_config *cfg)
{
    int year = cfg->year ? (int)cfg->year : current_year();
    if (year < 1901) {
        fprintf(stderr, "xaso: --year phải từ 1901 đến 2099 / must be 1901..2099\n");
        return 2;
    }
    store *s = cli_open_existing(cfg);
    if (!s)
        return 1;
    int rc = 1;
    arena a;
    arena_init(&a, 0);
    store_conn *c = store_reader(s);
    int64_t unit = cfg->unit && c ? org_calendar_unit(c, cfg->unit) : 0;
    json_t *listing = NULL;
    if (unit < 0 || !c)
        fprintf(stderr, "xaso: không đọc được cơ sở dữ liệu / cannot read the database\n");
    else if (cfg->unit && unit == 0)
        fprintf(stderr, "xaso: không có đơn vị %s / no such unit\n", cfg->unit);
    else if (!(listing = org_calendar_year_json(c, &a, unit, year)))
        fprintf(stderr, "xaso: không đọc được cơ sở dữ liệu / cannot read the database\n");
    if (listing) {
        if (cfg->json) {
            char *text = json_dumps(listing, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            if (text)
                printf("%s\n", text);
            free(text);
        } else {
            print_table(listing, cfg->unit);
        }
        json_decref(listing);
        rc = 0;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}
