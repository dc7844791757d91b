/* Private to src/store: the SQLite shapes behind the opaque store types. */
#ifndef XASO_STORE_INTERNAL_H
#define XASO_STORE_INTERNAL_H

#include "store/store.h"

#include <sqlite3.h>

/* Statements a connection keeps prepared. Every connection may run every
 * statement of the program, each a literal at one call site (about 230
 * today), so the cache holds them all with room to grow; tests/unit
 * test_store checks a connection can keep this many. */
enum { STMT_CACHE_SIZE = 1024 };

struct store_stmt {
    sqlite3_stmt *raw;
    store_conn *conn;
};

struct store_conn {
    sqlite3 *db;
    store_conn *next_reader;            /* registry of a store's readers */
    int cached;
    const char *cache_sql[STMT_CACHE_SIZE];
    store_stmt cache[STMT_CACHE_SIZE];
};

typedef struct store_migration {
    int version;
    const char *name;
    const char *sql;
} store_migration;

/* Generated at build time from src/store/migrations/NNNN_name.sql. */
extern const store_migration store_migrations[];
extern const int store_migration_count;

/* conn.c */
store_conn *conn_open(const char *path, bool writer, bool sync_full, char *err, size_t errlen);
void conn_close(store_conn *c);
int conn_map_rc(store_conn *c, int rc);
/* Resets every statement left mid-result, ending the read transaction it
 * holds open (which would otherwise stop WAL checkpoints). */
void conn_reset_all(store_conn *c);

/* migrate.c */
int migrate_apply(store_conn *c, char *err, size_t errlen);

/* writer.c */
typedef struct store_writer store_writer;
store_writer *writer_start(store_conn *c, int max_batch, char *err, size_t errlen);
int writer_submit(store_writer *w, store_write_fn fn, void *ctx);
void writer_stop(store_writer *w);
void writer_stats(store_writer *w, store_stats *out);

#endif
