/* The national statuses: every allowed move, and every other one refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/dossier_status.h"

/* The whole 10 x 10 table, written out: 1 where a move is allowed. */
static const int EXPECTED[11][11] = {
    /*            1  2  3  4  5  6  7  8  9  10 */
    [1] = {0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0},
    [2] = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0},
    [3] = {0},
    [4] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0},
    [5] = {0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0},
    [6] = {0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 0},
    [7] = {0},
    [8] = {0},
    [9] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
    [10] = {0},
};

static void every_move(void **state)
{
    (void)state;
    for (int from = 1; from <= 10; from++)
        for (int to = 1; to <= 10; to++)
            if (dossier_status_move_allowed(from, to) != (EXPECTED[from][to] == 1))
                fail_msg("move %d -> %d should be %s", from, to,
                         EXPECTED[from][to] ? "allowed" : "refused");
    assert_false(dossier_status_move_allowed(0, 2));
    assert_false(dossier_status_move_allowed(2, 11));
}

static void finals_and_the_clock(void **state)
{
    (void)state;
    for (int s = 1; s <= 10; s++) {
        bool no_way_out = true;
        for (int to = 1; to <= 10; to++)
            no_way_out = no_way_out && !dossier_status_move_allowed(s, to);
        /* Final statuses are exactly those with no move out, but 9 (done) must still be returned. */
        assert_int_equal(dossier_status_final(s), no_way_out);
    }
    assert_true(dossier_status_clock_runs(DOSSIER_RECEIVED));
    assert_true(dossier_status_clock_runs(DOSSIER_PROCESSING));
    assert_false(dossier_status_clock_runs(DOSSIER_SUPPLEMENT));
    assert_false(dossier_status_clock_runs(DOSSIER_PAYMENT));
    assert_false(dossier_status_clock_runs(DOSSIER_SUBMITTED));
    assert_false(dossier_status_clock_runs(DOSSIER_DONE));
    assert_string_equal(dossier_status_title(DOSSIER_PROCESSING), "Đang xử lý");
    assert_string_equal(dossier_status_title(DOSSIER_RETURNED), "Đã trả kết quả");
    assert_string_equal(dossier_status_title(0), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_move),
        cmocka_unit_test(finals_and_the_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
