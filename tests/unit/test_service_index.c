/* QĐ 766 formulas at their boundaries: empty periods, thresholds, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/service_index.h"

static void groups_make_100(void **state)
{
    (void)state;
    double total = 0;
    for (int g = 0; g < SI_GROUP_COUNT; g++)
        total += si_group_points((si_group)g);
    assert_float_equal(total, 100, 1e-9);
    assert_float_equal(si_group_points(SI_DIGITIZATION), 22, 1e-9);
    assert_string_equal(si_group_title(SI_PROGRESS), "Tiến độ giải quyết");
}

static void timeliness(void **state)
{
    (void)state;
    const int64_t due = 1000000, now = 2000000;
    assert_int_equal(si_dossier_timeliness(due, due, 0, now), SI_DONE_ON_TIME);  /* at the due instant */
    assert_int_equal(si_dossier_timeliness(due + 1, due, 0, now), SI_DONE_LATE);
    assert_int_equal(si_dossier_timeliness(due - 5, due, 1, now), SI_DONE_ON_TIME); /* one supplement: its time is excluded */
    assert_int_equal(si_dossier_timeliness(due - 5, due, 2, now), SI_DONE_LATE);    /* more than one: late */
    assert_int_equal(si_dossier_timeliness(0, due, 0, due - 1), SI_OPEN_WITHIN_DUE);
    assert_int_equal(si_dossier_timeliness(0, due, 0, due + 1), SI_OPEN_LATE);
    assert_int_equal(si_dossier_timeliness(0, due, 3, due - 1), SI_OPEN_LATE);
    assert_true(si_counts_on_time(SI_OPEN_WITHIN_DUE));
    assert_true(si_counts_on_time(SI_DONE_ON_TIME));
    assert_false(si_counts_on_time(SI_DONE_LATE));
    assert_false(si_counts_on_time(SI_OPEN_LATE));
}

static void proportional_metrics(void **state)
{
    (void)state;
    assert_float_equal(si_on_time(18, 20, true).score, 18, 1e-9); /* 20 × 0.9 */
    assert_float_equal(si_electronic_result(1, 4, true).score, 1.5, 1e-9);
    assert_float_equal(si_digitized(3, 3, true).score, 4, 1e-9);
    si_score s = si_on_time(0, 0, false);
    assert_true(s.empty);
    assert_float_equal(s.score, 0, 1e-9);
    assert_float_equal(si_on_time(0, 0, true).score, 20, 1e-9);
    assert_float_equal(si_on_time(25, 20, true).score, 20, 1e-9); /* never above its points */
}

static void thresholds(void **state)
{
    (void)state;
    /* Reuse reaches 2 at 80%. */
    assert_float_equal(si_data_reuse(40, 100, true).score, 1.0, 1e-9);
    assert_float_equal(si_data_reuse(80, 100, true).score, 2.0, 1e-9);
    assert_float_equal(si_data_reuse(95, 100, true).score, 2.0, 1e-9);
    /* Online submission reaches 6 at 50%. */
    assert_float_equal(si_online_submission(25, 100, true).score, 3.0, 1e-9);
    assert_float_equal(si_online_submission(50, 100, true).score, 6.0, 1e-9);
    assert_float_equal(si_online_submission(49, 100, true).score, 5.88, 1e-9);
    /* Satisfaction reaches 6 at 90%. */
    assert_float_equal(si_satisfaction(45, 100, true).score, 3.0, 1e-9);
    assert_float_equal(si_satisfaction(90, 100, true).score, 6.0, 1e-9);
    /* Feedback: 6 × ratio, and 6 with none when that is the setting. */
    assert_float_equal(si_feedback_on_time(3, 4, true).score, 4.5, 1e-9);
    assert_float_equal(si_feedback_on_time(0, 0, true).score, 6, 1e-9);
    assert_float_equal(si_feedback_on_time(0, 0, false).score, 0, 1e-9);
    si_score f = si_online_submission(10, 40, true);
    assert_float_equal(f.numerator, 10, 1e-9);
    assert_float_equal(f.denominator, 40, 1e-9);
    assert_float_equal(f.points, 6, 1e-9);
    assert_non_null(f.formula);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(groups_make_100),
        cmocka_unit_test(timeliness),
        cmocka_unit_test(proportional_metrics),
        cmocka_unit_test(thresholds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
