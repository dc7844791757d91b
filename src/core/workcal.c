/* See workcal.h. */
#include "core/workcal.h"

#include <stdlib.h>
#include <string.h>

#include "core/civil_date.h"

static int32_t year_start(int year)
{
    return civil_day_number((civil_date){year, 1, 1});
}

/* The decision that replaces the statute for (year, occasion), if any. */
static const workcal_decision *find_decision(const workcal_decision *decisions, size_t count,
                                             int year, holiday_occasion occasion)
{
    const workcal_decision *found = NULL;
    for (size_t i = 0; i < count; i++)
        if (decisions[i].year == year && decisions[i].occasion == occasion)
            found = &decisions[i];
    return found;
}

typedef struct {
    workcal_entry *items;
    size_t count, capacity;
} entry_list;

static void push_entry(entry_list *list, const workcal *cal, holiday_day day,
                       const char *reference)
{
    if (!workcal_covers(cal, day.day) || list->count == list->capacity)
        return;
    list->items[list->count++] = (workcal_entry){day, reference};
}

static void push_decision(entry_list *list, const workcal *cal, const workcal_decision *d)
{
    const char *label = holiday_occasion_title(d->occasion);
    for (size_t i = 0; i < d->days_off_count; i++)
        push_entry(list, cal,
                   (holiday_day){d->days_off[i], d->occasion, HOLIDAY_DECIDED_OFF, label},
                   d->reference);
    for (size_t i = 0; i < d->days_worked_count; i++)
        push_entry(list, cal,
                   (holiday_day){d->days_worked[i], d->occasion, HOLIDAY_DECIDED_WORK, label},
                   d->reference);
}

/* One year's entries: the statute, each occasion replaced by its decision. */
static void collect_year(entry_list *list, const workcal *cal, int year,
                         const workcal_decision *decisions, size_t decision_count)
{
    holiday_day statutory[HOLIDAYS_MAX_PER_YEAR];
    size_t n = holidays_statutory(year, statutory);
    for (size_t i = 0; i < n; i++)
        if (!find_decision(decisions, decision_count, year, statutory[i].occasion))
            push_entry(list, cal, statutory[i], NULL);
    for (int occasion = 0; occasion < OCCASION_COUNT; occasion++) {
        const workcal_decision *d =
            find_decision(decisions, decision_count, year, (holiday_occasion)occasion);
        if (d)
            push_decision(list, cal, d);
    }
}

static int by_day(const void *a, const void *b)
{
    int32_t x = ((const workcal_entry *)a)->holiday.day;
    int32_t y = ((const workcal_entry *)b)->holiday.day;
    return (x > y) - (x < y);
}

static size_t entry_capacity(int years, const workcal_decision *decisions, size_t count)
{
    size_t capacity = (size_t)(years + 2) * HOLIDAYS_MAX_PER_YEAR;
    for (size_t i = 0; i < count; i++)
        capacity += decisions[i].days_off_count + decisions[i].days_worked_count;
    return capacity;
}

static void mark_working_days(workcal *cal)
{
    for (int32_t i = 0; i < cal->day_count; i++)
        cal->working[i] = !civil_is_weekend(cal->first_day + i);
    /* Swapped working days first, so that a day also listed as off stays off. */
    for (size_t i = 0; i < cal->entry_count; i++) {
        const holiday_day *h = &cal->entries[i].holiday;
        if (h->kind == HOLIDAY_DECIDED_WORK)
            cal->working[h->day - cal->first_day] = 1;
    }
    for (size_t i = 0; i < cal->entry_count; i++) {
        const holiday_day *h = &cal->entries[i].holiday;
        if (h->kind != HOLIDAY_DECIDED_WORK)
            cal->working[h->day - cal->first_day] = 0;
    }
}

bool workcal_build(workcal *cal, arena *a, int first_year, int last_year,
                   const workcal_decision *decisions, size_t decision_count)
{
    memset(cal, 0, sizeof *cal);
    if (first_year < 1901 || last_year > 2099 || last_year < first_year ||
        last_year - first_year >= WORKCAL_MAX_YEARS)
        return false;
    cal->first_year = first_year;
    cal->last_year = last_year;
    cal->first_day = year_start(first_year);
    cal->day_count = year_start(last_year + 1) - cal->first_day;
    cal->working = arena_alloc(a, (size_t)cal->day_count);
    entry_list list = {.capacity = entry_capacity(last_year - first_year + 1, decisions,
                                                  decision_count)};
    list.items = arena_calloc(a, list.capacity, sizeof *list.items);
    if (!cal->working || !list.items)
        return false;
    /* A decision may reach into the neighbouring year (a New Year bridge
     * that starts on 31/12), so the years around the span are read too. */
    for (int year = first_year - 1; year <= last_year + 1; year++)
        collect_year(&list, cal, year, decisions, decision_count);
    qsort(list.items, list.count, sizeof *list.items, by_day);
    cal->entries = list.items;
    cal->entry_count = list.count;
    mark_working_days(cal);
    return true;
}

bool workcal_covers(const workcal *cal, int32_t day)
{
    return day >= cal->first_day && day < cal->first_day + cal->day_count;
}

bool workcal_is_working_day(const workcal *cal, int32_t day)
{
    return workcal_covers(cal, day) && cal->working[day - cal->first_day];
}

size_t workcal_entries_in_year(const workcal *cal, int year, size_t *first)
{
    int32_t from = year_start(year), to = year_start(year + 1);
    size_t i = 0;
    while (i < cal->entry_count && cal->entries[i].holiday.day < from)
        i++;
    *first = i;
    size_t n = 0;
    while (i + n < cal->entry_count && cal->entries[i + n].holiday.day < to)
        n++;
    return n;
}

static bool contains(const int32_t *days, size_t count, int32_t day, size_t before)
{
    for (size_t i = 0; i < count && i < before; i++)
        if (days[i] == day)
            return true;
    return false;
}

static bool near_year(int32_t day, int year)
{
    return day >= year_start(year) - 31 && day < year_start(year + 1) + 31;
}

const char *workcal_decision_problem(const workcal_decision *d)
{
    if (d->year < 1901 || d->year > 2099)
        return "Năm phải trong khoảng 1901–2099";
    if ((unsigned)d->occasion >= OCCASION_COUNT)
        return "Dịp nghỉ không hợp lệ";
    if (d->days_off_count == 0)
        return "Quyết định phải có ít nhất một ngày nghỉ";
    if (d->days_off_count + d->days_worked_count > WORKCAL_MAX_DECISION_DAYS)
        return "Một quyết định có tối đa 31 ngày";
    for (size_t i = 0; i < d->days_off_count; i++) {
        if (!near_year(d->days_off[i], d->year))
            return "Ngày nghỉ phải thuộc năm của quyết định (hoặc sát năm đó)";
        if (contains(d->days_off, d->days_off_count, d->days_off[i], i))
            return "Một ngày nghỉ bị nhập hai lần";
    }
    for (size_t i = 0; i < d->days_worked_count; i++) {
        int32_t day = d->days_worked[i];
        if (!near_year(day, d->year))
            return "Ngày làm bù phải thuộc năm của quyết định (hoặc sát năm đó)";
        if (!civil_is_weekend(day))
            return "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật";
        if (contains(d->days_worked, d->days_worked_count, day, i) ||
            contains(d->days_off, d->days_off_count, day, d->days_off_count))
            return "Một ngày vừa là ngày nghỉ vừa là ngày làm bù, hoặc bị nhập hai lần";
    }
    return NULL;
}
