/* The schema exists twice, once per database: both lists must name the same
 * migrations in the same order, or a database copied from one to the other
 * (migrate-store) would be at a version the other never had. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "store/internal.h"

static void both_dialects_have_the_same_migrations(void **state)
{
    (void)state;
    assert_int_equal(store_migration_count_pg, store_migration_count);
    for (int i = 0; i < store_migration_count; i++) {
        assert_int_equal(store_migrations_pg[i].version, store_migrations[i].version);
        assert_string_equal(store_migrations_pg[i].name, store_migrations[i].name);
        assert_true(strlen(store_migrations_pg[i].sql) > 0);
    }
}

static void versions_rise_by_one(void **state)
{
    (void)state;
    for (int i = 0; i < store_migration_count; i++)
        assert_int_equal(store_migrations[i].version, i + 1);
    assert_int_equal(store_schema_latest(), store_migration_count);
}

/* The runner wraps each migration in its own transaction (with the advisory
 * lock on PostgreSQL); a migration that commits by itself would escape it. */
static void no_migration_manages_its_own_transaction(void **state)
{
    (void)state;
    const store_migration *lists[] = {store_migrations, store_migrations_pg};
    const int counts[] = {store_migration_count, store_migration_count_pg};
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < counts[l]; i++) {
            const char *sql = lists[l][i].sql;
            assert_null(strstr(sql, "\nCOMMIT"));
            assert_null(strstr(sql, "\nBEGIN TRANSACTION"));
            assert_null(strstr(sql, "\nBEGIN;"));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_dialects_have_the_same_migrations),
        cmocka_unit_test(versions_rise_by_one),
        cmocka_unit_test(no_migration_manages_its_own_transaction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
