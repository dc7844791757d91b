/* The PostgreSQL backend, through libpq.
 *
 * Statements are prepared once per connection under a name of their own and
 * run with parameters sent as text, so PostgreSQL infers each parameter's type
 * from the statement (SQL casts where it cannot). A step fetches the whole
 * result at the first call: the callers nest statements on one connection
 * while iterating, which libpq's row-by-row mode does not allow. A statement
 * keeps its rows until it is reset (store_prepare and each request's
 * conn_reset_all do that). A statement prepared as a scan (store_prepare_scan:
 * a province's facts) is read instead through a cursor, SCAN_BATCH rows at a
 * time, so its size is the server's to hold, not this process's.
 *
 * Booleans come back as "1"/"0", the way SQLite gives them. */
#include "store/internal.h"

#include "core/log.h"
#include "store/pg_sql.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PG_BOOL_OID = 16, PG_TEXT_OID = 25 };

/* Advisory lock keys: one for writes, one for migrations (any two constants
 * this program alone uses). */
#define PG_WRITE_LOCK "2019650415"
#define PG_SCHEMA_LOCK "2019650416"

enum { SCAN_BATCH = 2000 };

typedef struct pg_stmt {
    char name[24];
    int nparams;
    char **values;       /* owned copies; NULL is SQL NULL */
    PGresult *res;       /* the whole result once run, or a scan's current batch */
    int row, nrows;
    /* A scan: DECLARE … CURSOR WITH HOLD FOR the statement, run at the first
     * step with the parameters, then FETCH by batches. */
    char *declare_sql;
    Oid *types;
    bool cursor_open;
} pg_stmt;

static PGconn *db_of(store_conn *c) { return c->db; }
static pg_stmt *stmt_of(store_stmt *st) { return st->raw; }

/* SQLSTATE classes: 23 integrity constraint violation; 40001 serialization
 * failure, 40P01 deadlock, 55P03 lock not available. */
static int map_error(store_conn *c, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state && strncmp(state, "23", 2) == 0)
        return STORE_CONSTRAINT;
    if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
        return STORE_BUSY;
    log_event(LOG_ERROR, "store.error", "postgresql %s: %s", state ? state : "-",
              PQerrorMessage(db_of(c)));
    return STORE_ERROR;
}

/* Notices (such as "relation already exists, skipping") are not errors. */
static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static void *pg_open(const char *path, bool writer, bool sync_full, char *err, size_t errlen)
{
    PGconn *db = PQconnectdb(path);
    if (!db || PQstatus(db) != CONNECTION_OK) {
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
                 db ? PQerrorMessage(db) : "out of memory");
        PQfinish(db);
        return NULL;
    }
    PQsetNoticeProcessor(db, quiet_notice, NULL);
    char setup[384];
    snprintf(setup, sizeof setup,
             "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET application_name = 'xaso';"
             /* A scan's cursor is read to its end: plan it for all its rows,
              * not (PostgreSQL's default for cursors) the first tenth. */
             "SET cursor_tuple_fraction = 1;"
             "SET synchronous_commit = %s; SET default_transaction_read_only = %s",
             sync_full ? "on" : "off", writer ? "off" : "on");
    PGresult *res = PQexec(db, setup);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) {
        snprintf(err, errlen, "cannot set up the PostgreSQL session: %s", PQerrorMessage(db));
        PQfinish(db);
        return NULL;
    }
    return db;
}

static void pg_close(void *db) { PQfinish(db); }

/* Whether $k appears in the numbered text (not as the start of $k0…). */
static bool param_used(const char *numbered, int k)
{
    char mark[16];
    int n = snprintf(mark, sizeof mark, "$%d", k);
    for (const char *p = strstr(numbered, mark); p; p = strstr(p + 1, mark))
        if (!isdigit((unsigned char)p[n]))
            return true;
    return false;
}

/* Parameters a statement numbers past but never uses (SQLite allows
 * "VALUES (?2, ?3)" bound from 1) are declared text; PostgreSQL infers the
 * others from where they stand. */
static Oid *param_types(const char *numbered, int n)
{
    Oid *types = calloc((size_t)n, sizeof *types);
    for (int k = 1; types && k <= n; k++)
        types[k - 1] = param_used(numbered, k) ? 0 : PG_TEXT_OID;
    return types;
}

static void clear_values(pg_stmt *s)
{
    for (int i = 0; i < s->nparams; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
    }
}

static void pg_finalize(void *raw)
{
    pg_stmt *s = raw;
    if (!s)
        return;
    clear_values(s);
    PQclear(s->res);
    free(s->values);
    free(s->declare_sql);
    free(s->types);
    free(s);
    /* The server-side statement (or cursor) goes with its connection. */
}

/* A statement's client side: its name, its text numbered for PostgreSQL,
 * room for its parameters. NULL when out of memory. */
static pg_stmt *new_stmt(store_conn *c, const char *sql, char **numbered)
{
    pg_stmt *s = calloc(1, sizeof *s);
    int n = 0;
    *numbered = s ? pg_sql_numbered(sql, strlen(sql), &n) : NULL;
    if (!*numbered || (n && !(s->values = calloc((size_t)n, sizeof *s->values)))) {
        log_event(LOG_ERROR, "store.prepare", "out of memory");
        free(*numbered);
        free(s);
        return NULL;
    }
    s->nparams = n;
    snprintf(s->name, sizeof s->name, "x%u", c->next_name++);
    return s;
}

static void *pg_prepare(store_conn *c, const char *sql)
{
    char *numbered;
    pg_stmt *s = new_stmt(c, sql, &numbered);
    if (!s)
        return NULL;
    Oid *types = s->nparams ? param_types(numbered, s->nparams) : NULL;
    PGresult *res = PQprepare(db_of(c), s->name, numbered, s->nparams, types);
    free(types);
    free(numbered);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        log_event(LOG_ERROR, "store.prepare", "%s: %s", PQerrorMessage(db_of(c)), sql);
        PQclear(res);
        pg_finalize(s);
        return NULL;
    }
    PQclear(res);
    return s;
}

/* Not prepared on the server: DECLARE takes the statement with its
 * parameters each time. WITH HOLD lets the cursor outlive the implicit
 * transaction of a reader's autocommit; the server keeps the rows. */
static void *pg_prepare_scan(store_conn *c, const char *sql)
{
    char *numbered;
    pg_stmt *s = new_stmt(c, sql, &numbered);
    if (!s)
        return NULL;
    size_t len = strlen(numbered) + 64;
    s->declare_sql = malloc(len);
    s->types = s->nparams ? param_types(numbered, s->nparams) : NULL;
    if (!s->declare_sql || (s->nparams && !s->types)) {
        log_event(LOG_ERROR, "store.prepare", "out of memory");
        pg_finalize(s);
        free(numbered);
        return NULL;
    }
    snprintf(s->declare_sql, len, "DECLARE %s NO SCROLL CURSOR WITH HOLD FOR %s", s->name, numbered);
    free(numbered);
    return s;
}

static int pg_bind_text(store_stmt *st, int idx, const char *v)
{
    pg_stmt *s = stmt_of(st);
    if (idx < 1 || idx > s->nparams)
        return STORE_ERROR;
    char *copy = NULL;
    if (v && !(copy = strdup(v)))
        return STORE_ERROR;
    free(s->values[idx - 1]);
    s->values[idx - 1] = copy;
    return STORE_OK;
}

static int pg_bind_int64(store_stmt *st, int idx, int64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)v);
    return pg_bind_text(st, idx, text);
}

/* Rows touched by the last INSERT, UPDATE or DELETE (with or without RETURNING). */
static void note_changes(store_conn *c, PGresult *res)
{
    const char *tag = PQcmdStatus(res);
    if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
        strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0)
        c->changes = atoi(PQcmdTuples(res));
}

static int run(store_stmt *st)
{
    pg_stmt *s = stmt_of(st);
    PGresult *res = PQexecPrepared(db_of(st->conn), s->name, s->nparams,
                                   (const char *const *)s->values, NULL, NULL, 0);
    ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        int rc = map_error(st->conn, res);
        PQclear(res);
        return rc;
    }
    note_changes(st->conn, res);
    s->res = res;
    s->nrows = status == PGRES_TUPLES_OK ? PQntuples(res) : 0;
    s->row = -1;
    return STORE_OK;
}

/* The next batch of a scan's rows: the cursor declared at the first call. */
static int fetch_batch(store_stmt *st)
{
    pg_stmt *s = stmt_of(st);
    PGconn *db = db_of(st->conn);
    if (!s->cursor_open) {
        PGresult *res = PQexecParams(db, s->declare_sql, s->nparams, s->types,
                                     (const char *const *)s->values, NULL, NULL, 0);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        int rc = ok ? STORE_OK : map_error(st->conn, res);
        PQclear(res);
        if (!ok)
            return rc;
        s->cursor_open = true;
    }
    char fetch[64];
    snprintf(fetch, sizeof fetch, "FETCH %d FROM %s", SCAN_BATCH, s->name);
    PQclear(s->res);
    s->res = PQexec(db, fetch);
    if (PQresultStatus(s->res) != PGRES_TUPLES_OK) {
        int rc = map_error(st->conn, s->res);
        PQclear(s->res);
        s->res = NULL;
        return rc;
    }
    s->nrows = PQntuples(s->res);
    s->row = -1;
    return STORE_OK;
}

static void close_cursor(store_stmt *st)
{
    pg_stmt *s = stmt_of(st);
    if (!s->cursor_open)
        return;
    char close[48];
    snprintf(close, sizeof close, "CLOSE %s", s->name);
    PQclear(PQexec(db_of(st->conn), close));
    s->cursor_open = false;
}

static int scan_step(store_stmt *st)
{
    pg_stmt *s = stmt_of(st);
    if (!s->res || (s->row + 1 >= s->nrows && s->nrows == SCAN_BATCH)) {
        int rc = fetch_batch(st);
        if (rc != STORE_OK)
            return rc;
    }
    if (s->row < s->nrows)
        s->row++;
    if (s->row < s->nrows)
        return STORE_ROW;
    close_cursor(st);
    return STORE_DONE;
}

static int pg_step(store_stmt *st)
{
    pg_stmt *s = stmt_of(st);
    if (s->declare_sql)
        return scan_step(st);
    if (!s->res) {
        int rc = run(st);
        if (rc != STORE_OK)
            return rc;
    }
    if (s->row < s->nrows)
        s->row++;
    return s->row < s->nrows ? STORE_ROW : STORE_DONE;
}

static bool has_value(pg_stmt *s, int col)
{
    return s->res && s->row >= 0 && s->row < s->nrows && col >= 0 && col < PQnfields(s->res) &&
           !PQgetisnull(s->res, s->row, col);
}

static const char *pg_col_text(store_stmt *st, int col)
{
    pg_stmt *s = stmt_of(st);
    if (!has_value(s, col))
        return NULL;
    const char *v = PQgetvalue(s->res, s->row, col);
    if (PQftype(s->res, col) == PG_BOOL_OID)
        return v[0] == 't' ? "1" : "0";
    return v;
}

static int64_t pg_col_int64(store_stmt *st, int col)
{
    const char *v = pg_col_text(st, col);
    if (!v)
        return 0;
    /* A double or numeric read as an integer truncates, as SQLite does. */
    if (strpbrk(v, ".eE"))
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static bool pg_col_is_null(store_stmt *st, int col) { return !has_value(stmt_of(st), col); }

static void pg_reset(store_stmt *st)
{
    pg_stmt *s = stmt_of(st);
    close_cursor(st);
    PQclear(s->res);
    s->res = NULL;
    s->row = s->nrows = 0;
    clear_values(s);
}

static bool pg_holds_result(store_stmt *st)
{
    return stmt_of(st)->res != NULL || stmt_of(st)->cursor_open;
}

static int pg_exec(store_conn *c, const char *sql)
{
    PGresult *res = PQexec(db_of(c), sql);
    ExecStatusType status = PQresultStatus(res);
    int rc = STORE_OK;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        rc = map_error(c, res);
    else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
        rc = STORE_ABORTED; /* the transaction had failed: COMMIT rolled it back */
    else
        note_changes(c, res);
    PQclear(res);
    return rc;
}

static int pg_changes(store_conn *c) { return c->changes; }

static const char *pg_errmsg(store_conn *c) { return PQerrorMessage(db_of(c)); }

static bool pg_in_transaction(store_conn *c)
{
    PGTransactionStatusType t = PQtransactionStatus(db_of(c));
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static bool pg_transaction_failed(store_conn *c)
{
    return PQtransactionStatus(db_of(c)) == PQTRANS_INERROR;
}

static bool pg_healthy(store_conn *c) { return PQstatus(db_of(c)) == CONNECTION_OK; }

static void pg_close_writer(store_conn *c) { (void)c; }

const store_backend store_pg_backend = {
    .dialect = STORE_POSTGRES,
    .migrations = store_migrations_pg,
    .migration_count = &store_migration_count_pg,
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .prepare_scan = pg_prepare_scan,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int64 = pg_col_int64,
    .col_is_null = pg_col_is_null,
    .reset = pg_reset,
    .holds_result = pg_holds_result,
    .exec = pg_exec,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .in_transaction = pg_in_transaction,
    .transaction_failed = pg_transaction_failed,
    .healthy = pg_healthy,
    /* Every write of every xaso process on this database goes one at a
     * time: audit sequence numbers and yearly dossier codes are the next
     * after the last, as with SQLite's single writer. */
    .begin_write = "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")",
    .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
    .lock_schema = "SELECT pg_advisory_lock(" PG_SCHEMA_LOCK ")",
    .unlock_schema = "SELECT pg_advisory_unlock(" PG_SCHEMA_LOCK ")",
    .close_writer = pg_close_writer,
};
