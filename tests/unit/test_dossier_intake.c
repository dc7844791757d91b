/* Intake on a real database: codes allocated per unit and day without gaps
 * (a refused intake gives its number back), and the due date computed from
 * the working calendar at intake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/timefmt.h"
#include "dossier/dossier.h"

static char dir[] = "/tmp/xaso-intake-XXXXXX";
static store *s;
static dossier_actor reception;

static int setup(void **state)
{
    (void)state;
    char db[128], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/i.db", dir);
    store_config cfg = {.db_path = db, .sync_full = false};
    s = store_open(&cfg, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(org_create_demo(s), 1);
    org_account_input a = {.username = "motcua", .full_name = "Cán bộ một cửa", .unit_code = "000.04.01.H42",
                           .role = "reception", .password = "Mây trắng bay 2026"};
    org_error e;
    int64_t id;
    assert_int_equal(org_account_add(s, &a, "test", &id, &e), 0);
    reception = (dossier_actor){id, "motcua"};
    json_t *p = json_loads("{\"code\":\"9.000001\",\"name\":\"Thử\",\"field\":\"Thử\","
                           "\"time\":{\"unit\":\"working_days\",\"amount\":5},"
                           "\"form\":[{\"key\":\"ma\",\"label\":\"Mã\",\"type\":\"number\",\"max\":9}],"
                           "\"workflow\":{\"template\":\"counter_specialist_leader\"}}", 0, NULL);
    bool created;
    assert_int_equal(catalog_procedure_save(s, p, "test", false, &id, &created, &e), 0);
    json_decref(p);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static int64_t at(int y, int m, int d, int hh, int mm)
{
    return deadline_instant(civil_day_number((civil_date){y, m, d}), hh * 60 + mm);
}

static json_t *intake(int64_t now, const char *form, int channel, int *status)
{
    char text[512];
    snprintf(text, sizeof text,
             "{\"procedure\":\"9.000001\",\"competent_unit\":\"000.00.01.H42\",\"form\":%s,"
             "\"applicant\":{\"cccd\":\"042190001234\",\"full_name\":\"Nguyễn Thị Mai\"}}",
             form);
    json_t *body = json_loads(text, 0, NULL), *out = NULL;
    bool created;
    org_error e;
    *status = dossier_intake(s, body, channel, channel == CHANNEL_ONLINE ? &(dossier_actor){0, "applicant"} : &reception,
                             NULL, now, &out, &created, &e) == 0 ? 201 : e.status;
    json_decref(body);
    return out;
}

static const char *code_of(json_t *out) { return json_string_value(json_object_get(out, "code")); }

static void codes_without_gaps(void **state)
{
    (void)state;
    int status;
    json_t *a = intake(at(2026, 7, 14, 9, 0), "{}", CHANNEL_COUNTER, &status);
    assert_string_equal(code_of(a), "000.04.01.H42-260714-0001");
    json_t *refused = intake(at(2026, 7, 14, 9, 5), "{\"ma\":99}", CHANNEL_COUNTER, &status);
    assert_null(refused);
    assert_int_equal(status, 422);
    json_t *b = intake(at(2026, 7, 14, 9, 10), "{}", CHANNEL_COUNTER, &status);
    assert_string_equal(code_of(b), "000.04.01.H42-260714-0002");
    /* A new day starts again at 1; online submissions are coded by the commune. */
    json_t *c = intake(at(2026, 7, 15, 0, 30), "{}", CHANNEL_COUNTER, &status);
    assert_string_equal(code_of(c), "000.04.01.H42-260715-0001");
    json_t *d = intake(at(2026, 7, 15, 8, 0), "{}", CHANNEL_ONLINE, &status);
    assert_string_equal(code_of(d), "000.00.01.H42-260715-0001");
    assert_int_equal(json_integer_value(json_object_get(d, "status")), 1);
    assert_true(json_is_null(json_object_get(d, "due_at")));
    json_decref(a), json_decref(b), json_decref(c), json_decref(d);
}

static void due_at_intake(void **state)
{
    (void)state;
    int status;
    /* Thursday 27/8/2026 14:00 + 5 working days: 29/8-2/9 are off, 22/8 was worked. */
    json_t *a = intake(at(2026, 8, 27, 14, 0), "{}", CHANNEL_COUNTER, &status);
    int64_t due;
    assert_true(timefmt_parse_iso_utc(json_string_value(json_object_get(a, "due_at")), &due));
    assert_int_equal(due, at(2026, 9, 8, 14, 0));
    /* After the 15:00 cut-off the clock starts the next working day. */
    json_t *b = intake(at(2026, 11, 20, 15, 30), "{}", CHANNEL_COUNTER, &status);
    assert_true(timefmt_parse_iso_utc(json_string_value(json_object_get(b, "due_at")), &due));
    assert_int_equal(due, at(2026, 11, 27, 17, 0));
    json_decref(a), json_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_without_gaps),
        cmocka_unit_test(due_at_intake),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
