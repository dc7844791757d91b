/* The single write path: group commit.
 *
 * Callers enqueue a job and sleep on its semaphore. The writer thread takes
 * every queued job (up to max_batch), runs them in one BEGIN IMMEDIATE ...
 * COMMIT, each inside its own SAVEPOINT so a failing job rolls back alone, and
 * posts each job's semaphore only after COMMIT returned. With synchronous=FULL
 * COMMIT returns after the WAL is fsynced, so a woken caller's write is
 * durable. One fsync then pays for the whole batch: that is where durable
 * throughput comes from. On PostgreSQL the batch also holds an advisory lock,
 * so the writers of several processes on one database take turns. */
#include "store/internal.h"

#include "core/log.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct write_job {
    store_write_fn fn;
    void *ctx;
    int rc;
    sem_t done;
    struct write_job *next;
} write_job;

struct store_writer {
    store_conn *conn;
    int max_batch;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    write_job *head, *tail;
    bool stopping;
    atomic_uint_fast64_t depth, committed, failed, batches, commit_failures, largest;
    atomic_bool degraded;
};

static void finish(store_writer *w, write_job *job, int rc)
{
    job->rc = rc;
    atomic_fetch_add(rc == 0 ? &w->committed : &w->failed, 1);
    sem_post(&job->done);
}

/* Runs one job inside its savepoint. Returns false when the job's failure took
 * the whole transaction down (SQLite rolls back on I/O errors, disk full...). */
static bool run_job(store_writer *w, write_job *job)
{
    store_conn *c = w->conn;
    int rc = store_exec(c, "SAVEPOINT job");
    if (rc != STORE_OK) {
        job->rc = rc;
        return conn_in_transaction(c);
    }
    job->rc = job->fn(c, job->ctx);
    conn_reset_all(c);
    if (!conn_in_transaction(c))
        return false;
    if (job->rc == 0 && c->be->transaction_failed(c)) {
        /* A statement failed and the job went on as if not: on PostgreSQL
         * nothing after it ran, so the job did not happen. */
        log_event(LOG_ERROR, "store.job", "a write went on after a failed statement: %s",
                  store_errmsg(c));
        job->rc = STORE_ERROR;
    }
    if (job->rc != 0)
        store_exec(c, "ROLLBACK TO job");
    store_exec(c, "RELEASE job");
    return true;
}

/* Runs jobs[from..n) in one transaction; returns the index after the last job
 * whose fate is decided. */
static int run_batch(store_writer *w, write_job **jobs, int from, int n)
{
    store_conn *c = w->conn;
    if (!conn_ensure_healthy(c) || store_exec(c, c->be->begin_write) != STORE_OK) {
        log_event(LOG_ERROR, "store.begin", "%s", store_errmsg(c));
        if (conn_in_transaction(c))
            store_exec(c, "ROLLBACK");
        for (int i = from; i < n; i++)
            finish(w, jobs[i], STORE_ABORTED);
        return n;
    }
    int i = from;
    for (; i < n; i++) {
        if (!run_job(w, jobs[i])) {
            /* The transaction is gone: jobs already run in it were not written. */
            log_event(LOG_ERROR, "store.abort", "transaction rolled back: %s", store_errmsg(c));
            for (int k = from; k <= i; k++)
                finish(w, jobs[k], STORE_ABORTED);
            return i + 1;
        }
    }
    if (store_exec(c, "COMMIT") != STORE_OK) {
        log_event(LOG_ERROR, "store.commit", "%s", store_errmsg(c));
        if (conn_in_transaction(c))
            store_exec(c, "ROLLBACK");
        atomic_fetch_add(&w->commit_failures, 1);
        atomic_store(&w->degraded, true);
        for (int k = from; k < n; k++)
            finish(w, jobs[k], STORE_ABORTED);
        return n;
    }
    atomic_store(&w->degraded, false);
    atomic_fetch_add(&w->batches, 1);
    for (int k = from; k < n; k++)
        finish(w, jobs[k], jobs[k]->rc);
    return n;
}

static int take_jobs(store_writer *w, write_job **jobs)
{
    pthread_mutex_lock(&w->lock);
    while (!w->head && !w->stopping)
        pthread_cond_wait(&w->wake, &w->lock);
    int n = 0;
    while (w->head && n < w->max_batch) {
        jobs[n++] = w->head;
        w->head = w->head->next;
    }
    if (!w->head)
        w->tail = NULL;
    pthread_mutex_unlock(&w->lock);
    atomic_fetch_sub(&w->depth, (uint_fast64_t)n);
    return n;
}

static void *writer_main(void *arg)
{
    store_writer *w = arg;
    write_job **jobs = calloc((size_t)w->max_batch, sizeof *jobs);
    if (!jobs)
        abort(); /* at start-up, before any caller waits: nothing to lose */
    for (;;) {
        int n = take_jobs(w, jobs);
        if (n == 0)
            break; /* stopping and drained */
        if ((uint_fast64_t)n > atomic_load(&w->largest))
            atomic_store(&w->largest, (uint_fast64_t)n);
        for (int from = 0; from < n;)
            from = run_batch(w, jobs, from, n);
    }
    free(jobs);
    return NULL;
}

store_writer *writer_start(store_conn *c, int max_batch, char *err, size_t errlen)
{
    store_writer *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->conn = c;
    w->max_batch = max_batch > 0 ? max_batch : 256;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        snprintf(err, errlen, "cannot start the writer thread");
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->wake);
        free(w);
        return NULL;
    }
    return w;
}

int writer_submit(store_writer *w, store_write_fn fn, void *ctx)
{
    write_job job = {.fn = fn, .ctx = ctx, .rc = STORE_ABORTED};
    sem_init(&job.done, 0, 0);
    pthread_mutex_lock(&w->lock);
    if (w->stopping) {
        pthread_mutex_unlock(&w->lock);
        sem_destroy(&job.done);
        return STORE_CLOSED;
    }
    if (w->tail)
        w->tail->next = &job;
    else
        w->head = &job;
    w->tail = &job;
    atomic_fetch_add(&w->depth, 1);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    while (sem_wait(&job.done) != 0)
        ; /* EINTR */
    sem_destroy(&job.done);
    return job.rc;
}

void writer_stop(store_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_broadcast(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w);
}

void writer_stats(store_writer *w, store_stats *out)
{
    out->write_queue_depth = atomic_load(&w->depth);
    out->writes_committed = atomic_load(&w->committed);
    out->writes_failed = atomic_load(&w->failed);
    out->batches = atomic_load(&w->batches);
    out->commit_failures = atomic_load(&w->commit_failures);
    out->largest_batch = atomic_load(&w->largest);
    out->writer_degraded = atomic_load(&w->degraded);
}
