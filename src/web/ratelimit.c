/* Per-client token buckets. A fixed table of buckets hashed by address, each
 * guarded by one of a few striped locks; a collision merely shares a bucket,
 * which errs on the side of limiting and keeps memory bounded whatever the
 * number of clients. */
#include "web/internal.h"

#include <pthread.h>
#include <stdlib.h>

enum { RL_SLOTS = 4096, RL_LOCKS = 64 };

typedef struct bucket {
    double tokens;
    int64_t last_ns;
} bucket;

struct ratelimit {
    double per_s, burst;
    pthread_mutex_t locks[RL_LOCKS];
    bucket slots[RL_SLOTS];
};

ratelimit *ratelimit_new(double per_s, double burst)
{
    ratelimit *rl = calloc(1, sizeof *rl);
    if (!rl)
        return NULL;
    rl->per_s = per_s;
    rl->burst = burst > 1 ? burst : 1;
    for (int i = 0; i < RL_LOCKS; i++)
        pthread_mutex_init(&rl->locks[i], NULL);
    return rl;
}

void ratelimit_free(ratelimit *rl)
{
    if (!rl)
        return;
    for (int i = 0; i < RL_LOCKS; i++)
        pthread_mutex_destroy(&rl->locks[i]);
    free(rl);
}

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

bool ratelimit_take(ratelimit *rl, const char *client, int64_t now_ns, int *retry_after_s)
{
    unsigned slot = hash(client) % RL_SLOTS;
    pthread_mutex_t *lock = &rl->locks[slot % RL_LOCKS];
    pthread_mutex_lock(lock);
    bucket *b = &rl->slots[slot];
    if (b->last_ns == 0) {
        b->tokens = rl->burst;
    } else {
        double refill = (double)(now_ns - b->last_ns) / 1e9 * rl->per_s;
        b->tokens = b->tokens + refill > rl->burst ? rl->burst : b->tokens + refill;
    }
    b->last_ns = now_ns;
    bool ok = b->tokens >= 1;
    if (ok)
        b->tokens -= 1;
    else
        *retry_after_s = (int)((1 - b->tokens) / rl->per_s) + 1;
    pthread_mutex_unlock(lock);
    return ok;
}
