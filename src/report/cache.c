/* Indexes computed once and kept. A staff answer is reused while the
 * store's fact version is the one it was computed at, and for at most a
 * minute, because an open dossier turns late as time passes without any
 * write. A public answer is reused for a minute whatever was written since,
 * and only one is computed at a time: anonymous callers cannot make the
 * server rescan a province's year faster than once a minute per key, nor
 * on more than one thread. Bounded: a fixed number of slots, the oldest
 * replaced. */
#include "report/internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { CACHE_SLOTS = 128, CACHE_MS = 60 * 1000, CACHE_KEY = 96 };

static struct {
    pthread_mutex_t lock;
    struct {
        char key[CACHE_KEY];
        int64_t version, until_ms;
        json_t *answer; /* owned here; callers get deep copies */
    } slot[CACHE_SLOTS];
    unsigned next;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_mutex_t public_compute = PTHREAD_MUTEX_INITIALIZER;

int64_t report_facts_version(store_conn *c)
{
    store_stmt *st = store_prepare(c, "SELECT version FROM dossier_fact_stamp WHERE id = 1");
    int64_t v = st && store_step(st) == STORE_ROW ? store_col_int64(st, 0) : -1;
    if (st)
        store_reset(st);
    return v;
}

/* version < 0: any version will do (a public answer). */
static json_t *lookup(const char *key, int64_t version, int64_t now)
{
    json_t *hit = NULL;
    pthread_mutex_lock(&cache.lock);
    for (int i = 0; i < CACHE_SLOTS && !hit; i++)
        if (cache.slot[i].answer && (version < 0 || cache.slot[i].version == version) &&
            now < cache.slot[i].until_ms && strcmp(cache.slot[i].key, key) == 0)
            hit = json_deep_copy(cache.slot[i].answer);
    pthread_mutex_unlock(&cache.lock);
    return hit;
}

json_t *report_cache_get(const char *key, int64_t version, int64_t now)
{
    return version < 0 ? NULL : lookup(key, version, now);
}

json_t *report_cache_public(const char *key, int64_t now, report_compute_fn compute, void *ctx)
{
    json_t *out = lookup(key, -1, now);
    if (out)
        return out;
    pthread_mutex_lock(&public_compute);
    /* Another caller may have computed it while this one waited. */
    if (!(out = lookup(key, -1, now)) && (out = compute(ctx)))
        report_cache_put(key, 0, now, out);
    pthread_mutex_unlock(&public_compute);
    return out;
}

void report_cache_put(const char *key, int64_t version, int64_t now, const json_t *answer)
{
    if (version < 0 || strlen(key) >= CACHE_KEY)
        return;
    json_t *copy = json_deep_copy(answer);
    pthread_mutex_lock(&cache.lock);
    int i = 0;
    while (i < CACHE_SLOTS && !(cache.slot[i].answer && strcmp(cache.slot[i].key, key) == 0))
        i++;
    if (i == CACHE_SLOTS)
        i = (int)(cache.next++ % CACHE_SLOTS);
    json_decref(cache.slot[i].answer);
    snprintf(cache.slot[i].key, CACHE_KEY, "%s", key);
    cache.slot[i].version = version;
    cache.slot[i].until_ms = now + CACHE_MS;
    cache.slot[i].answer = copy;
    pthread_mutex_unlock(&cache.lock);
}

void report_cache_forget(void)
{
    pthread_mutex_lock(&cache.lock);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        json_decref(cache.slot[i].answer);
        cache.slot[i].answer = NULL;
    }
    pthread_mutex_unlock(&cache.lock);
}
