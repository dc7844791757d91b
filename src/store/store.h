/* The store: the one database of a deployment.
 *
 * Reads use a connection private to the calling thread (opened on first use).
 * Writes go through store_write() only: one writer thread runs queued write
 * callbacks together in one transaction (group commit), each inside its own
 * savepoint, and wakes each caller only once its batch is durably committed.
 *
 * The database is a SQLite file, or PostgreSQL when the path is a
 * postgresql:// (or postgres://) URL. The statement API (store_*) is the whole
 * surface other parts see, and SQL is written once for both: '?' placeholders,
 * portable types and functions, CAST where a parameter's type must be known;
 * instants are TEXT in UTC ISO 8601.
 *
 * Owner: the caller of store_open() owns the store and must call store_close()
 * after every thread that used it has stopped using it. */
#ifndef XASO_STORE_STORE_H
#define XASO_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct store store;
typedef struct store_conn store_conn;
typedef struct store_stmt store_stmt;

/* Result codes. Callbacks passed to store_write() return 0 for success or any
 * positive code of their own; negative codes are the store's. */
enum {
    STORE_OK = 0,
    STORE_ROW = 1,          /* store_step: a row is ready */
    STORE_DONE = 2,         /* store_step: no (more) rows */
    STORE_ERROR = -1,       /* unexpected database error (logged) */
    STORE_CONSTRAINT = -2,  /* a UNIQUE / FOREIGN KEY / CHECK constraint failed */
    STORE_BUSY = -3,        /* the database is locked by another process */
    STORE_ABORTED = -4,     /* the batch's transaction failed; nothing was written */
    STORE_CLOSED = -5,      /* the store is shutting down */
};

typedef struct store_config {
    const char *db_path;   /* SQLite file, or a postgresql:// URL */
    bool sync_full;        /* synchronous=FULL (default) rather than NORMAL */
    int max_batch;         /* callbacks per commit; 0 = default (256) */
    bool read_only;        /* readers only: no writer, no migration, the file left as it is
                              (tools, a backup's copy) */
} store_config;

typedef struct store_stats {
    uint64_t write_queue_depth;  /* callbacks waiting for the writer now */
    uint64_t writes_committed;   /* callbacks that committed */
    uint64_t writes_failed;      /* callbacks that returned non-zero or were aborted */
    uint64_t batches;            /* transactions committed */
    uint64_t commit_failures;    /* COMMITs that failed */
    uint64_t largest_batch;
    bool writer_degraded;        /* the last COMMIT failed */
} store_stats;

/* Opens (creating if needed) the database, applies pending migrations and
 * starts the writer; read_only opens an existing file for reading only. On
 * failure returns NULL and fills err. */
store *store_open(const store_config *cfg, char *err, size_t errlen);
/* Drains the write queue, stops the writer, checkpoints the WAL and closes every
 * connection. */
void store_close(store *s);

/* The calling thread's read connection (query_only). NULL on failure. */
store_conn *store_reader(store *s);

typedef int (*store_write_fn)(store_conn *c, void *ctx);
/* Runs fn(c, ctx) on the writer's connection inside a savepoint of a group
 * transaction. Returns fn's result once the batch is durably committed (0), or
 * fn's non-zero result (its savepoint rolled back), or a negative STORE_ code.
 * fn must not call store_write() and must not block on anything but the
 * database. Only a 0 return means the write is durable. */
int store_write(store *s, store_write_fn fn, void *ctx);

void store_get_stats(store *s, store_stats *out);
const char *store_path(const store *s);

/* --- statements ------------------------------------------------------ */

/* A statement prepared once per connection and cached there (sql must be a
 * string that stays alive, normally a literal). Reset and unbound on return. */
store_stmt *store_prepare(store_conn *c, const char *sql);
/* The same, for a statement whose result may be huge (a province's facts of a
 * month): PostgreSQL reads it in batches rather than whole. Do not mix the
 * two for one SQL text. */
store_stmt *store_prepare_scan(store_conn *c, const char *sql);
int store_bind_text(store_stmt *st, int idx, const char *v);  /* NULL binds NULL */
int store_bind_int64(store_stmt *st, int idx, int64_t v);
int store_bind_null(store_stmt *st, int idx);
/* STORE_ROW, STORE_DONE or a negative code. */
int store_step(store_stmt *st);
const char *store_col_text(store_stmt *st, int col);   /* valid until next step */
int64_t store_col_int64(store_stmt *st, int col);
bool store_col_is_null(store_stmt *st, int col);
/* Resets a statement early (store_prepare also resets it). */
void store_reset(store_stmt *st);

/* Runs SQL without results (DDL, pragmas, several statements). */
int store_exec(store_conn *c, const char *sql);
int store_changes(store_conn *c);
const char *store_errmsg(store_conn *c);

/* Which database a connection speaks to. SQL is written once for both; the
 * few statements that cannot be (full-text search) choose by this. */
typedef enum { STORE_SQLITE, STORE_POSTGRES } store_dialect;
store_dialect store_conn_dialect(const store_conn *c);

/* True for a postgresql:// or postgres:// URL: no file to lock, copy or check. */
bool store_path_is_postgres(const char *path);

/* A read transaction so several statements see one snapshot. */
int store_read_begin(store_conn *c);
void store_read_end(store_conn *c);

/* --- schema ----------------------------------------------------------- */

/* Highest migration this binary knows, and the one the database has. */
int store_schema_latest(void);
int store_schema_version(store_conn *c);

#endif
