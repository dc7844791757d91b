/* One connection with its statement cache, and the statement API, whichever
 * database sits behind it. */
#include "store/internal.h"

#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_postgres_url(const char *path)
{
    return strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0;
}

bool store_path_is_postgres(const char *path) { return path && is_postgres_url(path); }

const store_backend *store_backend_for(const char *path)
{
    return is_postgres_url(path) ? &store_pg_backend : &store_sqlite_backend;
}

store_conn *conn_open(const char *path, bool writer, bool sync_full, char *err, size_t errlen)
{
    const store_backend *be = store_backend_for(path);
    store_conn *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(path))) {
        free(c);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->be = be;
    c->is_writer = writer;
    c->sync_full = sync_full;
    c->db = be->open(path, writer, sync_full, err, errlen);
    if (!c->db) {
        free(c->path);
        free(c);
        return NULL;
    }
    return c;
}

static void drop_statements(store_conn *c)
{
    for (int i = 0; i < c->cached; i++)
        c->be->finalize(c->cache[i].raw);
    c->cached = 0;
}

void conn_close(store_conn *c)
{
    if (!c)
        return;
    drop_statements(c);
    c->be->close(c->db);
    free(c->path);
    free(c);
}

bool conn_ensure_healthy(store_conn *c)
{
    if (c->be->healthy(c))
        return true;
    char err[512];
    void *db = c->be->open(c->path, c->is_writer, c->sync_full, err, sizeof err);
    if (!db) {
        log_event(LOG_ERROR, "store.reconnect", "%s", err);
        return false;
    }
    log_event(LOG_WARN, "store.reconnect", "the database connection was lost and is open again");
    drop_statements(c);
    c->be->close(c->db);
    c->db = db;
    return true;
}

static store_stmt *cached_stmt(store_conn *c, int i)
{
    c->be->reset(&c->cache[i]);
    return &c->cache[i];
}

static store_stmt *prepare_cached(store_conn *c, const char *sql, bool scan)
{
    /* SQL is a literal, so the same pointer nearly always finds it; the
     * text is compared only when the pointer is new. */
    for (int i = 0; i < c->cached; i++)
        if (c->cache_sql[i] == sql)
            return cached_stmt(c, i);
    for (int i = 0; i < c->cached; i++)
        if (strcmp(c->cache_sql[i], sql) == 0)
            return cached_stmt(c, i);
    if (c->cached == STMT_CACHE_SIZE) {
        /* A full cache means a caller builds SQL dynamically; that is a bug. */
        log_event(LOG_ERROR, "store.prepare", "statement cache full");
        return NULL;
    }
    void *raw = scan ? c->be->prepare_scan(c, sql) : c->be->prepare(c, sql);
    if (!raw)
        return NULL;
    int i = c->cached++;
    c->cache_sql[i] = sql;
    c->cache[i].raw = raw;
    c->cache[i].conn = c;
    return &c->cache[i];
}

store_stmt *store_prepare(store_conn *c, const char *sql) { return prepare_cached(c, sql, false); }
store_stmt *store_prepare_scan(store_conn *c, const char *sql) { return prepare_cached(c, sql, true); }

int store_bind_text(store_stmt *st, int idx, const char *v)
{
    return st->conn->be->bind_text(st, idx, v);
}

int store_bind_int64(store_stmt *st, int idx, int64_t v)
{
    return st->conn->be->bind_int64(st, idx, v);
}

int store_bind_null(store_stmt *st, int idx) { return st->conn->be->bind_text(st, idx, NULL); }
int store_step(store_stmt *st) { return st->conn->be->step(st); }
const char *store_col_text(store_stmt *st, int col) { return st->conn->be->col_text(st, col); }
int64_t store_col_int64(store_stmt *st, int col) { return st->conn->be->col_int64(st, col); }
bool store_col_is_null(store_stmt *st, int col) { return st->conn->be->col_is_null(st, col); }
void store_reset(store_stmt *st) { st->conn->be->reset(st); }

int store_exec(store_conn *c, const char *sql) { return c->be->exec(c, sql); }
int store_changes(store_conn *c) { return c->be->changes(c); }
const char *store_errmsg(store_conn *c) { return c->be->errmsg(c); }
store_dialect store_conn_dialect(const store_conn *c) { return c->be->dialect; }
bool conn_in_transaction(store_conn *c) { return c->be->in_transaction(c); }

int store_read_begin(store_conn *c) { return store_exec(c, c->be->begin_read); }

void store_read_end(store_conn *c)
{
    if (c->be->in_transaction(c)) {
        /* A failed read transaction cannot commit; either way it ends. */
        if (c->be->transaction_failed(c))
            c->be->exec(c, "ROLLBACK");
        else
            c->be->exec(c, "COMMIT");
    }
}

void conn_reset_all(store_conn *c)
{
    for (int i = 0; i < c->cached; i++)
        if (c->be->holds_result(&c->cache[i]))
            c->be->reset(&c->cache[i]);
}
