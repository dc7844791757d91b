/* Derived task status and progress roll-up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/civil_date.h"
#include "core/task_status.h"

static int32_t day(int y, int m, int d) { return civil_day_number((civil_date){y, m, d}); }

static void statuses(void **state)
{
    (void)state;
    int32_t due = day(2026, 9, 30);
    struct {
        int progress;
        int32_t completed, today;
        task_status want;
    } cases[] = {
        {0, 0, day(2026, 1, 5), TASK_NOT_STARTED},
        {0, 0, due, TASK_NOT_STARTED},              /* the due day itself is still in time */
        {0, 0, due + 1, TASK_LATE},                 /* past due at 0% is late, not "not started" */
        {40, 0, day(2026, 6, 1), TASK_ON_TIME},
        {99, 0, due + 1, TASK_LATE},
        {100, due, due + 10, TASK_DONE_ON_TIME},    /* completed on the due day */
        {100, due + 1, due + 10, TASK_DONE_LATE},
        {100, 0, due - 3, TASK_DONE_ON_TIME},       /* 100% without a day: completed today */
        {100, 0, due + 3, TASK_DONE_LATE},
        {60, due - 1, due + 3, TASK_DONE_ON_TIME},  /* a completion day marks it complete */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        task_facts t = {cases[i].progress, due, cases[i].completed};
        task_status got = task_status_derive(&t, cases[i].today);
        if (got != cases[i].want)
            fail_msg("case %zu: %s, want %s", i, task_status_code(got), task_status_code(cases[i].want));
    }
    task_facts open = {30, 0, 0}; /* no due day: never late */
    assert_int_equal(task_status_derive(&open, day(2030, 1, 1)), TASK_ON_TIME);
    assert_string_equal(task_status_title(TASK_LATE), "Đang thực hiện, quá hạn");
    assert_string_equal(task_status_title(TASK_DONE_ON_TIME), "Hoàn thành đúng hạn");
}

static void rollups(void **state)
{
    (void)state;
    task_share c[] = {{100, 1, 250}, {50, 1, 150}, {0, 2, 0}};
    assert_float_equal(task_rollup(c, 3, ROLLUP_AVERAGE), 150.0 / 4, 1e-9); /* (100 + 50 + 0×2) ÷ 4 */
    assert_float_equal(task_rollup(c, 3, ROLLUP_BUDGET), (100 * 250 + 50 * 150) / 400.0, 1e-9);
    task_share blank[] = {{80, 0, 0}, {20, -1, -5}}; /* blank budgets: by weight, unset weights count 1 */
    assert_float_equal(task_rollup(blank, 2, ROLLUP_BUDGET), 50, 1e-9);
    assert_float_equal(task_rollup(NULL, 0, ROLLUP_AVERAGE), 0, 1e-9);
}

/* A rolled-up percent never claims completion (or no start) it has not got. */
static void shown_percent(void **state)
{
    (void)state;
    task_share almost[] = {{100, 1, 0}, {99, 1, 0}};
    assert_int_equal(task_progress_percent(task_rollup(almost, 2, ROLLUP_AVERAGE)), 99); /* 99.5 is not done */
    assert_int_equal(task_progress_percent(99.99), 99);
    assert_int_equal(task_progress_percent(100), 100);
    assert_int_equal(task_progress_percent(0.2), 1); /* begun */
    assert_int_equal(task_progress_percent(0), 0);
    assert_int_equal(task_progress_percent(42.5), 43);
    assert_int_equal(task_progress_percent(42.4), 42);
    task_facts parent = {task_progress_percent(99.5), day(2026, 6, 30), 0};
    assert_int_equal(task_status_derive(&parent, day(2026, 6, 1)), TASK_ON_TIME);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statuses),
        cmocka_unit_test(rollups),
        cmocka_unit_test(shown_percent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
