/* ISO weeks and the due times of weekly and monthly reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/civil_date.h"
#include "core/report_period.h"

static int32_t day(int y, int m, int d) { return civil_day_number((civil_date){y, m, d}); }

static void iso_weeks(void **state)
{
    (void)state;
    const struct {
        int y, m, d, wy, w;
    } cases[] = {
        {2026, 11, 23, 2026, 48}, {2026, 1, 1, 2026, 1},  /* a Thursday: week 1 */
        {2021, 1, 3, 2020, 53},   {2024, 12, 30, 2025, 1}, /* the year of the Thursday */
        {2026, 12, 31, 2026, 53}, {2027, 1, 3, 2026, 53},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int y, w;
        iso_week_of(day(cases[i].y, cases[i].m, cases[i].d), &y, &w);
        if (y != cases[i].wy || w != cases[i].w)
            fail_msg("%d-%02d-%02d: %d-W%02d", cases[i].y, cases[i].m, cases[i].d, y, w);
    }
}

static void slots(void **state)
{
    (void)state;
    report_slot w = report_week(day(2026, 11, 25), 5, 8 * 60);
    assert_string_equal(w.label, "2026-W48");
    assert_int_equal(w.first_day, day(2026, 11, 23));
    assert_int_equal(w.due_day, day(2026, 11, 27)); /* Friday */
    assert_int_equal(w.due_minute, 480);
    report_slot m = report_month(2026, 2, 15, 8 * 60);
    assert_string_equal(m.label, "2026-02");
    assert_int_equal(m.last_day, day(2026, 2, 28));
    assert_int_equal(m.due_day, day(2026, 2, 15));
    report_slot back;
    assert_true(report_slot_parse("2026-W48", true, 5, 15, 480, &back));
    assert_int_equal(back.first_day, w.first_day);
    assert_true(report_slot_parse("2026-W53", true, 5, 15, 480, &back));
    assert_false(report_slot_parse("2025-W53", true, 5, 15, 480, &back)); /* 2025 has 52 weeks */
    assert_false(report_slot_parse("2026-W00", true, 5, 15, 480, &back));
    assert_false(report_slot_parse("2026-11", true, 5, 15, 480, &back));
    assert_true(report_slot_parse("2026-11", false, 5, 15, 480, &back));
    assert_false(report_slot_parse("2026-13", false, 5, 15, 480, &back));
    assert_false(report_slot_parse("2026-1", false, 5, 15, 480, &back));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iso_weeks),
        cmocka_unit_test(slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
