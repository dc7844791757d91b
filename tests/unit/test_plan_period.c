/* The quarter ranges of a plan, in every spelling the seed plan uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/civil_date.h"
#include "core/plan_period.h"

static void expect_period(const char *text, int first, int last, int year)
{
    plan_period p;
    if (!plan_period_parse(text, &p))
        fail_msg("not parsed: %s", text);
    assert_int_equal(p.first_quarter, first);
    assert_int_equal(p.last_quarter, last);
    assert_int_equal(p.year, year);
}

static void seed_spellings(void **state)
{
    (void)state;
    /* The nine spellings of ke-hoach-cds-2026-nhiem-vu.csv. */
    expect_period("Quý I – Quý III/ 2026", 1, 3, 2026);
    expect_period("Quý I – Quý II/ 2026", 1, 2, 2026);
    expect_period("Quý I - III/ 2026", 1, 3, 2026);
    expect_period("Quý III-III/2026", 3, 3, 2026);
    expect_period("Quý II/2026", 2, 2, 2026);
    expect_period("Quý I- IV/2026", 1, 4, 2026);
    expect_period("Quý I-IV/2026", 1, 4, 2026);
    expect_period("Quý I-III/2026", 1, 3, 2026);
    expect_period("Quý III- IV/2026", 3, 4, 2026);
}

static void other_spellings(void **state)
{
    (void)state;
    expect_period("quý iv/2026", 4, 4, 2026);
    expect_period("QUÝ II — QUÝ III 2027", 2, 3, 2027);
    expect_period("  Quý I  /  2026  ", 1, 1, 2026);
}

static void refusals(void **state)
{
    (void)state;
    plan_period p;
    const char *bad[] = {"", "2026", "Quý V/2026", "Quý IIII/2026", "Quý III-I/2026", "Quý I/26", "Quý I/1999",
                         "Quý I/2026 xong", "Quý I-/2026", "Quý I – Quý II – Quý III/2026", "Tháng 3/2026", "Quý IX/2026"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (plan_period_parse(bad[i], &p))
            fail_msg("accepted: %s", bad[i]);
    assert_false(plan_period_parse(NULL, &p));
}

static void days_and_text(void **state)
{
    (void)state;
    plan_period p = {2026, 1, 3};
    civil_date first = civil_from_day_number(plan_period_first_day(p));
    civil_date last = civil_from_day_number(plan_period_last_day(p));
    assert_int_equal(first.month, 1);
    assert_int_equal(first.day, 1);
    assert_int_equal(last.month, 9);
    assert_int_equal(last.day, 30);
    plan_period q4 = {2028, 4, 4};
    assert_int_equal(civil_from_day_number(plan_period_last_day(q4)).day, 31);
    char text[PLAN_PERIOD_TEXT_MAX];
    plan_period_format(p, text);
    assert_string_equal(text, "Quý I – Quý III/2026");
    plan_period_format(q4, text);
    assert_string_equal(text, "Quý IV/2028");
    plan_period back;
    assert_true(plan_period_parse("Quý I – Quý III/2026", &back));
    assert_memory_equal(&back, &p, sizeof p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed_spellings),
        cmocka_unit_test(other_spellings),
        cmocka_unit_test(refusals),
        cmocka_unit_test(days_and_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
