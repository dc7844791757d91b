/* Statutory holidays, see holidays.h for the law. */
#include "core/holidays.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil_date.h"
#include "core/lunar.h"

typedef struct {
    holiday_day days[HOLIDAYS_MAX_PER_YEAR];
    size_t count;
} day_list;

static void add_day(day_list *list, int32_t day, holiday_occasion occasion, holiday_kind kind,
                    const char *label)
{
    if (list->count < HOLIDAYS_MAX_PER_YEAR)
        list->days[list->count++] = (holiday_day){day, occasion, kind, label};
}

static int32_t solar(int year, int month, int day)
{
    return civil_day_number((civil_date){year, month, day});
}

/* Tết: the last day of the old lunar year and mùng 1..4 of the new one. */
static void add_tet(day_list *list, int year)
{
    int32_t new_year = lunar_new_year_day(year, LUNAR_TZ_VIETNAM);
    static const char *const labels[] = {"Ngày cuối năm Âm lịch", "Mùng 1 Tết", "Mùng 2 Tết",
                                         "Mùng 3 Tết", "Mùng 4 Tết"};
    for (int i = 0; i < 5; i++)
        add_day(list, new_year - 1 + i, OCCASION_TET, HOLIDAY_STATUTORY, labels[i]);
}

/* The second day of Quốc khánh: the statute lets the government take 1/9 or
 * 3/9. The default takes the weekday that joins 2/9 to a weekend (Tuesday ->
 * 1/9, Thursday -> 3/9), and otherwise the weekday neighbour, 1/9 when both
 * are weekdays; this matches the announced choices of 2021-2026. */
static int national_day_neighbour(int year)
{
    switch (civil_weekday(solar(year, 9, 2))) {
    case 1: /* Monday: 1/9 is a Sunday */
    case 4: /* Thursday: 3/9 is a Friday */
    case 7: /* Sunday: 1/9 is a Saturday */
        return 3;
    default:
        return 1;
    }
}

static bool is_listed(const day_list *list, int32_t day)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->days[i].day == day)
            return true;
    return false;
}

/* Điều 111 khoản 3: each holiday on a weekend is made up on the next day
 * that is neither a weekend nor a holiday nor already a make-up day. */
static void add_compensation(day_list *list)
{
    size_t statutory = list->count;
    for (size_t i = 0; i < statutory; i++) {
        if (!civil_is_weekend(list->days[i].day))
            continue;
        int32_t day = list->days[i].day + 1;
        while (civil_is_weekend(day) || is_listed(list, day))
            day++;
        add_day(list, day, list->days[i].occasion, HOLIDAY_COMPENSATION, list->days[i].label);
    }
}

static int by_day(const void *a, const void *b)
{
    int32_t x = ((const holiday_day *)a)->day, y = ((const holiday_day *)b)->day;
    return (x > y) - (x < y);
}

size_t holidays_statutory(int year, holiday_day out[HOLIDAYS_MAX_PER_YEAR])
{
    day_list list = {.count = 0};
    add_day(&list, solar(year, 1, 1), OCCASION_NEW_YEAR, HOLIDAY_STATUTORY, "Tết Dương lịch 1/1");
    add_tet(&list, year);
    add_day(&list, lunar_to_day((lunar_date){year, 3, 10, false}, LUNAR_TZ_VIETNAM),
            OCCASION_HUNG_KINGS, HOLIDAY_STATUTORY, "Giỗ Tổ Hùng Vương 10/3 âm lịch");
    add_day(&list, solar(year, 4, 30), OCCASION_REUNIFICATION_LABOUR, HOLIDAY_STATUTORY,
            "Ngày Chiến thắng 30/4");
    add_day(&list, solar(year, 5, 1), OCCASION_REUNIFICATION_LABOUR, HOLIDAY_STATUTORY,
            "Ngày Quốc tế Lao động 1/5");
    int neighbour = national_day_neighbour(year);
    if (neighbour == 1)
        add_day(&list, solar(year, 9, 1), OCCASION_NATIONAL_DAY, HOLIDAY_STATUTORY,
                "Quốc khánh (ngày liền trước 2/9)");
    add_day(&list, solar(year, 9, 2), OCCASION_NATIONAL_DAY, HOLIDAY_STATUTORY,
            "Quốc khánh 2/9");
    if (neighbour == 3)
        add_day(&list, solar(year, 9, 3), OCCASION_NATIONAL_DAY, HOLIDAY_STATUTORY,
                "Quốc khánh (ngày liền sau 2/9)");
    add_compensation(&list);
    qsort(list.days, list.count, sizeof list.days[0], by_day);
    memcpy(out, list.days, list.count * sizeof list.days[0]);
    return list.count;
}

static const char *const OCCASION_CODES[OCCASION_COUNT] = {
    "new_year", "tet", "hung_kings", "reunification_labour", "national_day", "extra",
};
static const char *const OCCASION_TITLES[OCCASION_COUNT] = {
    "Tết Dương lịch",
    "Tết Nguyên đán",
    "Giỗ Tổ Hùng Vương",
    "Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5",
    "Quốc khánh 2/9",
    "Ngày nghỉ khác",
};

const char *holiday_occasion_code(holiday_occasion occasion)
{
    return (unsigned)occasion < OCCASION_COUNT ? OCCASION_CODES[occasion] : "";
}

const char *holiday_occasion_title(holiday_occasion occasion)
{
    return (unsigned)occasion < OCCASION_COUNT ? OCCASION_TITLES[occasion] : "";
}

holiday_occasion holiday_occasion_from_code(const char *code)
{
    for (int i = 0; code && i < OCCASION_COUNT; i++)
        if (strcmp(code, OCCASION_CODES[i]) == 0)
            return (holiday_occasion)i;
    return OCCASION_COUNT;
}

const char *holiday_kind_code(holiday_kind kind)
{
    static const char *const codes[] = {"holiday", "compensation", "decided_off", "decided_work"};
    return (unsigned)kind < 4 ? codes[kind] : "";
}

const char *holiday_kind_title(holiday_kind kind)
{
    static const char *const titles[] = {"Nghỉ lễ, Tết", "Nghỉ bù", "Nghỉ theo quyết định",
                                         "Làm bù theo quyết định"};
    return (unsigned)kind < 4 ? titles[kind] : "";
}
