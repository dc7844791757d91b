/* Opening and closing the store, and the per-thread read connections. */
#include "store/internal.h"

#include "core/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store {
    uint64_t id;              /* distinguishes stores for the thread-local cache */
    char *path;
    bool sync_full;
    store_conn *writer_conn;
    store_writer *writer;
    pthread_mutex_t readers_lock;
    store_conn *readers;      /* every reader opened, closed by store_close */
};

static atomic_uint_fast64_t next_store_id = 1;

/* A thread keeps one reader for the store it used last; a thread pool worker
 * serves one store, so this is a hit on every request but the first. */
enum { THREAD_READERS = 4 };
static _Thread_local struct {
    uint64_t store_id;
    store_conn *conn;
} thread_reader[THREAD_READERS];

store *store_open(const store_config *cfg, char *err, size_t errlen)
{
    store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(cfg->db_path))) {
        free(s);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->id = atomic_fetch_add(&next_store_id, 1);
    s->sync_full = cfg->sync_full;
    pthread_mutex_init(&s->readers_lock, NULL);
    /* Read-only: the file as it is, read by reader connections alone; no
     * migration, no change of journal mode, no checkpoint at close (a
     * backup's copy is inspected this way and must stay byte for byte). */
    if (cfg->read_only)
        return s;
    /* The writer connection also runs migrations, and creates the file. */
    s->writer_conn = conn_open(cfg->db_path, true, cfg->sync_full, err, errlen);
    if (!s->writer_conn)
        goto fail;
    if (migrate_apply(s->writer_conn, err, errlen) != 0)
        goto fail;
    s->writer = writer_start(s->writer_conn, cfg->max_batch, err, errlen);
    if (!s->writer)
        goto fail;
    return s;
fail:
    store_close(s);
    return NULL;
}

void store_close(store *s)
{
    if (!s)
        return;
    writer_stop(s->writer);
    for (store_conn *c = s->readers; c;) {
        store_conn *next = c->next_reader;
        conn_close(c);
        c = next;
    }
    if (s->writer_conn) {
        s->writer_conn->be->close_writer(s->writer_conn);
        conn_close(s->writer_conn);
    }
    for (int i = 0; i < THREAD_READERS; i++)
        if (thread_reader[i].store_id == s->id)
            thread_reader[i].store_id = 0;
    pthread_mutex_destroy(&s->readers_lock);
    free(s->path);
    free(s);
}

/* A thread may read several stores (the scheduler reads the live database
 * and the backup it just took): a few slots, each a store and its reader. */
store_conn *store_reader(store *s)
{
    int slot = -1;
    for (int i = 0; i < THREAD_READERS; i++) {
        if (thread_reader[i].store_id == s->id) {
            store_conn *c = thread_reader[i].conn;
            conn_reset_all(c);
            /* A transaction that failed can only be rolled back; left so, the
             * connection would refuse every later statement. */
            if (c->be->transaction_failed(c))
                store_exec(c, "ROLLBACK");
            return conn_ensure_healthy(c) ? c : NULL;
        }
        if (slot < 0 && thread_reader[i].store_id == 0)
            slot = i;
    }
    char err[256];
    store_conn *c = conn_open(s->path, false, s->sync_full, err, sizeof err);
    if (!c) {
        log_event(LOG_ERROR, "store.reader", "%s", err);
        return NULL;
    }
    pthread_mutex_lock(&s->readers_lock);
    c->next_reader = s->readers;
    s->readers = c;
    pthread_mutex_unlock(&s->readers_lock);
    /* All slots taken (more stores on one thread than the program opens):
     * one is given up; its reader still belongs to its store and is closed
     * with it. */
    if (slot < 0)
        slot = (int)(s->id % THREAD_READERS);
    thread_reader[slot].store_id = s->id;
    thread_reader[slot].conn = c;
    return c;
}

int store_write(store *s, store_write_fn fn, void *ctx)
{
    if (!s->writer)
        return STORE_CLOSED;
    return writer_submit(s->writer, fn, ctx);
}

void store_get_stats(store *s, store_stats *out)
{
    memset(out, 0, sizeof *out);
    if (s->writer)
        writer_stats(s->writer, out);
}

const char *store_path(const store *s) { return s->path; }
