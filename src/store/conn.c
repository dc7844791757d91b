/* One SQLite connection with its statement cache and the statement API. */
#include "store/internal.h"

#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int apply_pragmas(sqlite3 *db, bool writer, bool sync_full)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "PRAGMA busy_timeout=10000;"
             "PRAGMA foreign_keys=ON;"
             "PRAGMA synchronous=%s;"
             "PRAGMA temp_store=MEMORY;"
             "PRAGMA cache_size=-8000;"
             "%s",
             sync_full ? "FULL" : "NORMAL",
             writer ? "PRAGMA journal_mode=WAL;" : "PRAGMA query_only=ON;");
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

store_conn *conn_open(const char *path, bool writer, bool sync_full, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(db, 1);
        rc = apply_pragmas(db, writer, sync_full);
    }
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path,
                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        return NULL;
    }
    store_conn *c = calloc(1, sizeof *c);
    if (!c) {
        sqlite3_close_v2(db);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->db = db;
    return c;
}

void conn_close(store_conn *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->cached; i++)
        sqlite3_finalize(c->cache[i].raw);
    sqlite3_close_v2(c->db);
    free(c);
}

int conn_map_rc(store_conn *c, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: return STORE_OK;
    case SQLITE_ROW: return STORE_ROW;
    case SQLITE_DONE: return STORE_DONE;
    case SQLITE_CONSTRAINT: return STORE_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return STORE_BUSY;
    default:
        log_event(LOG_ERROR, "store.error", "sqlite %d: %s", rc, c ? sqlite3_errmsg(c->db) : "");
        return STORE_ERROR;
    }
}

static store_stmt *cached_stmt(store_conn *c, int i)
{
    sqlite3_reset(c->cache[i].raw);
    sqlite3_clear_bindings(c->cache[i].raw);
    return &c->cache[i];
}

store_stmt *store_prepare(store_conn *c, const char *sql)
{
    /* SQL is a literal, so the same pointer nearly always finds it; the
     * text is compared only when the pointer is new. */
    for (int i = 0; i < c->cached; i++)
        if (c->cache_sql[i] == sql)
            return cached_stmt(c, i);
    for (int i = 0; i < c->cached; i++)
        if (strcmp(c->cache_sql[i], sql) == 0)
            return cached_stmt(c, i);
    sqlite3_stmt *raw = NULL;
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, NULL);
    if (rc != SQLITE_OK) {
        log_event(LOG_ERROR, "store.prepare", "%s: %s", sqlite3_errmsg(c->db), sql);
        return NULL;
    }
    if (c->cached == STMT_CACHE_SIZE) {
        /* A full cache means a caller builds SQL dynamically; that is a bug. */
        log_event(LOG_ERROR, "store.prepare", "statement cache full");
        sqlite3_finalize(raw);
        return NULL;
    }
    int i = c->cached++;
    c->cache_sql[i] = sql;
    c->cache[i].raw = raw;
    c->cache[i].conn = c;
    return &c->cache[i];
}

int store_bind_text(store_stmt *st, int idx, const char *v)
{
    int rc = v ? sqlite3_bind_text(st->raw, idx, v, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null(st->raw, idx);
    return conn_map_rc(st->conn, rc);
}

int store_bind_int64(store_stmt *st, int idx, int64_t v)
{
    return conn_map_rc(st->conn, sqlite3_bind_int64(st->raw, idx, v));
}

int store_bind_null(store_stmt *st, int idx)
{
    return conn_map_rc(st->conn, sqlite3_bind_null(st->raw, idx));
}

int store_step(store_stmt *st)
{
    int rc = sqlite3_step(st->raw);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        sqlite3_reset(st->raw);
        return STORE_CONSTRAINT;
    }
    return conn_map_rc(st->conn, rc);
}

const char *store_col_text(store_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st->raw, col);
}

int64_t store_col_int64(store_stmt *st, int col) { return sqlite3_column_int64(st->raw, col); }

bool store_col_is_null(store_stmt *st, int col)
{
    return sqlite3_column_type(st->raw, col) == SQLITE_NULL;
}

void store_reset(store_stmt *st) { sqlite3_reset(st->raw); }

int store_exec(store_conn *c, const char *sql)
{
    return conn_map_rc(c, sqlite3_exec(c->db, sql, NULL, NULL, NULL));
}

int64_t store_last_insert_id(store_conn *c) { return sqlite3_last_insert_rowid(c->db); }
int store_changes(store_conn *c) { return sqlite3_changes(c->db); }
const char *store_errmsg(store_conn *c) { return sqlite3_errmsg(c->db); }
store_dialect store_conn_dialect(const store_conn *c) { (void)c; return STORE_SQLITE; }

int store_read_begin(store_conn *c) { return store_exec(c, "BEGIN"); }

void store_read_end(store_conn *c)
{
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
}

void conn_reset_all(store_conn *c)
{
    for (int i = 0; i < c->cached; i++)
        if (sqlite3_stmt_busy(c->cache[i].raw))
            sqlite3_reset(c->cache[i].raw);
}
