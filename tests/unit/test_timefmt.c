#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/timefmt.h"

static void formats_utc_with_millis(void **state)
{
    (void)state;
    char out[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(1784000000123, out);
    assert_string_equal(out, "2026-07-14T03:33:20.123Z");
    timefmt_compact_utc(1784000000123, out);
    assert_string_equal(out, "20260714T033320Z");
    timefmt_iso_utc(-1, out);
    assert_string_equal(out, "1969-12-31T23:59:59.999Z");
}

static void parses_what_it_formats(void **state)
{
    (void)state;
    int64_t ms;
    assert_true(timefmt_parse_iso_utc("2026-07-14T03:33:20.123Z", &ms));
    assert_int_equal(ms, 1784000000123);
    assert_true(timefmt_parse_iso_utc("2026-07-14T03:33:20Z", &ms));
    assert_int_equal(ms, 1784000000000);
}

static void refuses_other_shapes(void **state)
{
    (void)state;
    int64_t ms;
    assert_false(timefmt_parse_iso_utc("2026-07-14 03:33:20Z", &ms));
    assert_false(timefmt_parse_iso_utc("2026-07-14T03:33:20+07:00", &ms));
    assert_false(timefmt_parse_iso_utc("2026-13-14T03:33:20Z", &ms));
    assert_false(timefmt_parse_iso_utc("2026-07-14T03:33:20.1Z", &ms));
    assert_false(timefmt_parse_iso_utc("", &ms));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_utc_with_millis),
        cmocka_unit_test(parses_what_it_formats),
        cmocka_unit_test(refuses_other_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
