/* Statutory holidays (BLLĐ 2019 Điều 111-112) and the working calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/civil_date.h"
#include "core/holidays.h"
#include "core/workcal.h"

static int32_t day_of(int y, int m, int d)
{
    return civil_day_number((civil_date){y, m, d});
}

/* Expected days as "d/m" plus '*' for a make-up day (nghỉ bù). */
static void expect_year(int year, const char *const *expected, size_t count)
{
    holiday_day days[HOLIDAYS_MAX_PER_YEAR];
    size_t n = holidays_statutory(year, days);
    if (n != count)
        fail_msg("%d: expected %zu days off, got %zu", year, count, n);
    for (size_t i = 0; i < n; i++) {
        civil_date c = civil_from_day_number(days[i].day);
        char text[16];
        snprintf(text, sizeof text, "%d/%d%s", c.day, c.month,
                 days[i].kind == HOLIDAY_COMPENSATION ? "*" : "");
        if (strcmp(text, expected[i]) != 0)
            fail_msg("%d day %zu: expected %s, got %s", year, i, expected[i], text);
        assert_int_equal(c.year, year);
    }
}

#define EXPECT_YEAR(year, ...)                                                   \
    do {                                                                         \
        static const char *const days_[] = {__VA_ARGS__};                        \
        expect_year(year, days_, sizeof days_ / sizeof days_[0]);                \
    } while (0)

/* 2024-2030 by the statute alone. Tết is the last day of the lunar year and
 * mùng 1-4; a day on a weekend is made up on the next free weekday. */
static void statutory_2024_to_2030(void **state)
{
    (void)state;
    /* Tết 10/2 (Sat): 9/2-13/2, make-up 14/2 and 15/2 for Sat and Sun.
     * 2/9 Monday: the neighbour is 3/9. */
    EXPECT_YEAR(2024, "1/1", "9/2", "10/2", "11/2", "12/2", "13/2", "14/2*", "15/2*", "18/4",
                "30/4", "1/5", "2/9", "3/9");
    /* Tết 29/1: mùng 4 on Saturday 1/2, made up Monday 3/2. 2/9 Tuesday: 1/9. */
    EXPECT_YEAR(2025, "1/1", "28/1", "29/1", "30/1", "31/1", "1/2", "3/2*", "7/4", "30/4",
                "1/5", "1/9", "2/9");
    /* Giỗ Tổ on Sunday 26/4, made up Monday 27/4. 2/9 Wednesday: 1/9. */
    EXPECT_YEAR(2026, "1/1", "16/2", "17/2", "18/2", "19/2", "20/2", "26/4", "27/4*", "30/4",
                "1/5", "1/9", "2/9");
    /* 1/5 on Saturday, made up Monday 3/5. 2/9 Thursday: 3/9. */
    EXPECT_YEAR(2027, "1/1", "5/2", "6/2", "7/2", "8/2", "9/2", "10/2*", "11/2*", "16/4",
                "30/4", "1/5", "3/5*", "2/9", "3/9");
    /* 1/1 Saturday -> 3/1. 30/4 Sunday, 1/5 Monday -> make-up Tuesday 2/5.
     * 2/9 Saturday: 1/9 Friday, make-up Monday 4/9. */
    EXPECT_YEAR(2028, "1/1", "3/1*", "25/1", "26/1", "27/1", "28/1", "29/1", "31/1*", "4/4",
                "30/4", "1/5", "2/5*", "1/9", "2/9", "4/9*");
    /* 2/9 Sunday: 3/9 Monday, make-up Tuesday 4/9. */
    EXPECT_YEAR(2029, "1/1", "12/2", "13/2", "14/2", "15/2", "16/2", "23/4", "30/4", "1/5",
                "2/9", "3/9", "4/9*");
    /* Tết 2/2 (Sat). */
    EXPECT_YEAR(2030, "1/1", "1/2", "2/2", "3/2", "4/2", "5/2", "6/2*", "7/2*", "12/4",
                "30/4", "1/5", "2/9", "3/9");
}

static void every_year_has_eleven_statutory_days(void **state)
{
    (void)state;
    for (int year = 1901; year <= 2099; year++) {
        holiday_day days[HOLIDAYS_MAX_PER_YEAR];
        size_t n = holidays_statutory(year, days);
        size_t statutory = 0;
        for (size_t i = 0; i < n; i++)
            statutory += days[i].kind == HOLIDAY_STATUTORY;
        /* 1 + 5 + 1 + 1 + 1 + 2, unless Giỗ Tổ meets 30/4 or 1/5. */
        assert_true(statutory == 11);
        for (size_t i = 0; i + 1 < n; i++)
            assert_true(days[i].day <= days[i + 1].day);
    }
}

static void occasion_codes(void **state)
{
    (void)state;
    for (int i = 0; i < OCCASION_COUNT; i++)
        assert_int_equal(holiday_occasion_from_code(holiday_occasion_code(i)), i);
    assert_int_equal(holiday_occasion_from_code("christmas"), OCCASION_COUNT);
    assert_int_equal(holiday_occasion_from_code(NULL), OCCASION_COUNT);
}

/* The decisions announced for 2025 and 2026. */
static const int32_t *days_between(int32_t *buffer, int32_t from, int32_t to, size_t *count)
{
    *count = 0;
    for (int32_t d = from; d <= to; d++)
        buffer[(*count)++] = d;
    return buffer;
}

static void decisions_replace_the_statute(void **state)
{
    (void)state;
    int32_t tet25[16], tet26[16], national26[8];
    int32_t worked26[] = {day_of(2026, 8, 22)};
    workcal_decision decisions[3] = {
        {.year = 2025, .occasion = OCCASION_TET, .reference = "TB 2025"},
        {.year = 2026, .occasion = OCCASION_TET, .reference = "TB 2026"},
        {.year = 2026, .occasion = OCCASION_NATIONAL_DAY, .reference = "QK 2026",
         .days_worked = worked26, .days_worked_count = 1},
    };
    decisions[0].days_off = days_between(tet25, day_of(2025, 1, 25), day_of(2025, 2, 2),
                                         &decisions[0].days_off_count);
    decisions[1].days_off = days_between(tet26, day_of(2026, 2, 14), day_of(2026, 2, 22),
                                         &decisions[1].days_off_count);
    decisions[2].days_off = days_between(national26, day_of(2026, 8, 29), day_of(2026, 9, 2),
                                         &decisions[2].days_off_count);
    for (int i = 0; i < 3; i++)
        assert_null(workcal_decision_problem(&decisions[i]));

    arena a;
    arena_init(&a, 0);
    workcal cal;
    assert_true(workcal_build(&cal, &a, 2025, 2026, decisions, 3));
    /* Tết 2025: 27/1 is a Monday off by decision; 3/2, the statute's
     * make-up day, is a working day again. */
    assert_false(workcal_is_working_day(&cal, day_of(2025, 1, 27)));
    assert_true(workcal_is_working_day(&cal, day_of(2025, 2, 3)));
    assert_true(workcal_is_working_day(&cal, day_of(2025, 1, 24)));
    /* Quốc khánh 2026: Saturday 22/8 worked, Monday 31/8 off. */
    assert_true(workcal_is_working_day(&cal, day_of(2026, 8, 22)));
    assert_false(workcal_is_working_day(&cal, day_of(2026, 8, 31)));
    assert_true(workcal_is_working_day(&cal, day_of(2026, 9, 3)));
    /* Giỗ Tổ 2026 keeps the statute: 27/4 is its make-up day. */
    assert_false(workcal_is_working_day(&cal, day_of(2026, 4, 27)));

    size_t first, n = workcal_entries_in_year(&cal, 2026, &first);
    size_t from_decision = 0, worked = 0;
    for (size_t i = first; i < first + n; i++) {
        const workcal_entry *e = &cal.entries[i];
        from_decision += e->reference != NULL;
        worked += e->holiday.kind == HOLIDAY_DECIDED_WORK;
        assert_int_equal(civil_from_day_number(e->holiday.day).year, 2026);
    }
    assert_int_equal(from_decision, 9 + 5 + 1);
    assert_int_equal(worked, 1);
    /* 2026: 1/1, Tết 9, Giỗ Tổ 2, 30/4, 1/5, Quốc khánh 5 + 1 worked. */
    assert_int_equal(n, 1 + 9 + 2 + 2 + 6);
    arena_free(&a);
}

static void a_later_decision_wins(void **state)
{
    (void)state;
    int32_t deployment[] = {day_of(2027, 11, 20)};
    int32_t unit[] = {day_of(2027, 11, 24)};
    workcal_decision decisions[] = {
        {2027, OCCASION_EXTRA, "toàn hệ thống", deployment, 1, NULL, 0},
        {2027, OCCASION_EXTRA, "riêng xã", unit, 1, NULL, 0},
    };
    arena a;
    arena_init(&a, 0);
    workcal cal;
    assert_true(workcal_build(&cal, &a, 2027, 2027, decisions, 2));
    assert_true(workcal_is_working_day(&cal, day_of(2027, 11, 19)));
    assert_false(workcal_is_working_day(&cal, day_of(2027, 11, 24)));
    assert_false(workcal_is_working_day(&cal, day_of(2027, 11, 20))); /* a Saturday anyway */
    assert_false(workcal_build(&cal, &a, 2027, 2026, NULL, 0));
    assert_false(workcal_build(&cal, &a, 1850, 1851, NULL, 0));
    assert_false(workcal_build(&cal, &a, 2000, 2020, NULL, 0));
    arena_free(&a);
}

static void bad_decisions(void **state)
{
    (void)state;
    int32_t monday = day_of(2026, 8, 31), saturday = day_of(2026, 8, 22);
    int32_t far = day_of(2028, 1, 1);
    int32_t twice[] = {monday, monday};
    int32_t both[] = {saturday};
    workcal_decision d = {2026, OCCASION_NATIONAL_DAY, "x", NULL, 0, NULL, 0};
    assert_non_null(workcal_decision_problem(&d)); /* no day off */
    d.days_off = twice;
    d.days_off_count = 2;
    assert_non_null(workcal_decision_problem(&d));
    d.days_off_count = 1;
    assert_null(workcal_decision_problem(&d));
    d.days_worked = &monday; /* a weekday cannot be "worked in exchange" */
    d.days_worked_count = 1;
    assert_non_null(workcal_decision_problem(&d));
    d.days_off = both;
    d.days_worked = both;
    assert_non_null(workcal_decision_problem(&d));
    d.days_worked_count = 0;
    d.days_off = &far;
    assert_non_null(workcal_decision_problem(&d));
    d.days_off = &monday;
    d.year = 1800;
    assert_non_null(workcal_decision_problem(&d));
    d.year = 2026;
    d.occasion = OCCASION_COUNT;
    assert_non_null(workcal_decision_problem(&d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statutory_2024_to_2030),
        cmocka_unit_test(every_year_has_eleven_statutory_days),
        cmocka_unit_test(occasion_codes),
        cmocka_unit_test(decisions_replace_the_statute),
        cmocka_unit_test(a_later_decision_wins),
        cmocka_unit_test(bad_decisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
