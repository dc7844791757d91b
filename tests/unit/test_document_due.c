/* The deadline of an assigned văn bản đến (NĐ 30/2020 Điều 23 khoản 2, 4):
 * working days of the unit's calendar, across a holiday. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/civil_date.h"
#include "core/timefmt.h"
#include "document/due.h"

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
    int32_t national[5], worked[1];
    workcal_decision decisions[1];
} fixture;

/* 2026 as announced: Quốc khánh off from Saturday 29 August to Wednesday
 * 2 September, Saturday 22 August worked in exchange. */
static int setup(void **state)
{
    static fixture f;
    arena_init(&f.a, 0);
    for (int i = 0; i < 5; i++)
        f.national[i] = day_of(2026, 8, 29) + i;
    f.worked[0] = day_of(2026, 8, 22);
    f.decisions[0] = (workcal_decision){2026, OCCASION_NATIONAL_DAY, "QK 2026", f.national, 5, f.worked, 1};
    if (!workcal_build(&f.cal, &f.a, 2026, 2027, f.decisions, 1))
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
        fail_msg("got %s, expected %s", g, e);
    }
}

/* Friday 28 August, 15:30: after the cut-off, so the count starts on the
 * next working day; Monday 31 August to Wednesday 2 September are off;
 * Thursday, Friday, Monday: due Monday 7 September at 17:00. */
static void friday_afternoon_across_the_holiday(void **state)
{
    fixture *f = *state;
    int64_t due;
    assert_true(document_due_compute(&f->clock, at(2026, 8, 28, 15, 30), 3, NULL, &due));
    expect_instant(due, at(2026, 9, 7, 17, 0));
}

/* The same Friday in the morning: the time counts from then; 24 working
 * hours later (Friday's rest, Thursday, Friday) is Monday at the same hour. */
static void friday_morning_counts_from_then(void **state)
{
    fixture *f = *state;
    int64_t due;
    assert_true(document_due_compute(&f->clock, at(2026, 8, 28, 9, 0), 3, NULL, &due));
    expect_instant(due, at(2026, 9, 7, 9, 0));
}

/* A date on a day off moves back to the close of the working day before;
 * one on a working day is its close; none gives none. */
static void due_dates(void **state)
{
    fixture *f = *state;
    int64_t due;
    assert_true(document_due_compute(&f->clock, at(2026, 8, 27, 9, 0), 0, "2026-09-02", &due));
    expect_instant(due, at(2026, 8, 28, 17, 0));
    assert_true(document_due_compute(&f->clock, at(2026, 8, 27, 9, 0), 0, "2026-09-04", &due));
    expect_instant(due, at(2026, 9, 4, 17, 0));
    assert_true(document_due_compute(&f->clock, at(2026, 8, 27, 9, 0), 0, NULL, &due));
    assert_int_equal(due, 0);
}

static void refusals(void **state)
{
    fixture *f = *state;
    int64_t due;
    assert_false(document_due_compute(&f->clock, at(2026, 8, 27, 9, 0), 0, "2026-08-26", &due)); /* before today */
    assert_false(document_due_compute(&f->clock, at(2026, 8, 27, 9, 0), 0, "2026-02-30", &due));
    assert_false(document_due_compute(&f->clock, at(2026, 8, 27, 9, 0), 0, "2030-01-05", &due)); /* off the calendar */
    assert_false(document_due_compute(&f->clock, at(2026, 8, 27, 9, 0), DOCUMENT_DUE_DAYS_MAX + 1, NULL, &due));
}

/* "Due soon": past, or within 2 working days of now, the holiday skipped. */
static void due_soon(void **state)
{
    fixture *f = *state;
    int64_t friday = at(2026, 8, 28, 9, 0);
    assert_true(document_due_soon(&f->clock, friday, at(2026, 8, 27, 17, 0), 2));  /* overdue */
    assert_true(document_due_soon(&f->clock, friday, at(2026, 9, 3, 17, 0), 2));   /* Fri + Thu */
    assert_false(document_due_soon(&f->clock, friday, at(2026, 9, 4, 17, 0), 2));
    assert_false(document_due_soon(&f->clock, friday, 0, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(friday_afternoon_across_the_holiday),
        cmocka_unit_test(friday_morning_counts_from_then),
        cmocka_unit_test(due_dates),
        cmocka_unit_test(refusals),
        cmocka_unit_test(due_soon),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
