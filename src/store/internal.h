/* Private to src/store: the shapes behind the opaque store types, and the
 * table of operations each database (SQLite, PostgreSQL) provides. */
#ifndef XASO_STORE_INTERNAL_H
#define XASO_STORE_INTERNAL_H

#include "store/store.h"

/* Statements a connection keeps prepared. Every connection may run every
 * statement of the program, each a literal at one call site (about 230
 * today), so the cache holds them all with room to grow; tests/unit
 * test_store checks a connection can keep this many. */
enum { STMT_CACHE_SIZE = 1024 };

struct store_stmt {
    void *raw;                  /* the backend's statement */
    store_conn *conn;
};

typedef struct store_migration {
    int version;
    const char *name;
    const char *sql;
} store_migration;

/* What one database does; conn.c holds the statement cache and calls these. */
typedef struct store_backend {
    store_dialect dialect;
    const store_migration *migrations;   /* ordered, generated at build time */
    const int *migration_count;
    /* Opens the writer (creates the database, may write) or a reader. */
    void *(*open)(const char *path, bool writer, bool sync_full, char *err, size_t errlen);
    void (*close)(void *db);
    void *(*prepare)(store_conn *c, const char *sql);  /* NULL on error (logged) */
    void *(*prepare_scan)(store_conn *c, const char *sql); /* a result read in batches */
    void (*finalize)(void *raw);
    int (*bind_text)(store_stmt *st, int idx, const char *v);
    int (*bind_int64)(store_stmt *st, int idx, int64_t v);
    int (*step)(store_stmt *st);
    const char *(*col_text)(store_stmt *st, int col);
    int64_t (*col_int64)(store_stmt *st, int col);
    bool (*col_is_null)(store_stmt *st, int col);
    void (*reset)(store_stmt *st);                      /* also clears bindings */
    bool (*holds_result)(store_stmt *st);               /* mid-result, or a result kept */
    int (*exec)(store_conn *c, const char *sql);
    int (*changes)(store_conn *c);
    const char *(*errmsg)(store_conn *c);
    bool (*in_transaction)(store_conn *c);
    bool (*transaction_failed)(store_conn *c);          /* a statement failed; only a rollback helps */
    bool (*healthy)(store_conn *c);                     /* false: the connection is lost */
    const char *begin_write;     /* starts the writer's transaction */
    const char *begin_read;      /* a read snapshot */
    /* Held around migrations so processes starting together apply them once. */
    const char *lock_schema, *unlock_schema;
    /* Ends the writer's life (SQLite folds its WAL into the file). */
    void (*close_writer)(store_conn *c);
} store_backend;

extern const store_backend store_sqlite_backend;
extern const store_backend store_pg_backend;

struct store_conn {
    const store_backend *be;
    void *db;                           /* sqlite3 * or PGconn * */
    char *path;                         /* what it was opened with, to reconnect */
    bool is_writer, sync_full;
    store_conn *next_reader;            /* registry of a store's readers */
    int changes;                        /* PostgreSQL: rows the last write touched */
    unsigned next_name;                 /* PostgreSQL: names of prepared statements */
    int cached;
    const char *cache_sql[STMT_CACHE_SIZE];
    store_stmt cache[STMT_CACHE_SIZE];
};

/* Generated at build time from src/store/migrations/NNNN_name.sql and
 * src/store/migrations_pg/NNNN_name.sql: the same versions and names. */
extern const store_migration store_migrations[];
extern const int store_migration_count;
extern const store_migration store_migrations_pg[];
extern const int store_migration_count_pg;

/* The backend a database path names: PostgreSQL for postgresql:// URLs. */
const store_backend *store_backend_for(const char *path);

/* conn.c */
store_conn *conn_open(const char *path, bool writer, bool sync_full, char *err, size_t errlen);
void conn_close(store_conn *c);
/* Resets every statement left mid-result, ending the read transaction it
 * holds open (which would otherwise stop WAL checkpoints) and freeing the rows
 * a PostgreSQL statement keeps. */
void conn_reset_all(store_conn *c);
bool conn_in_transaction(store_conn *c);
/* A lost connection (PostgreSQL restarted, network cut) is opened again, with
 * an empty statement cache. Returns false if it is still lost. */
bool conn_ensure_healthy(store_conn *c);

/* migrate.c */
int migrate_apply(store_conn *c, char *err, size_t errlen);

/* writer.c */
typedef struct store_writer store_writer;
store_writer *writer_start(store_conn *c, int max_batch, char *err, size_t errlen);
int writer_submit(store_writer *w, store_write_fn fn, void *ctx);
void writer_stop(store_writer *w);
void writer_stats(store_writer *w, store_stats *out);

#endif
