/* Token buckets in an UNLOGGED PostgreSQL table (rate_bucket, migration
 * 0021): one upsert per request, its time the database's clock so the
 * processes' clocks need not agree. A crash of PostgreSQL forgets the
 * buckets, which only forgives. */
#include "store/rate_shared.h"

#include "store/internal.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

/* Written for PostgreSQL alone: SQLite never runs it. */
static const char take_sql[] =
    "INSERT INTO rate_bucket AS b (client, tokens, at_ms) "
    "VALUES (?, CAST(? AS DOUBLE PRECISION) - 1, CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)) "
    "ON CONFLICT (client) DO UPDATE SET "
    "tokens = GREATEST(-1, LEAST(CAST(?2 AS DOUBLE PRECISION), "
    "  b.tokens + (EXCLUDED.at_ms - b.at_ms) * CAST(? AS DOUBLE PRECISION) / 1000.0) - 1), "
    "at_ms = EXCLUDED.at_ms "
    "RETURNING tokens";

/* Buckets untouched for ten minutes are full again: forgotten. */
static const char sweep_sql[] =
    "DELETE FROM rate_bucket "
    "WHERE at_ms < CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT) - 600000";

enum { SWEEP_EVERY = 4096 };
static atomic_uint takes;

static int take(store_conn *c, const char *client, double per_s, double burst, int *retry)
{
    char burst_text[32], rate_text[32];
    snprintf(burst_text, sizeof burst_text, "%.6f", burst);
    snprintf(rate_text, sizeof rate_text, "%.6f", per_s);
    store_stmt *st = store_prepare(c, take_sql);
    if (!st)
        return -1;
    store_bind_text(st, 1, client);
    store_bind_text(st, 2, burst_text);
    store_bind_text(st, 3, rate_text);
    if (store_step(st) != STORE_ROW)
        return -1;
    double tokens = strtod(store_col_text(st, 0), NULL);
    store_reset(st);
    if (tokens >= 0)
        return 1;
    *retry = (int)ceil(-tokens / per_s);
    if (*retry < 1)
        *retry = 1;
    return 0;
}

int store_rate_take(store *s, const char *client, double per_s, double burst, int *retry_after_s)
{
    store_conn *c = store_reader(s);
    if (!c || store_conn_dialect(c) != STORE_POSTGRES || per_s <= 0)
        return -1;
    /* Readers are read-only by default; this one write does not go through
     * the writer (nothing to make durable, and it must not queue behind
     * dossiers): its own short transaction, not waiting for a disk flush. */
    if (store_exec(c, "BEGIN READ WRITE; SET LOCAL synchronous_commit = off") != STORE_OK)
        return -1;
    int rc = take(c, client, per_s, burst, retry_after_s);
    if (rc >= 0 && atomic_fetch_add(&takes, 1) % SWEEP_EVERY == SWEEP_EVERY - 1) {
        store_stmt *st = store_prepare(c, sweep_sql);
        if (st && store_step(st) == STORE_DONE)
            store_reset(st);
    }
    if (store_exec(c, rc >= 0 ? "COMMIT" : "ROLLBACK") != STORE_OK)
        return -1;
    return rc;
}
