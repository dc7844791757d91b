/* The SQLite backend: one database file in WAL mode. */
#include "store/internal.h"

#include "core/log.h"

#include <sqlite3.h>
#include <stdio.h>

static sqlite3 *db_of(store_conn *c) { return c->db; }
static sqlite3_stmt *raw_of(store_stmt *st) { return st->raw; }

static int map_rc(store_conn *c, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: return STORE_OK;
    case SQLITE_ROW: return STORE_ROW;
    case SQLITE_DONE: return STORE_DONE;
    case SQLITE_CONSTRAINT: return STORE_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return STORE_BUSY;
    default:
        log_event(LOG_ERROR, "store.error", "sqlite %d: %s", rc, c ? sqlite3_errmsg(db_of(c)) : "");
        return STORE_ERROR;
    }
}

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

static void *sq_open(const char *path, bool writer, bool sync_full, char *err, size_t errlen)
{
    /* The schema uses unixepoch() (migration 0019), which SQLite has since 3.38. */
    if (sqlite3_libversion_number() < 3038000) {
        snprintf(err, errlen, "SQLite 3.38 or later is needed; this program is linked with %s",
                 sqlite3_libversion());
        return NULL;
    }
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
    return db;
}

static void sq_close(void *db) { sqlite3_close_v2(db); }

static void *sq_prepare(store_conn *c, const char *sql)
{
    sqlite3_stmt *raw = NULL;
    if (sqlite3_prepare_v3(db_of(c), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, NULL) != SQLITE_OK) {
        log_event(LOG_ERROR, "store.prepare", "%s: %s", sqlite3_errmsg(db_of(c)), sql);
        return NULL;
    }
    return raw;
}

static void sq_finalize(void *raw) { sqlite3_finalize(raw); }

static int sq_bind_text(store_stmt *st, int idx, const char *v)
{
    int rc = v ? sqlite3_bind_text(raw_of(st), idx, v, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null(raw_of(st), idx);
    return map_rc(st->conn, rc);
}

static int sq_bind_int64(store_stmt *st, int idx, int64_t v)
{
    return map_rc(st->conn, sqlite3_bind_int64(raw_of(st), idx, v));
}

static int sq_step(store_stmt *st)
{
    int rc = sqlite3_step(raw_of(st));
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        sqlite3_reset(raw_of(st));
        return STORE_CONSTRAINT;
    }
    return map_rc(st->conn, rc);
}

static const char *sq_col_text(store_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(raw_of(st), col);
}

static int64_t sq_col_int64(store_stmt *st, int col) { return sqlite3_column_int64(raw_of(st), col); }

static bool sq_col_is_null(store_stmt *st, int col)
{
    return sqlite3_column_type(raw_of(st), col) == SQLITE_NULL;
}

static void sq_reset(store_stmt *st)
{
    sqlite3_reset(raw_of(st));
    sqlite3_clear_bindings(raw_of(st));
}

static bool sq_holds_result(store_stmt *st) { return sqlite3_stmt_busy(raw_of(st)); }

static int sq_exec(store_conn *c, const char *sql)
{
    return map_rc(c, sqlite3_exec(db_of(c), sql, NULL, NULL, NULL));
}

static int sq_changes(store_conn *c) { return sqlite3_changes(db_of(c)); }
static const char *sq_errmsg(store_conn *c) { return sqlite3_errmsg(db_of(c)); }
static bool sq_in_transaction(store_conn *c) { return !sqlite3_get_autocommit(db_of(c)); }
/* SQLite either keeps a transaction usable after a failed statement or
 * rolls it back itself. */
static bool sq_transaction_failed(store_conn *c) { (void)c; return false; }
static bool sq_healthy(store_conn *c) { (void)c; return true; }

static void sq_close_writer(store_conn *c)
{
    /* Fold the WAL back into the database so the file alone is complete. */
    if (sqlite3_wal_checkpoint_v2(db_of(c), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) !=
        SQLITE_OK)
        log_event(LOG_WARN, "store.checkpoint", "%s", sqlite3_errmsg(db_of(c)));
}

const store_backend store_sqlite_backend = {
    .dialect = STORE_SQLITE,
    .migrations = store_migrations,
    .migration_count = &store_migration_count,
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .prepare_scan = sq_prepare, /* SQLite steps through any result row by row */
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .step = sq_step,
    .col_text = sq_col_text,
    .col_int64 = sq_col_int64,
    .col_is_null = sq_col_is_null,
    .reset = sq_reset,
    .holds_result = sq_holds_result,
    .exec = sq_exec,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .in_transaction = sq_in_transaction,
    .transaction_failed = sq_transaction_failed,
    .healthy = sq_healthy,
    .begin_write = "BEGIN IMMEDIATE",
    .begin_read = "BEGIN",
    .lock_schema = NULL,
    .unlock_schema = NULL,
    .close_writer = sq_close_writer,
};
