/* Numbering văn bản đi on a real store (NĐ 30/2020 Điều 15): signing takes
 * the next number of the unit's register for the local year, from 01 on
 * 1 January Vietnam time; one sequence for all types or one per type;
 * confidential documents in their own; and documents signed at once by
 * several threads through store_write get every number once, with no gap.
 * With XASO_TEST_PG set every test runs again on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/timefmt.h"
#include "document/outgoing.h"
#include "store/store.h"

typedef struct {
    char dir[64], db[512], pg_name[40];
    store *s;
    int64_t commune, office, leader;
} fixture;

static const char *pg_conninfo; /* NULL: the SQLite pass */
static const unsigned char operator_key[32] = {0x8f, 0x8f, 0x8f, 0x8f};

static void run_psql(const char *sql)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "psql -X -q \"%s dbname=postgres\" -c '%s' >/dev/null", pg_conninfo, sql);
    assert_int_equal(system(cmd), 0);
}

static int64_t insert_id(store_conn *c, const char *sql, const char *a, const char *b, int64_t n)
{
    store_stmt *st = store_prepare(c, sql);
    assert_non_null(st);
    store_bind_text(st, 1, a);
    store_bind_text(st, 2, b);
    store_bind_int64(st, 3, n);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t id = store_col_int64(st, 0);
    store_reset(st);
    return id;
}

static int seed(store_conn *c, void *ctx)
{
    fixture *f = ctx;
    f->commune = insert_id(c, "INSERT INTO unit (parent_id, kind, name, agency_code, created_at) VALUES (NULLIF(?3, 0),"
                              " 'commune', ?1, ?2, '2026-01-01T00:00:00.000Z') RETURNING id",
                           "Ủy ban nhân dân xã Thượng Đức", "000.00.01.H42", 0);
    f->office = insert_id(c, "INSERT INTO unit (parent_id, kind, name, agency_code, created_at) VALUES (?3, 'office',"
                             " ?1, ?2, '2026-01-01T00:00:00.000Z') RETURNING id",
                          "Phòng Văn hóa – Xã hội", "000.03.01.H42", f->commune);
    f->leader = insert_id(c, "INSERT INTO account (username, full_name, position, unit_id, status, password_hash,"
                             " created_at, updated_at) VALUES (?1, ?2, 'Chủ tịch UBND xã', ?3, 'active', 'x',"
                             " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') RETURNING id",
                          "lanhdao", "Lê Thị Bình", f->commune);
    const char *units = "INSERT INTO document_unit (unit_id, abbreviation, per_type, updated_by, updated_at) VALUES"
                        " (?, ?, 0, 'test', '2026-01-01T00:00:00.000Z')";
    for (int i = 0; i < 2; i++) {
        store_stmt *st = store_prepare(c, units);
        store_bind_int64(st, 1, i ? f->office : f->commune);
        store_bind_text(st, 2, i ? "VX" : "UBND");
        assert_int_equal(store_step(st), STORE_DONE);
        store_reset(st);
    }
    return 0;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/xaso-docreg-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    if (pg_conninfo) {
        snprintf(f->pg_name, sizeof f->pg_name, "xaso_d_%d_%s", (int)getpid(), f->dir + strlen(f->dir) - 6);
        for (char *p = f->pg_name; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        char sql[128];
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->pg_name);
        run_psql(sql);
        int n = snprintf(f->db, sizeof f->db, "postgresql:///%s?", f->pg_name);
        for (const char *p = pg_conninfo; *p && n + 2 < (int)sizeof f->db; p++)
            f->db[n++] = *p == ' ' ? '&' : *p;
        f->db[n] = '\0';
    } else {
        snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
    }
    char err[256];
    store_config cfg = {.db_path = f->db, .sync_full = false};
    f->s = store_open(&cfg, err, sizeof err);
    assert_non_null(f->s);
    assert_int_equal(store_write(f->s, seed, f), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    if (f->pg_name[0]) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP DATABASE %s", f->pg_name);
        run_psql(sql);
    }
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

typedef struct {
    fixture *f;
    const char *type_code, *secrecy;
    int64_t id;
} draft;

static int write_draft(store_conn *c, void *ctx)
{
    draft *d = ctx;
    store_stmt *st = store_prepare(
        c, "INSERT INTO document (direction, unit_id, status, type_code, type_name, organ_name, subject, urgency, secrecy,"
           " content, drafting_unit_id, created_by, created_at, updated_at) VALUES ('out', ?, 'review', ?, 'Loại', ?,"
           " 'Trích yếu', 'thuong', ?, 'Nội dung.', ?, 'test', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')"
           " RETURNING id");
    store_bind_int64(st, 1, d->f->commune);
    store_bind_text(st, 2, d->type_code);
    store_bind_text(st, 3, "Ủy ban nhân dân xã Thượng Đức");
    store_bind_text(st, 4, d->secrecy);
    store_bind_int64(st, 5, d->f->office);
    int rc = store_step(st);
    d->id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return rc == STORE_ROW ? 0 : STORE_ERROR;
}

static int write_sign(store_conn *c, void *ctx)
{
    document_sign_job *j = ctx;
    int rc = document_sign_now(c, j);
    json_decref(j->summary);
    j->summary = NULL;
    return rc;
}

/* Drafts one and signs it at now (UTC ms); returns its "số/ký hiệu". */
static char *sign_one(fixture *f, const char *type_code, const char *secrecy, int64_t now)
{
    draft d = {f, type_code, secrecy, 0};
    assert_int_equal(store_write(f->s, write_draft, &d), 0);
    org_error e = {0};
    arena a;
    arena_init(&a, 0);
    document_sign_job j = {.id = d.id, .account_id = f->leader, .signing_key = operator_key, .data_dir = f->dir,
                           .public_base = "http://localhost", .actor = "lanhdao", .now = now, .e = &e, .a = &a};
    int rc = document_sign(f->s, &j);
    json_decref(j.summary);
    arena_free(&a);
    if (rc != 0)
        fail_msg("sign: %d %s", rc, e.message ? e.message : "");
    store_stmt *st = store_prepare(store_reader(f->s), "SELECT code_number || '/' || code_notation FROM document WHERE id = ?");
    store_bind_int64(st, 1, d.id);
    assert_int_equal(store_step(st), STORE_ROW);
    char *out = strdup(store_col_text(st, 0));
    store_reset(st);
    return out;
}

static int64_t at(const char *iso)
{
    int64_t ms;
    assert_true(timefmt_parse_iso_offset(iso, &ms));
    return ms;
}

static void expect(fixture *f, const char *type, const char *secrecy, const char *when, const char *want)
{
    char *got = sign_one(f, type, secrecy, at(when));
    assert_string_equal(got, want);
    free(got);
}

static void shared_sequence_and_the_local_new_year(void **state)
{
    fixture *f = *state;
    expect(f, "quyet_dinh", "", "2026-12-31T23:58:00+07:00", "01/QĐ-UBND");
    expect(f, "cong_van", "", "2026-12-31T23:59:00+07:00", "02/UBND-VX");
    /* 00:05 on 1 January in Vietnam is still 31 December in UTC. */
    expect(f, "quyet_dinh", "", "2027-01-01T00:05:00+07:00", "01/QĐ-UBND");
    expect(f, "thong_bao", "", "2027-01-01T08:00:00+07:00", "02/TB-UBND");
}

static int set_per_type(store_conn *c, void *ctx)
{
    fixture *f = ctx;
    store_stmt *st = store_prepare(c, "UPDATE document_unit SET per_type = 1 WHERE unit_id = ?");
    store_bind_int64(st, 1, f->commune);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : STORE_ERROR;
}

static void per_type_and_confidential_sequences(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_write(f->s, set_per_type, f), 0);
    const char *now = "2026-05-04T09:00:00+07:00";
    expect(f, "quyet_dinh", "", now, "01/QĐ-UBND");
    expect(f, "cong_van", "", now, "01/UBND-VX");
    expect(f, "quyet_dinh", "", now, "02/QĐ-UBND");
    expect(f, "ke_hoach", "", now, "01/KH-UBND");
    /* Điều 15 khoản 2: confidential ones are numbered apart. */
    expect(f, "quyet_dinh", "mat", now, "01/QĐ-UBND");
    expect(f, "quyet_dinh", "toi_mat", now, "02/QĐ-UBND");
    expect(f, "quyet_dinh", "", now, "03/QĐ-UBND");
}

enum { THREADS = 4, EACH = 5 };

typedef struct {
    fixture *f;
    int64_t now;
} worker;

static void *sign_many(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < EACH; i++)
        free(sign_one(w->f, "quyet_dinh", "", w->now));
    return NULL;
}

static void concurrent_signing_gives_each_number_once(void **state)
{
    fixture *f = *state;
    pthread_t t[THREADS];
    worker w = {f, at("2026-06-01T10:00:00+07:00")};
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, sign_many, &w);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    store_stmt *st = store_prepare(store_reader(f->s), "SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq)"
                                                       " FROM document WHERE status = 'signed'");
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_int64(st, 0), THREADS * EACH);
    assert_int_equal(store_col_int64(st, 1), THREADS * EACH);
    assert_int_equal(store_col_int64(st, 2), 1);
    assert_int_equal(store_col_int64(st, 3), THREADS * EACH);
    store_reset(st);
    /* Each number printed in its own signed file. */
    st = store_prepare(store_reader(f->s), "SELECT COUNT(DISTINCT d.file_sha256), COUNT(*) FROM document_signature s"
                                           " JOIN document d ON d.id = s.document_id");
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_int64(st, 0), THREADS * EACH);
    assert_int_equal(store_col_int64(st, 1), THREADS * EACH);
    store_reset(st);
}

static int sign_then_fail(store_conn *c, void *ctx)
{
    int rc = write_sign(c, ctx);
    return rc ? rc : 7; /* the caller fails after signing: everything rolls back */
}

static void a_rolled_back_signing_gives_its_number_back(void **state)
{
    fixture *f = *state;
    draft d = {f, "quyet_dinh", "", 0};
    assert_int_equal(store_write(f->s, write_draft, &d), 0);
    org_error e = {0};
    arena a;
    arena_init(&a, 0);
    int64_t now = at("2026-07-01T09:00:00+07:00");
    document_sign_job j = {.id = d.id, .account_id = f->leader, .signing_key = operator_key, .data_dir = f->dir,
                           .public_base = "http://localhost", .actor = "lanhdao", .now = now, .e = &e, .a = &a};
    assert_int_equal(store_write(f->s, document_sign_key, &j), 0); /* the leader's first key */
    assert_int_equal(document_sign_prepare(store_reader(f->s), &j), 0);
    assert_int_equal(store_write(f->s, sign_then_fail, &j), 7);
    document_sign_release(&j);
    document_forget_blob(f->s, f->dir, j.blob);
    expect(f, "quyet_dinh", "", "2026-07-01T09:01:00+07:00", "01/QĐ-UBND");
    /* Without the operator's key nothing is signed or numbered. */
    draft d2 = {f, "quyet_dinh", "", 0};
    assert_int_equal(store_write(f->s, write_draft, &d2), 0);
    document_sign_job k = {.id = d2.id, .account_id = f->leader, .data_dir = f->dir, .public_base = "http://x",
                           .actor = "lanhdao", .now = now, .e = &e, .a = &a};
    assert_int_equal(document_sign(f->s, &k), 1);
    assert_string_equal(e.code, "signing_unavailable");
    expect(f, "quyet_dinh", "", "2026-07-01T09:02:00+07:00", "02/QĐ-UBND");
    arena_free(&a);
}

/* Two signings made ready for the same number (as two processes on one
 * database can): the second write finds the number taken and keeps
 * nothing; made again, it gets the next. */
static void a_signing_prepared_for_a_taken_number_is_made_again(void **state)
{
    fixture *f = *state;
    draft d1 = {f, "quyet_dinh", "", 0}, d2 = {f, "quyet_dinh", "", 0};
    assert_int_equal(store_write(f->s, write_draft, &d1), 0);
    assert_int_equal(store_write(f->s, write_draft, &d2), 0);
    org_error e = {0};
    arena a;
    arena_init(&a, 0);
    int64_t now = at("2026-08-03T09:00:00+07:00");
    document_sign_job one = {.id = d1.id, .account_id = f->leader, .signing_key = operator_key, .data_dir = f->dir,
                             .public_base = "http://localhost", .actor = "lanhdao", .now = now, .e = &e, .a = &a};
    document_sign_job two = one;
    two.id = d2.id;
    assert_int_equal(store_write(f->s, document_sign_key, &one), 0);
    assert_int_equal(document_sign_prepare(store_reader(f->s), &one), 0);
    document_sign_release(&one); /* as if in another process: no shared turn */
    assert_int_equal(document_sign_prepare(store_reader(f->s), &two), 0);
    document_sign_release(&two);
    assert_int_equal(one.made.seq, two.made.seq);
    assert_int_equal(store_write(f->s, write_sign, &one), 0);
    assert_int_equal(store_write(f->s, write_sign, &two), DOCUMENT_SIGN_STALE);
    store_stmt *st = store_prepare(store_reader(f->s), "SELECT status, code_number FROM document WHERE id = ?");
    store_bind_int64(st, 1, d2.id);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_string_equal(store_col_text(st, 0), "review");
    assert_true(store_col_is_null(st, 1));
    store_reset(st);
    document_forget_blob(f->s, f->dir, two.blob);
    assert_int_equal(document_sign(f->s, &two), 0);
    assert_int_equal(two.made.seq, one.made.seq + 1);
    json_decref(two.summary);
    arena_free(&a);
}

static int edit_meanwhile(store_conn *c, void *ctx)
{
    (void)ctx;
    return store_exec(c, "UPDATE document SET content = 'Điều 1. Sửa lại.', updated_at = '2026-08-03T02:30:00.000Z'"
                         " WHERE status = 'review'");
}

/* The draft was returned, edited and submitted again while its file was
 * being made: the file shows the old text, so the write keeps nothing. */
static void a_signing_of_a_changed_document_is_made_again(void **state)
{
    fixture *f = *state;
    draft d = {f, "quyet_dinh", "", 0};
    assert_int_equal(store_write(f->s, write_draft, &d), 0);
    org_error e = {0};
    arena a;
    arena_init(&a, 0);
    document_sign_job j = {.id = d.id, .account_id = f->leader, .signing_key = operator_key, .data_dir = f->dir,
                           .public_base = "http://localhost", .actor = "lanhdao", .now = at("2026-08-03T09:00:00+07:00"),
                           .e = &e, .a = &a};
    assert_int_equal(store_write(f->s, document_sign_key, &j), 0);
    assert_int_equal(document_sign_prepare(store_reader(f->s), &j), 0);
    document_sign_release(&j);
    assert_int_equal(store_write(f->s, edit_meanwhile, NULL), 0);
    assert_int_equal(store_write(f->s, write_sign, &j), DOCUMENT_SIGN_STALE);
    document_forget_blob(f->s, f->dir, j.blob);
    assert_int_equal(document_sign(f->s, &j), 0);
    json_decref(j.summary);
    arena_free(&a);
}

static int run_all(const char *name)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(shared_sequence_and_the_local_new_year, setup, teardown),
        cmocka_unit_test_setup_teardown(per_type_and_confidential_sequences, setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_signing_gives_each_number_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_rolled_back_signing_gives_its_number_back, setup, teardown),
        cmocka_unit_test_setup_teardown(a_signing_prepared_for_a_taken_number_is_made_again, setup, teardown),
        cmocka_unit_test_setup_teardown(a_signing_of_a_changed_document_is_made_again, setup, teardown),
    };
    return _cmocka_run_group_tests(name, tests, sizeof tests / sizeof tests[0], NULL, NULL);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    int failed = run_all("sqlite");
    pg_conninfo = getenv("XASO_TEST_PG");
    if (pg_conninfo && *pg_conninfo)
        failed += run_all("postgresql");
    return failed;
}
