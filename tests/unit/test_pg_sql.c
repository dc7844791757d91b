/* Statements written for SQLite, numbered for PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/pg_sql.h"

static void expect(const char *sql, const char *want, int want_n)
{
    int n = -1;
    char *got = pg_sql_numbered(sql, strlen(sql), &n);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(n, want_n);
    free(got);
}

static void placeholders_numbered_in_order(void **state)
{
    (void)state;
    expect("SELECT 1", "SELECT 1", 0);
    expect("UPDATE a SET x = ?, y = ? WHERE id = ?", "UPDATE a SET x = $1, y = $2 WHERE id = $3", 3);
    expect("?", "$1", 1);
    expect("WHERE ?1 IS NULL OR a = ?1 AND b = ?2 LIMIT ?12", "WHERE $1 IS NULL OR a = $1 AND b = $2 LIMIT $12", 12);
    expect("SELECT ?2, ?", "SELECT $2, $3", 3);
    expect("SELECT ?0", "SELECT $1", 1);
    expect("VALUES (?,?,?,?,?,?,?,?,?,?,?)", "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)", 11);
}

static void quotes_and_comments_left_alone(void **state)
{
    (void)state;
    expect("SELECT '?', ? FROM t", "SELECT '?', $1 FROM t", 1);
    expect("SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || $1", 1);
    expect("SELECT \"a?\" FROM t WHERE b = ?", "SELECT \"a?\" FROM t WHERE b = $1", 1);
    expect("SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2);
    expect("SELECT /* ? */ ?", "SELECT /* ? */ $1", 1);
    expect("DO $$ BEGIN PERFORM '?'; END $$; SELECT ?", "DO $$ BEGIN PERFORM '?'; END $$; SELECT $1", 1);
    expect("SELECT $body$ ? $body$, ?", "SELECT $body$ ? $body$, $1", 1);
}

static void unterminated_runs_end_the_text(void **state)
{
    (void)state;
    expect("SELECT 'open ?", "SELECT 'open ?", 0);
    expect("SELECT ? /* open ?", "SELECT $1 /* open ?", 1);
    expect("SELECT $x$ ?", "SELECT $x$ ?", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(placeholders_numbered_in_order),
        cmocka_unit_test(quotes_and_comments_left_alone),
        cmocka_unit_test(unterminated_runs_end_the_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
