/* The audit chain verifies when untouched and names the first entry that was
 * changed, removed or reordered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "org/audit.h"

static char dir[] = "/tmp/xaso-audit-XXXXXX";
static store *s;

static int append_three(store_conn *c, void *ctx)
{
    (void)ctx;
    const char *actions[] = {"unit.create", "unit.rename", "account.lock"};
    for (int i = 0; i < 3; i++) {
        audit_entry e = {"admin", actions[i], "unit", i == 2 ? NULL : "7", "{\"name\":\"Thôn Đông\"}"};
        int rc = audit_append(c, &e, "2026-11-23T03:00:00.000Z");
        if (rc)
            return rc;
    }
    return 0;
}

static int setup(void **state)
{
    (void)state;
    char db[128], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/a.db", dir);
    store_config cfg = {.db_path = db, .sync_full = true};
    s = store_open(&cfg, err, sizeof err);
    assert_non_null(s);
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

static int run_sql(store_conn *c, void *sql) { return store_exec(c, sql); }

static void expect_broken(const char *tamper, int64_t id, const char *why)
{
    /* Each case starts from a fresh, valid chain. */
    assert_int_equal(store_write(s, run_sql, "DELETE FROM audit_log"), 0);
    assert_int_equal(store_write(s, append_three, NULL), 0);
    audit_report r;
    assert_int_equal(audit_verify(store_reader(s), &r), 0);
    assert_int_equal(r.entries, 3);
    assert_int_equal(store_write(s, run_sql, (void *)tamper), 0);
    assert_int_equal(audit_verify(store_reader(s), &r), 1);
    assert_int_equal(r.broken_id, id);
    assert_non_null(strstr(r.reason, why));
}

static void an_empty_log_verifies(void **state)
{
    (void)state;
    audit_report r;
    assert_int_equal(audit_verify(store_reader(s), &r), 0);
    assert_int_equal(r.entries, 0);
}

static void tampering_is_found(void **state)
{
    (void)state;
    expect_broken("UPDATE audit_log SET summary = '{}' WHERE id = 2", 2, "content");
    expect_broken("UPDATE audit_log SET actor = 'someone' WHERE id = 1", 1, "content");
    expect_broken("UPDATE audit_log SET object_id = '7' WHERE id = 3", 3, "content");
    expect_broken("DELETE FROM audit_log WHERE id = 2", 3, "missing");
    /* A replaced hash is found too. */
    expect_broken("UPDATE audit_log SET hash = 'x' WHERE id = 1", 1, "content");
}

/* A range checks its entries and their link to the entry before the range. */
static void a_range_verifies_what_it_covers(void **state)
{
    (void)state;
    assert_int_equal(store_write(s, run_sql, "DELETE FROM audit_log"), 0);
    assert_int_equal(store_write(s, append_three, NULL), 0);
    audit_report r;
    assert_int_equal(audit_verify_range(store_reader(s), 2, 3, &r), 0);
    assert_int_equal(r.entries, 2);
    assert_int_equal(audit_verify_range(store_reader(s), 1, 1, &r), 0);
    assert_int_equal(r.entries, 1);
    assert_int_equal(store_write(s, run_sql, "UPDATE audit_log SET summary = '{}' WHERE id = 1"), 0);
    assert_int_equal(audit_verify_range(store_reader(s), 2, 3, &r), 0);
    assert_int_equal(audit_verify_range(store_reader(s), 1, 3, &r), 1);
    assert_int_equal(r.broken_id, 1);
    /* Entry 1's stored hash replaced: entry 2 no longer chains to it. */
    assert_int_equal(store_write(s, run_sql, "UPDATE audit_log SET hash = 'x' WHERE id = 1"), 0);
    assert_int_equal(audit_verify_range(store_reader(s), 2, 2, &r), 1);
    assert_int_equal(r.broken_id, 2);
    assert_non_null(strstr(r.reason, "chain"));
    /* The entry before the range is gone. */
    assert_int_equal(store_write(s, run_sql, "DELETE FROM audit_log WHERE id = 2"), 0);
    assert_int_equal(audit_verify_range(store_reader(s), 3, 3, &r), 1);
    assert_int_equal(r.broken_id, 3);
    assert_non_null(strstr(r.reason, "missing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_empty_log_verifies),
        cmocka_unit_test(tampering_is_found),
        cmocka_unit_test(a_range_verifies_what_it_covers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
