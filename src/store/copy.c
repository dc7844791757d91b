/* SQLite → PostgreSQL, table by table with COPY, in one transaction.
 *
 * Triggers are switched off while rows arrive (the kept facts and the audit
 * log come as they are, not recomputed or refused as edits) and foreign keys
 * are checked at COMMIT, so the order of tables does not matter. */
#include "store/copy.h"

#include "store/internal.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct copy_job {
    sqlite3 *src;
    PGconn *dst;
    FILE *out;
    char *err;
    size_t errlen;
} copy_job;

static int fail(copy_job *j, const char *what, const char *why)
{
    snprintf(j->err, j->errlen, "%s: %s", what, why);
    return -1;
}

/* Runs SQL on the target; false (with the error kept) if it failed. */
static bool pg_run(copy_job *j, const char *sql)
{
    PGresult *res = PQexec(j->dst, sql);
    ExecStatusType st = PQresultStatus(res);
    PQclear(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return true;
    fail(j, sql, PQerrorMessage(j->dst));
    return false;
}

static bool pg_query_int(copy_job *j, const char *sql, long long *out)
{
    PGresult *res = PQexec(j->dst, sql);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    if (ok)
        *out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    else
        fail(j, sql, PQerrorMessage(j->dst));
    PQclear(res);
    return ok;
}

/* "name" with inner quotes doubled: table and column names come from the
 * schema, but are quoted all the same. */
static void quote_ident(char *out, size_t n, const char *name)
{
    size_t o = 0;
    out[o++] = '"';
    for (const char *p = name; *p && o + 3 < n; p++) {
        if (*p == '"')
            out[o++] = '"';
        out[o++] = *p;
    }
    out[o++] = '"';
    out[o] = '\0';
}

/* The column names sql (a query of information_schema.columns for table $1)
 * finds on the target; NULL after fail() when the query fails. */
static PGresult *column_names(copy_job *j, const char *table, const char *sql)
{
    const char *params[1] = {table};
    PGresult *res = PQexecParams(j->dst, sql, 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK)
        return res;
    fail(j, table, PQerrorMessage(j->dst));
    PQclear(res);
    return NULL;
}

#define COLUMNS_OF_TABLE                                                                     \
    "SELECT column_name FROM information_schema.columns "                                    \
    "WHERE table_schema = current_schema() AND table_name = $1 "

/* The target's columns of a table that take values (not generated), joined
 * by commas and quoted; empty when the target has no such table. */
static bool target_columns(copy_job *j, const char *table, char *cols, size_t n)
{
    PGresult *res = column_names(j, table, COLUMNS_OF_TABLE "AND is_generated = 'NEVER' ORDER BY ordinal_position");
    if (!res)
        return false;
    size_t o = 0;
    cols[0] = '\0';
    for (int i = 0; i < PQntuples(res); i++) {
        char q[200];
        quote_ident(q, sizeof q, PQgetvalue(res, i, 0));
        o += (size_t)snprintf(cols + o, o < n ? n - o : 0, "%s%s", i ? "," : "", q);
    }
    PQclear(res);
    if (o >= n)
        return fail(j, table, "too many columns"), false;
    return true;
}

/* One value in COPY's text format: \N for NULL, backslash escapes, bytea as
 * \\x hex. */
static bool put_value(copy_job *j, sqlite3_stmt *row, int col, char **buf, size_t *cap)
{
    int type = sqlite3_column_type(row, col);
    if (type == SQLITE_NULL)
        return PQputCopyData(j->dst, "\\N", 2) == 1;
    const unsigned char *v = type == SQLITE_BLOB ? sqlite3_column_blob(row, col)
                                                 : sqlite3_column_text(row, col);
    size_t len = (size_t)sqlite3_column_bytes(row, col);
    size_t need = type == SQLITE_BLOB ? 3 + 2 * len : 2 * len + 1;
    if (need > *cap) {
        char *grown = realloc(*buf, need);
        if (!grown)
            return false;
        *buf = grown;
        *cap = need;
    }
    char *o = *buf;
    size_t k = 0;
    if (type == SQLITE_BLOB) {
        static const char hex[] = "0123456789abcdef";
        o[k++] = '\\';
        o[k++] = '\\';
        o[k++] = 'x';
        for (size_t i = 0; i < len; i++) {
            o[k++] = hex[v[i] >> 4];
            o[k++] = hex[v[i] & 15];
        }
    } else {
        for (size_t i = 0; i < len; i++) {
            char ch = (char)v[i];
            const char *esc = ch == '\\' ? "\\\\" : ch == '\t' ? "\\t" : ch == '\n' ? "\\n"
                            : ch == '\r' ? "\\r" : NULL;
            if (esc) {
                o[k++] = esc[0];
                o[k++] = esc[1];
            } else {
                o[k++] = ch;
            }
        }
    }
    return PQputCopyData(j->dst, o, (int)k) == 1;
}

/* Streams the rows of one table; returns the count or -1. */
static long long stream_rows(copy_job *j, const char *table, const char *cols)
{
    char sql[8192];
    char qt[200];
    quote_ident(qt, sizeof qt, table);
    snprintf(sql, sizeof sql, "SELECT %s FROM %s", cols, qt);
    sqlite3_stmt *row = NULL;
    if (sqlite3_prepare_v2(j->src, sql, -1, &row, NULL) != SQLITE_OK)
        return fail(j, table, sqlite3_errmsg(j->src));
    snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", qt, cols);
    PGresult *res = PQexec(j->dst, sql);
    bool started = PQresultStatus(res) == PGRES_COPY_IN;
    PQclear(res);
    if (!started) {
        sqlite3_finalize(row);
        return fail(j, table, PQerrorMessage(j->dst));
    }
    char *buf = NULL;
    size_t cap = 0;
    long long n = 0;
    bool ok = true;
    int ncols = sqlite3_column_count(row);
    while (ok && sqlite3_step(row) == SQLITE_ROW) {
        for (int c = 0; ok && c < ncols; c++)
            ok = (c == 0 || PQputCopyData(j->dst, "\t", 1) == 1) && put_value(j, row, c, &buf, &cap);
        ok = ok && PQputCopyData(j->dst, "\n", 1) == 1;
        n++;
    }
    free(buf);
    sqlite3_finalize(row);
    PQputCopyEnd(j->dst, ok ? NULL : "the copy stopped");
    res = PQgetResult(j->dst);
    ok = ok && PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    while ((res = PQgetResult(j->dst)))
        PQclear(res);
    return ok ? n : fail(j, table, PQerrorMessage(j->dst));
}

/* Identity columns continue after the highest id copied. */
static bool move_sequences(copy_job *j, const char *table)
{
    PGresult *res = column_names(j, table, COLUMNS_OF_TABLE "AND is_identity = 'YES'");
    bool ok = res != NULL;
    for (int i = 0; ok && i < PQntuples(res); i++) {
        char qt[200], qc[200], sql[1024];
        quote_ident(qt, sizeof qt, table);
        quote_ident(qc, sizeof qc, PQgetvalue(res, i, 0));
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(MAX(%s), 0) + 1, false) FROM %s",
                 qt, PQgetvalue(res, i, 0), qc, qt);
        ok = pg_run(j, sql);
    }
    PQclear(res);
    return ok;
}

/* Before any row arrives: the table emptied of what the migrations seeded,
 * its triggers off. */
static bool open_table(copy_job *j, const char *table)
{
    char qt[200], sql[512];
    quote_ident(qt, sizeof qt, table);
    snprintf(sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER USER; DELETE FROM %s", qt, qt);
    return pg_run(j, sql);
}

static bool copy_table(copy_job *j, const char *table)
{
    char cols[8192];
    if (!target_columns(j, table, cols, sizeof cols))
        return false;
    if (!*cols)
        return fail(j, table, "PostgreSQL has no such table"), false;
    long long n = stream_rows(j, table, cols);
    if (n < 0)
        return false;
    fprintf(j->out, "  %-32s %lld\n", table, n);
    return true;
}

/* After every row and every foreign key check: triggers on again, ids go on
 * after the copied ones. */
static bool close_table(copy_job *j, const char *table)
{
    char qt[200], sql[512];
    quote_ident(qt, sizeof qt, table);
    snprintf(sql, sizeof sql, "ALTER TABLE %s ENABLE TRIGGER USER", qt);
    return pg_run(j, sql) && move_sequences(j, table);
}

/* Tables of the SQLite file that hold data: not SQLite's own, not the
 * migration record (the target has its own), not full-text shadow tables. */
static const char tables_sql[] =
    "SELECT name FROM sqlite_schema t WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
    "AND name <> 'schema_migrations' AND NOT EXISTS (SELECT 1 FROM sqlite_schema v "
    "  WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\') "
    "ORDER BY name";

typedef bool (*table_step)(copy_job *j, const char *table);

static bool each_table(copy_job *j, table_step step)
{
    sqlite3_stmt *list = NULL;
    if (sqlite3_prepare_v2(j->src, tables_sql, -1, &list, NULL) != SQLITE_OK)
        return fail(j, "tables", sqlite3_errmsg(j->src)), false;
    bool ok = true;
    while (ok && sqlite3_step(list) == SQLITE_ROW)
        ok = step(j, (const char *)sqlite3_column_text(list, 0));
    sqlite3_finalize(list);
    return ok;
}

/* In three passes, because PostgreSQL will not alter a table while checks of
 * deferred foreign keys on it are pending: every table opened, every table
 * filled, the keys checked, every table closed. */
static bool copy_all(copy_job *j)
{
    return each_table(j, open_table) && each_table(j, copy_table) &&
           pg_run(j, "SET CONSTRAINTS ALL IMMEDIATE") && each_table(j, close_table);
}

static int source_version(sqlite3 *src)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(src, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The target gets the schema through the store itself, then must be empty. */
static bool prepare_target(copy_job *j, const char *pg_url)
{
    store_config cfg = {.db_path = pg_url, .sync_full = true};
    store *s = store_open(&cfg, j->err, j->errlen);
    if (!s)
        return false;
    store_close(s);
    j->dst = PQconnectdb(pg_url);
    if (PQstatus(j->dst) != CONNECTION_OK)
        return fail(j, "PostgreSQL", PQerrorMessage(j->dst)), false;
    long long units = 0;
    if (!pg_query_int(j, "SELECT COUNT(*) FROM unit", &units))
        return false;
    if (units > 0)
        return fail(j, "PostgreSQL", "the database already holds a commune; copy into an empty one"),
               false;
    return true;
}

int store_copy_to_postgres(const char *src_db, const char *pg_url, FILE *out, char *err,
                           size_t errlen)
{
    copy_job j = {.out = out, .err = err, .errlen = errlen};
    int rc = -1;
    if (!store_path_is_postgres(pg_url)) {
        fail(&j, pg_url, "not a postgresql:// URL");
        return -1;
    }
    if (sqlite3_open_v2(src_db, &j.src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fail(&j, src_db, sqlite3_errmsg(j.src));
        goto out;
    }
    sqlite3_busy_timeout(j.src, 10000);
    int have = source_version(j.src);
    if (have != store_schema_latest()) {
        snprintf(err, errlen, "%s has schema version %d, this program %d: run xaso migrate on it first",
                 src_db, have, store_schema_latest());
        goto out;
    }
    if (!prepare_target(&j, pg_url))
        goto out;
    /* One read transaction on the source: one consistent state of it, even
     * while a server still writes there. */
    if (sqlite3_exec(j.src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        goto out;
    if (!pg_run(&j, "BEGIN") || !pg_run(&j, "SELECT pg_advisory_xact_lock(2019650415)") ||
        !pg_run(&j, "SET CONSTRAINTS ALL DEFERRED") || !copy_all(&j) || !pg_run(&j, "COMMIT"))
        goto out;
    rc = 0;
out:
    if (rc != 0 && j.dst && PQtransactionStatus(j.dst) != PQTRANS_IDLE)
        PQclear(PQexec(j.dst, "ROLLBACK"));
    PQfinish(j.dst);
    sqlite3_close_v2(j.src);
    return rc;
}
