#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "web/internal.h"

static void burst_then_refill(void **state)
{
    (void)state;
    ratelimit *rl = ratelimit_new(2, 3);
    int retry = 0;
    int64_t t = 1000000000;
    for (int i = 0; i < 3; i++)
        assert_true(ratelimit_take(rl, "203.0.113.5", t, &retry));
    assert_false(ratelimit_take(rl, "203.0.113.5", t, &retry));
    assert_int_equal(retry, 1);
    assert_true(ratelimit_take(rl, "198.51.100.7", t, &retry)); /* another client */
    t += 500000000; /* half a second at 2/s gives one token back */
    assert_true(ratelimit_take(rl, "203.0.113.5", t, &retry));
    assert_false(ratelimit_take(rl, "203.0.113.5", t, &retry));
    ratelimit_free(rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(burst_then_refill)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
