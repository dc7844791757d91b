/* Working-time deadlines over the 2026 calendar as announced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/timefmt.h"

static int32_t day_of(int y, int m, int d)
{
    return civil_day_number((civil_date){y, m, d});
}

/* Local (UTC+7) wall-clock time. */
static int64_t at(int y, int m, int d, int hh, int mm)
{
    return deadline_instant(day_of(y, m, d), hh * 60 + mm);
}

typedef struct {
    arena a;
    workcal cal;
    deadline_clock clock;
    int32_t tet[9], national[5], worked[1];
    workcal_decision decisions[2];
} fixture;

static int setup(void **state)
{
    static fixture f;
    arena_init(&f.a, 0);
    for (int i = 0; i < 9; i++)
        f.tet[i] = day_of(2026, 2, 14) + i;
    for (int i = 0; i < 5; i++)
        f.national[i] = day_of(2026, 8, 29) + i;
    f.worked[0] = day_of(2026, 8, 22);
    f.decisions[0] = (workcal_decision){2026, OCCASION_TET, "Tết 2026", f.tet, 9, NULL, 0};
    f.decisions[1] =
        (workcal_decision){2026, OCCASION_NATIONAL_DAY, "QK 2026", f.national, 5, f.worked, 1};
    if (!workcal_build(&f.cal, &f.a, 2026, 2027, f.decisions, 2))
        return -1;
    f.clock = (deadline_clock){&f.cal, OFFICE_HOURS_DEFAULT};
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    arena_free(&((fixture *)*state)->a);
    return 0;
}

static void expect_instant(int64_t got, int64_t expected)
{
    if (got != expected) {
        char g[TIMEFMT_ISO_LEN], e[TIMEFMT_ISO_LEN];
        timefmt_iso_utc(got, g);
        timefmt_iso_utc(expected, e);
        fail_msg("expected %s, got %s (UTC)", e, g);
    }
}

static void expect_due(fixture *f, int64_t received, deadline_unit unit, int amount,
                       int64_t expected)
{
    int64_t due = 0;
    assert_true(deadline_due(&f->clock, received, unit, amount, &due));
    expect_instant(due, expected);
}

static void local_time_is_utc_plus_7(void **state)
{
    (void)state;
    int64_t utc;
    assert_true(timefmt_parse_iso_utc("2026-11-23T00:30:00Z", &utc));
    expect_instant(at(2026, 11, 23, 7, 30), utc);
    assert_int_equal(deadline_local_day(utc), day_of(2026, 11, 23));
    /* 23:30 local on the 22nd is 16:30 UTC, still the 22nd here. */
    assert_int_equal(deadline_local_day(at(2026, 11, 22, 23, 30)), day_of(2026, 11, 22));
    assert_int_equal(deadline_local_day(at(2026, 11, 23, 0, 0)), day_of(2026, 11, 23));
}

static void across_tet(void **state)
{
    fixture *f = *state;
    /* Friday 13/2 09:00 + 3 days: Tết runs 14/2-22/2, so Mon, Tue, Wed. */
    expect_due(f, at(2026, 2, 13, 9, 0), DEADLINE_WORKING_DAYS, 3, at(2026, 2, 25, 9, 0));
    /* 2027 has no decision: the statute keeps 5/2-9/2 and makes up 10-11/2. */
    expect_due(f, at(2027, 2, 4, 9, 0), DEADLINE_WORKING_DAYS, 1, at(2027, 2, 12, 9, 0));
}

static void across_30_4_and_1_5(void **state)
{
    fixture *f = *state;
    expect_due(f, at(2026, 4, 29, 10, 0), DEADLINE_WORKING_DAYS, 2, at(2026, 5, 5, 10, 0));
    /* Giỗ Tổ on Sunday 26/4 is made up on Monday 27/4. */
    expect_due(f, at(2026, 4, 24, 10, 0), DEADLINE_WORKING_DAYS, 1, at(2026, 4, 28, 10, 0));
}

static void across_2_9_and_a_worked_saturday(void **state)
{
    fixture *f = *state;
    /* Off 29/8-2/9, so Friday 28/8 + 1 day is Thursday 3/9. */
    expect_due(f, at(2026, 8, 28, 14, 0), DEADLINE_WORKING_DAYS, 1, at(2026, 9, 3, 14, 0));
    /* Saturday 22/8 is worked in exchange for Monday 31/8. */
    expect_due(f, at(2026, 8, 21, 10, 0), DEADLINE_WORKING_DAYS, 1, at(2026, 8, 22, 10, 0));
    expect_due(f, at(2026, 8, 22, 8, 0), DEADLINE_WORKING_HOURS, 4, at(2026, 8, 22, 13, 30));
}

static void after_the_cutoff(void **state)
{
    fixture *f = *state;
    /* Monday 23/11: at 15:30 the clock starts Tuesday 07:30. */
    expect_due(f, at(2026, 11, 23, 15, 30), DEADLINE_WORKING_DAYS, 1, at(2026, 11, 24, 17, 0));
    expect_due(f, at(2026, 11, 23, 15, 30), DEADLINE_SAME_DAY, 0, at(2026, 11, 24, 17, 0));
    expect_due(f, at(2026, 11, 23, 14, 59), DEADLINE_SAME_DAY, 0, at(2026, 11, 23, 17, 0));
    expect_due(f, at(2026, 11, 23, 15, 0), DEADLINE_WORKING_HOURS, 4, at(2026, 11, 24, 11, 30));
    /* Friday after the cut-off: Monday. */
    expect_due(f, at(2026, 11, 27, 16, 0), DEADLINE_WORKING_DAYS, 1, at(2026, 11, 30, 17, 0));
}

static void start_of_the_clock(void **state)
{
    fixture *f = *state;
    int64_t start;
    assert_true(deadline_start(&f->clock, at(2026, 11, 23, 6, 0), &start));
    expect_instant(start, at(2026, 11, 23, 7, 30));
    assert_true(deadline_start(&f->clock, at(2026, 11, 23, 12, 0), &start));
    expect_instant(start, at(2026, 11, 23, 13, 0));
    assert_true(deadline_start(&f->clock, at(2026, 11, 23, 10, 17), &start));
    expect_instant(start, at(2026, 11, 23, 10, 17));
    assert_true(deadline_start(&f->clock, at(2026, 11, 22, 10, 0), &start)); /* Sunday */
    expect_instant(start, at(2026, 11, 23, 7, 30));
    /* Working hours: 10:00 + 4 h is 1.5 h before lunch and 2.5 h after. */
    expect_due(f, at(2026, 11, 23, 10, 0), DEADLINE_WORKING_HOURS, 4, at(2026, 11, 23, 15, 30));
    /* A full day from the opening ends at the close, not the next morning. */
    expect_due(f, at(2026, 11, 23, 7, 0), DEADLINE_WORKING_DAYS, 1, at(2026, 11, 23, 17, 0));
}

static void a_pause_extends_the_deadline(void **state)
{
    fixture *f = *state;
    int64_t due = at(2026, 11, 25, 10, 0), paused, new_due;
    /* Waiting Mon 16:00 -> Tue 09:00 is 1 h + 1.5 h of working time. */
    assert_true(deadline_working_time_between(&f->clock, at(2026, 11, 23, 16, 0),
                                              at(2026, 11, 24, 9, 0), &paused));
    assert_int_equal(paused, 150 * 60 * 1000);
    assert_true(deadline_extend_for_pause(&f->clock, due, at(2026, 11, 23, 16, 0),
                                          at(2026, 11, 24, 9, 0), &new_due));
    expect_instant(new_due, at(2026, 11, 25, 14, 0));
    /* A pause over a weekend costs nothing of the weekend. */
    assert_true(deadline_extend_for_pause(&f->clock, due, at(2026, 11, 27, 17, 0),
                                          at(2026, 11, 30, 7, 30), &new_due));
    expect_instant(new_due, due);
}

static void how_late(void **state)
{
    fixture *f = *state;
    int64_t due = at(2026, 11, 25, 10, 0);
    int days;
    assert_true(deadline_working_days_late(&f->clock, due, at(2026, 11, 25, 9, 0), &days));
    assert_int_equal(days, 0);
    assert_true(deadline_working_days_late(&f->clock, due, at(2026, 11, 25, 16, 0), &days));
    assert_int_equal(days, 1);
    assert_true(deadline_working_days_late(&f->clock, due, at(2026, 11, 27, 10, 0), &days));
    assert_int_equal(days, 2);
    assert_true(deadline_working_days_late(&f->clock, due, at(2026, 11, 30, 10, 1), &days));
    assert_int_equal(days, 4);
}

static void outside_the_calendar(void **state)
{
    fixture *f = *state;
    int64_t due;
    assert_false(deadline_due(&f->clock, at(2025, 12, 31, 9, 0), DEADLINE_WORKING_DAYS, 1, &due));
    assert_false(deadline_due(&f->clock, at(2027, 12, 31, 9, 0), DEADLINE_WORKING_DAYS, 5, &due));
    assert_false(deadline_due(&f->clock, at(2026, 12, 1, 9, 0), DEADLINE_WORKING_DAYS, 0, &due));
    assert_false(deadline_due(&f->clock, at(2026, 12, 1, 9, 0), DEADLINE_WORKING_HOURS, -1, &due));
}

static void calendar_days(void **state)
{
    fixture *f = *state;
    /* Monday 23/11 10:00 + 5 days is Saturday 28/11: the period ends at the
     * close of Monday 30/11. */
    expect_due(f, at(2026, 11, 23, 10, 0), DEADLINE_CALENDAR_DAYS, 5, at(2026, 11, 30, 17, 0));
    expect_due(f, at(2026, 11, 23, 10, 0), DEADLINE_CALENDAR_DAYS, 3, at(2026, 11, 26, 10, 0));
    /* Across Tết 2026: Friday 6/2 + 10 days is Monday 16/2, in the break. */
    expect_due(f, at(2026, 2, 6, 9, 0), DEADLINE_CALENDAR_DAYS, 10, at(2026, 2, 23, 17, 0));
}

/* Step deadlines from shares always end exactly at the dossier's due. */
static void step_dues_add_up(void **state)
{
    fixture *f = *state;
    int64_t received = at(2026, 8, 27, 14, 0), due, dues[4];
    assert_true(deadline_due(&f->clock, received, DEADLINE_WORKING_DAYS, 5, &due));
    int shares[] = {10, 60, 20, 10};
    assert_true(deadline_step_dues(&f->clock, received, due, shares, 4, dues));
    expect_instant(dues[3], due);
    for (int i = 0; i < 3; i++)
        assert_true(dues[i] < dues[i + 1]);
    /* 10 % of 40 working hours is 4 h: Thursday 14:00 -> 17:00 is 3 h, and
     * Friday 07:30 + 1 h. */
    expect_instant(dues[0], at(2026, 8, 28, 8, 30));
    int64_t spent;
    assert_true(deadline_working_time_between(&f->clock, received, dues[1], &spent));
    assert_int_equal(spent, 70LL * 40 * 60 * 60 * 1000 / 100);
    int bad[] = {50, 40};
    assert_false(deadline_step_dues(&f->clock, received, due, bad, 2, dues));
}

static void office_hours_rules(void **state)
{
    fixture *f = *state;
    assert_null(office_hours_problem(&OFFICE_HOURS_DEFAULT));
    assert_int_equal(office_hours_day_minutes(&OFFICE_HOURS_DEFAULT), 480);
    office_hours h = {8 * 60, 12 * 60, 13 * 60 + 30, 17 * 60 + 30, 16 * 60};
    assert_null(office_hours_problem(&h));
    deadline_clock clock = {&f->cal, h};
    int64_t due;
    assert_true(deadline_due(&clock, at(2026, 11, 23, 15, 30), DEADLINE_WORKING_DAYS, 1, &due));
    expect_instant(due, at(2026, 11, 24, 15, 30));
    office_hours lunch_overlap = {8 * 60, 12 * 60, 11 * 60, 17 * 60, 15 * 60};
    assert_non_null(office_hours_problem(&lunch_overlap));
    office_hours late_cutoff = {8 * 60, 12 * 60, 13 * 60, 17 * 60, 18 * 60};
    assert_non_null(office_hours_problem(&late_cutoff));
    office_hours short_morning = {8 * 60, 8 * 60 + 10, 13 * 60, 17 * 60, 15 * 60};
    assert_non_null(office_hours_problem(&short_morning));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_time_is_utc_plus_7),
        cmocka_unit_test(across_tet),
        cmocka_unit_test(across_30_4_and_1_5),
        cmocka_unit_test(across_2_9_and_a_worked_saturday),
        cmocka_unit_test(after_the_cutoff),
        cmocka_unit_test(start_of_the_clock),
        cmocka_unit_test(a_pause_extends_the_deadline),
        cmocka_unit_test(how_late),
        cmocka_unit_test(outside_the_calendar),
        cmocka_unit_test(office_hours_rules),
        cmocka_unit_test(calendar_days),
        cmocka_unit_test(step_dues_add_up),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
