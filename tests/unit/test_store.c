/* The store's write path: group commit, savepoint isolation, concurrency,
 * migrations. Also run under ThreadSanitizer. With XASO_TEST_PG set (a libpq
 * conninfo such as "host=/tmp/pg port=55432 user=postgres", what
 * scripts/pg-cluster prints) every test runs again on PostgreSQL, each on a
 * fresh database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

typedef struct {
    char dir[64];
    char db[512];
    char pg_names[2][40];  /* PostgreSQL databases made for the test, dropped after */
    int pg_count;
    store *s;
} fixture;

static const char *pg_conninfo; /* NULL: the SQLite pass */

static void run_psql(const char *sql)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "psql -X -q \"%s dbname=postgres\" -c '%s' >/dev/null", pg_conninfo, sql);
    assert_int_equal(system(cmd), 0);
}

/* A fresh database: a file in the fixture's folder, or a new PostgreSQL
 * database whose URL carries the conninfo's settings as parameters. */
static void new_database(fixture *f, const char *file)
{
    if (!pg_conninfo) {
        snprintf(f->db, sizeof f->db, "%s/%s", f->dir, file);
        return;
    }
    assert_true(f->pg_count < 2);
    char *name = f->pg_names[f->pg_count++];
    char suffix[8];
    snprintf(suffix, sizeof suffix, "%s", f->dir + strlen(f->dir) - 6);
    snprintf(name, sizeof f->pg_names[0], "xaso_u_%d_%s", (int)getpid(), suffix);
    for (char *p = name; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    if (f->pg_count == 2)
        strcat(name, "b");
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    run_psql(sql);
    int n = snprintf(f->db, sizeof f->db, "postgresql:///%s?", name);
    for (const char *p = pg_conninfo; *p && n + 2 < (int)sizeof f->db; p++)
        f->db[n++] = *p == ' ' ? '&' : *p;
    f->db[n] = '\0';
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/xaso-store-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    new_database(f, "t.db");
    char err[256];
    store_config cfg = {.db_path = f->db, .sync_full = true};
    f->s = store_open(&cfg, err, sizeof err);
    assert_non_null(f->s);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    for (int i = 0; i < f->pg_count; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP DATABASE %s", f->pg_names[i]);
        run_psql(sql);
    }
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

typedef struct {
    const char *key;
    int fail_with;     /* returned after the insert: the savepoint must undo it */
    unsigned delay_us; /* holds the writer so others queue behind */
} note;

static int insert_note(store_conn *c, void *ctx)
{
    note *n = ctx;
    store_stmt *st = store_prepare(c, "INSERT INTO diagnostic_note (note_key, body, created_at) "
                                      "VALUES (?, 'x', '2026-01-01T00:00:00.000Z')");
    store_bind_text(st, 1, n->key);
    int rc = store_step(st);
    if (n->delay_us)
        usleep(n->delay_us);
    if (rc != STORE_DONE)
        return rc;
    return n->fail_with;
}

static int64_t count_key(store *s, const char *key)
{
    store_stmt *st = store_prepare(store_reader(s),
                                   "SELECT COUNT(*) FROM diagnostic_note WHERE note_key LIKE ?");
    store_bind_text(st, 1, key);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int64(st, 0);
    store_reset(st);
    return n;
}

static void write_commits_and_refusal_rolls_back(void **state)
{
    fixture *f = *state;
    note ok = {.key = "a"}, bad = {.key = "b", .fail_with = 7};
    assert_int_equal(store_write(f->s, insert_note, &ok), 0);
    assert_int_equal(store_write(f->s, insert_note, &bad), 7);
    assert_int_equal(count_key(f->s, "a"), 1);
    assert_int_equal(count_key(f->s, "b"), 0);
    /* A duplicate key is a constraint failure, reported as such. */
    assert_int_equal(store_write(f->s, insert_note, &ok), STORE_CONSTRAINT);
}

typedef struct {
    store *s;
    note n;
    int rc;
} queued;

static void *submit(void *arg)
{
    queued *q = arg;
    q->rc = store_write(q->s, insert_note, &q->n);
    return NULL;
}

static void failing_job_in_a_batch_rolls_back_alone(void **state)
{
    fixture *f = *state;
    /* The first job holds the writer; the next three queue and share a batch. */
    queued q[4] = {
        {f->s, {.key = "hold", .delay_us = 200000}, -99},
        {f->s, {.key = "left"}, -99},
        {f->s, {.key = "fails", .fail_with = 3}, -99},
        {f->s, {.key = "right"}, -99},
    };
    pthread_t t[4];
    pthread_create(&t[0], NULL, submit, &q[0]);
    usleep(50000);
    for (int i = 1; i < 4; i++) {
        pthread_create(&t[i], NULL, submit, &q[i]);
        usleep(10000);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(q[0].rc, 0);
    assert_int_equal(q[1].rc, 0);
    assert_int_equal(q[2].rc, 3);
    assert_int_equal(q[3].rc, 0);
    assert_int_equal(count_key(f->s, "left"), 1);
    assert_int_equal(count_key(f->s, "fails"), 0);
    assert_int_equal(count_key(f->s, "right"), 1);
    store_stats st;
    store_get_stats(f->s, &st);
    assert_true(st.largest_batch >= 3);
}

enum { THREADS = 8, PER_THREAD = 150 };

typedef struct {
    store *s;
    int id;
    int acknowledged;
} worker;

static void *write_many(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < PER_THREAD; i++) {
        char key[32];
        snprintf(key, sizeof key, "w%d-%d", w->id, i);
        note n = {.key = key};
        if (store_write(w->s, insert_note, &n) == 0)
            w->acknowledged++;
    }
    return NULL;
}

static void concurrent_writers_lose_nothing(void **state)
{
    fixture *f = *state;
    pthread_t t[THREADS];
    worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){.s = f->s, .id = i};
        pthread_create(&t[i], NULL, write_many, &w[i]);
    }
    int acknowledged = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        acknowledged += w[i].acknowledged;
    }
    assert_int_equal(acknowledged, THREADS * PER_THREAD);
    /* Reopen: what was acknowledged is on disk. */
    char err[256];
    store_close(f->s);
    store_config cfg = {.db_path = f->db, .sync_full = true};
    f->s = store_open(&cfg, err, sizeof err);
    assert_non_null(f->s);
    assert_int_equal(count_key(f->s, "w%"), THREADS * PER_THREAD);
}

static int bump_schema(store_conn *c, void *ctx)
{
    (void)ctx;
    return store_exec(c, "INSERT INTO schema_migrations VALUES (9999, 'future', 'x')");
}

static void newer_database_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_write(f->s, bump_schema, NULL), 0);
    store_close(f->s);
    char err[256] = "";
    store_config cfg = {.db_path = f->db, .sync_full = true};
    f->s = store_open(&cfg, err, sizeof err);
    assert_null(f->s);
    assert_non_null(strstr(err, "newer"));
    /* Leave a store for teardown: a fresh database. */
    new_database(f, "fresh.db");
    cfg.db_path = f->db;
    f->s = store_open(&cfg, err, sizeof err);
    assert_non_null(f->s);
    assert_int_equal(store_schema_version(store_reader(f->s)), store_schema_latest());
}

/* A long-lived connection runs every statement of the program sooner or
 * later: it must keep far more than the program has (the call sites of
 * store_prepare, counted here from the sources) without refusing one. */
static void a_connection_keeps_every_statement_of_the_program(void **state)
{
    fixture *f = *state;
    store_conn *c = store_reader(f->s);
    enum { MANY = 900 };
    static char sql[MANY][48];
    for (int i = 0; i < MANY; i++) {
        snprintf(sql[i], sizeof sql[i], "SELECT %d", i);
        store_stmt *st = store_prepare(c, sql[i]);
        assert_non_null(st);
        assert_int_equal(store_step(st), STORE_ROW);
        assert_int_equal(store_col_int64(st, 0), i);
    }
    /* Found again, by pointer and by text. */
    assert_int_equal(store_step(store_prepare(c, sql[7])), STORE_ROW);
    char copy[48];
    snprintf(copy, sizeof copy, "%s", sql[MANY - 1]);
    store_stmt *again = store_prepare(c, copy);
    assert_int_equal(store_step(again), STORE_ROW);
    assert_int_equal(store_col_int64(again, 0), MANY - 1);
    store_reset(again);
    /* The program itself: its call sites, well under what a connection keeps. */
    FILE *p = popen("grep -rho 'store_prepare(' " XASO_SOURCE_DIR "/src | wc -l", "r");
    assert_non_null(p);
    int sites = 0;
    assert_int_equal(fscanf(p, "%d", &sites), 1);
    pclose(p);
    assert_true(sites > 100);
    assert_true(2 * sites < MANY);
}

/* A job that ignores a failed statement and reports success must not commit
 * half its work: on PostgreSQL the rest of its statements did not run. */
static int ignore_failure(store_conn *c, void *ctx)
{
    (void)ctx;
    note first = {.key = "half"};
    insert_note(c, &first);
    insert_note(c, &first); /* the duplicate fails; the job carries on */
    note after = {.key = "after"};
    insert_note(c, &after);
    return 0;
}

static void a_job_going_on_after_a_failure_is_not_committed_half(void **state)
{
    fixture *f = *state;
    int rc = store_write(f->s, ignore_failure, NULL);
    if (rc == 0) {
        /* SQLite: each statement stands alone, the job's own choice. */
        assert_int_equal(count_key(f->s, "half"), 1);
        assert_int_equal(count_key(f->s, "after"), 1);
    } else {
        assert_int_equal(rc, STORE_ERROR);
        assert_int_equal(count_key(f->s, "half"), 0);
        assert_int_equal(count_key(f->s, "after"), 0);
    }
    /* The writer goes on. */
    note next = {.key = "next"};
    assert_int_equal(store_write(f->s, insert_note, &next), 0);
    assert_int_equal(count_key(f->s, "next"), 1);
}

/* Two stores on one database, as two processes would be: writes of both
 * commit, none lost, none doubled. */
static void *write_half(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < PER_THREAD; i++) {
        char key[32];
        snprintf(key, sizeof key, "p%d-%d", w->id, i);
        note n = {.key = key};
        if (store_write(w->s, insert_note, &n) == 0)
            w->acknowledged++;
    }
    return NULL;
}

static void two_processes_share_one_database(void **state)
{
    fixture *f = *state;
    if (!pg_conninfo)
        skip(); /* one process serves a SQLite file: it holds its lock */
    char err[256];
    store_config cfg = {.db_path = f->db, .sync_full = true};
    store *other = store_open(&cfg, err, sizeof err);
    assert_non_null(other);
    pthread_t t[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){.s = i % 2 ? other : f->s, .id = i};
        pthread_create(&t[i], NULL, write_half, &w[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].acknowledged, PER_THREAD);
    }
    store_close(other);
    assert_int_equal(count_key(f->s, "p%"), 4 * PER_THREAD);
}

/* What SQLite gives, PostgreSQL gives the same way: booleans as 1/0,
 * numbered parameters, NULL. */
static void values_read_the_same_on_both(void **state)
{
    fixture *f = *state;
    store_conn *c = store_reader(f->s);
    store_stmt *st = store_prepare(c, "SELECT 1 = 1, 1 = 2, CAST(?1 AS TEXT), CAST(?2 AS BIGINT) + ?2, NULL");
    store_bind_text(st, 1, "Thượng Đức");
    store_bind_int64(st, 2, 21);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_string_equal(store_col_text(st, 0), "1");
    assert_int_equal(store_col_int64(st, 1), 0);
    assert_string_equal(store_col_text(st, 2), "Thượng Đức");
    assert_int_equal(store_col_int64(st, 3), 42);
    assert_true(store_col_is_null(st, 4));
    assert_null(store_col_text(st, 4));
    assert_int_equal(store_step(st), STORE_DONE);
    store_reset(st);
}

/* A scan reads any number of rows, in batches on PostgreSQL, while other
 * statements run on the same connection; stopped early, it is reusable. */
static void a_scan_reads_past_its_batches_beside_other_statements(void **state)
{
    fixture *f = *state;
    store_conn *c = store_reader(f->s);
    static const char scan_sql[] =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST(? AS BIGINT))"
        " SELECT i, CAST(i AS TEXT) || '.' FROM n ORDER BY i";
    for (int round = 0; round < 2; round++) {
        store_stmt *st = store_prepare_scan(c, scan_sql);
        assert_non_null(st);
        store_bind_int64(st, 1, 4501);
        int64_t want = 1;
        while (store_step(st) == STORE_ROW) {
            assert_int_equal(store_col_int64(st, 0), want);
            if (want % 1000 == 0) {
                store_stmt *other = store_prepare(c, "SELECT CAST(? AS BIGINT) * 2");
                store_bind_int64(other, 1, want);
                assert_int_equal(store_step(other), STORE_ROW);
                assert_int_equal(store_col_int64(other, 0), 2 * want);
                store_reset(other);
            }
            want++;
        }
        assert_int_equal(want, 4502);
        store_reset(st);
    }
    /* Stopped half-way, then asked again from the start. */
    store_stmt *st = store_prepare_scan(c, scan_sql);
    store_bind_int64(st, 1, 3000);
    for (int i = 0; i < 2500; i++)
        assert_int_equal(store_step(st), STORE_ROW);
    st = store_prepare_scan(c, scan_sql);
    store_bind_int64(st, 1, 3);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_string_equal(store_col_text(st, 1), "1.");
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_step(st), STORE_DONE);
    store_reset(st);
}

static int run_all(const char *name)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(write_commits_and_refusal_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(failing_job_in_a_batch_rolls_back_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_writers_lose_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_database_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(a_connection_keeps_every_statement_of_the_program, setup, teardown),
        cmocka_unit_test_setup_teardown(a_job_going_on_after_a_failure_is_not_committed_half, setup, teardown),
        cmocka_unit_test_setup_teardown(two_processes_share_one_database, setup, teardown),
        cmocka_unit_test_setup_teardown(values_read_the_same_on_both, setup, teardown),
        cmocka_unit_test_setup_teardown(a_scan_reads_past_its_batches_beside_other_statements, setup, teardown),
    };
    return _cmocka_run_group_tests(name, tests, sizeof tests / sizeof tests[0], NULL, NULL);
}

int main(void)
{
    int failed = run_all("sqlite");
    pg_conninfo = getenv("XASO_TEST_PG");
    if (pg_conninfo && *pg_conninfo)
        failed += run_all("postgresql");
    return failed;
}
