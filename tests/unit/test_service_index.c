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

static si_timeliness at(int64_t end, int64_t due, int supplements, int64_t paused_since, bool apologized, int64_t now)
{
    si_dossier d = {end, due, paused_since, supplements, apologized};
    return si_dossier_timeliness(&d, now);
}

static void timeliness(void **state)
{
    (void)state;
    const int64_t due = 1000000, now = 2000000;
    assert_int_equal(at(due, due, 0, 0, false, now), SI_DONE_ON_TIME); /* at the due instant */
    assert_int_equal(at(due + 1, due, 0, 0, false, now), SI_DONE_LATE);
    assert_int_equal(at(due - 5, due, 1, 0, false, now), SI_DONE_ON_TIME); /* one supplement: its time is out of due */
    assert_int_equal(at(due - 5, due, 2, 0, false, now), SI_DONE_LATE);    /* more than one: late */
    assert_int_equal(at(due - 5, due, 0, 0, true, now), SI_DONE_LATE);     /* an apology: it was late */
    assert_int_equal(at(0, due, 0, 0, false, due - 1), SI_OPEN_WITHIN_DUE);
    assert_int_equal(at(0, due, 0, 0, false, due), SI_OPEN_WITHIN_DUE);
    assert_int_equal(at(0, due, 0, 0, false, due + 1), SI_OPEN_LATE);
    assert_int_equal(at(0, due, 3, 0, false, due - 1), SI_OPEN_LATE);
    assert_int_equal(at(0, due, 0, 0, true, due - 1), SI_OPEN_LATE);
    /* Waiting for the applicant's one supplement: the clock stopped when it was asked. */
    assert_int_equal(at(0, due, 1, due - 10, false, now), SI_OPEN_WITHIN_DUE);
    assert_int_equal(at(0, due, 1, due + 10, false, now), SI_OPEN_LATE); /* asked only after the due instant */
    assert_int_equal(at(0, due, 2, due - 10, false, now), SI_OPEN_LATE);
    assert_int_equal(at(0, 0, 0, 0, false, now), SI_OPEN_WITHIN_DUE);   /* not received: no due yet */
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
    assert_float_equal(si_online_payment(3, 4, true).score, 7.5, 1e-9);
    assert_float_equal(si_online_payment(0, 0, true).score, 10, 1e-9);
    assert_true(si_online_payment(0, 0, false).empty);
    assert_float_equal(si_online_payment(0, 0, false).score, 0, 1e-9);
    /* Every metric's empty rule, both ways. */
    si_score (*const every[])(double, double, bool) = {si_on_time,          si_electronic_result, si_digitized,
                                                        si_data_reuse,       si_online_submission, si_satisfaction,
                                                        si_online_payment,   si_feedback_on_time};
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++) {
        si_score full = every[i](0, 0, true), none = every[i](0, 0, false);
        assert_true(full.empty && none.empty);
        assert_float_equal(full.score, full.points, 1e-9);
        assert_float_equal(none.score, 0, 1e-9);
        assert_false(every[i](0, 5, true).empty);
        assert_float_equal(every[i](0, 5, true).score, 0, 1e-9); /* a denominator with no numerator scores 0 */
    }
}

static void thresholds(void **state)
{
    (void)state;
    /* Reuse reaches 2 at 80%. */
    assert_float_equal(si_data_reuse(40, 100, true).score, 1.0, 1e-9);
    assert_float_equal(si_data_reuse(80, 100, true).score, 2.0, 1e-9);
    assert_float_equal(si_data_reuse(95, 100, true).score, 2.0, 1e-9);
    assert_float_equal(si_data_reuse(79, 100, true).score, 2.0 * 0.79 / 0.80, 1e-9); /* just below */
    /* Online submission reaches 6 at 50%. */
    assert_float_equal(si_online_submission(25, 100, true).score, 3.0, 1e-9);
    assert_float_equal(si_online_submission(50, 100, true).score, 6.0, 1e-9);
    assert_float_equal(si_online_submission(49, 100, true).score, 5.88, 1e-9);
    /* Satisfaction reaches 6 at 90%. */
    assert_float_equal(si_satisfaction(45, 100, true).score, 3.0, 1e-9);
    assert_float_equal(si_satisfaction(90, 100, true).score, 6.0, 1e-9);
    assert_float_equal(si_satisfaction(89, 100, true).score, 6.0 * 0.89 / 0.90, 1e-9); /* just below */
    assert_float_equal(si_satisfaction(100, 100, true).score, 6.0, 1e-9);                /* capped above */
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
