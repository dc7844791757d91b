#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/router.h"

typedef struct {
    router *r;
    int units, unit, unit_events, units_new, post_units;
} fixture;

static int setup(void **state)
{
    static fixture f;
    f.r = router_new();
    f.units = router_add(f.r, "GET", "/api/v1/units");
    f.unit = router_add(f.r, "GET", "/api/v1/units/{id}");
    f.unit_events = router_add(f.r, "GET", "/api/v1/units/{id}/events/{n}");
    f.units_new = router_add(f.r, "GET", "/api/v1/units/new");
    f.post_units = router_add(f.r, "POST", "/api/v1/units");
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    router_free(((fixture *)*state)->r);
    return 0;
}

static router_match match(router *r, const char *method, const char *path, char *allow)
{
    static char buf[512];
    router_match m;
    char scratch[128];
    router_match_path(r, method, path, buf, &m, allow ? allow : scratch, 128);
    return m;
}

static void literal_and_params(void **state)
{
    fixture *f = *state;
    router_match m = match(f->r, "GET", "/api/v1/units", NULL);
    assert_int_equal(m.route, f->units);
    m = match(f->r, "GET", "/api/v1/units/42", NULL);
    assert_int_equal(m.route, f->unit);
    assert_int_equal(m.nparams, 1);
    assert_string_equal(m.param_names[0], "id");
    assert_string_equal(m.param_values[0], "42");
    m = match(f->r, "GET", "/api/v1/units/7/events/3", NULL);
    assert_int_equal(m.route, f->unit_events);
    assert_string_equal(m.param_values[1], "3");
}

static void literal_beats_parameter(void **state)
{
    fixture *f = *state;
    assert_int_equal(match(f->r, "GET", "/api/v1/units/new", NULL).route, f->units_new);
}

static void wrong_method_is_known_path(void **state)
{
    fixture *f = *state;
    char allow[128];
    router_match m = match(f->r, "DELETE", "/api/v1/units", allow);
    assert_int_equal(m.route, -1);
    assert_true(m.path_known);
    assert_string_equal(allow, "GET, POST");
    m = match(f->r, "HEAD", "/api/v1/units", NULL);
    assert_int_equal(m.route, f->units); /* HEAD is served by GET */
}

static void unknown_and_hostile_paths(void **state)
{
    fixture *f = *state;
    const char *paths[] = {"/api/v1/unit", "/api/v1/units/", "//api/v1/units",
                           "/api/v1/units/../units", "/api/v1/units/./x", "api/v1/units",
                           "", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        router_match m = match(f->r, "GET", paths[i], NULL);
        assert_int_equal(m.route, -1);
        assert_false(m.path_known);
    }
}

static void bad_patterns_are_refused(void **state)
{
    (void)state;
    router *r = router_new();
    assert_int_equal(router_add(r, "GET", "no-slash"), -1);
    assert_int_equal(router_add(r, "GET", "/a//b"), -1);
    assert_int_equal(router_add(r, "GET", "/a/{}"), -1);
    assert_int_equal(router_add(r, "GET", "/a/{x"), -1);
    assert_int_equal(router_add(r, "GET", "/a/{x}"), 0);
    assert_int_equal(router_add(r, "GET", "/a/{y}"), -1); /* same shape */
    assert_int_equal(router_add(r, "TOOLONGMETHOD", "/b"), -1);
    router_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(literal_and_params),
        cmocka_unit_test(literal_beats_parameter),
        cmocka_unit_test(wrong_method_is_known_path),
        cmocka_unit_test(unknown_and_hostile_paths),
        cmocka_unit_test(bad_patterns_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
