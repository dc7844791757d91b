/* Due-soon and overdue flags, refreshed by the scheduler. A dossier whose
 * clock is stopped (waiting for a supplement or a payment) is never flagged:
 * its deadline moves on when the clock starts again. */
#include "dossier/internal.h"

#include "core/timefmt.h"

#include <string.h>

enum { MAX_UNITS = 64 };

typedef struct {
    int64_t now;
    int changed;
} flag_job;

typedef struct {
    int64_t unit;
    org_calendar cal;
    bool ok;
} unit_clock;

static const char *flag_for(const org_calendar *cal, int64_t now, int64_t due)
{
    if (now > due)
        return "overdue";
    int64_t left;
    int64_t day_ms = (int64_t)office_hours_day_minutes(&cal->clock.hours) * 60000;
    if (deadline_working_time_between(&cal->clock, now, due, &left) && left <= day_ms)
        return "due_soon";
    return NULL;
}

static int refresh(store_conn *c, void *ctx)
{
    flag_job *j = ctx;
    arena a;
    arena_init(&a, 0);
    unit_clock *clocks = arena_calloc(&a, MAX_UNITS, sizeof *clocks);
    int clock_count = 0;
    store_stmt *st = store_prepare(c, "SELECT id, competent_unit_id, due_at, flag, status FROM dossier "
                                      "WHERE status IN (2, 4, 5, 6) OR flag IS NOT NULL");
    store_stmt *up = store_prepare(c, "UPDATE dossier SET flag = ? WHERE id = ?");
    if (!st || !up || !clocks) {
        arena_free(&a);
        return STORE_ERROR;
    }
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        int64_t id = store_col_int64(st, 0), unit = store_col_int64(st, 1);
        int64_t due = dossier_instant(st, 2);
        int status = (int)store_col_int64(st, 4);
        const char *old = store_col_text(st, 3);
        const char *flag = NULL;
        if ((status == 2 || status == 4) && due) {
            unit_clock *uc = NULL;
            for (int i = 0; i < clock_count && !uc; i++)
                if (clocks[i].unit == unit)
                    uc = &clocks[i];
            if (!uc && clock_count < MAX_UNITS) {
                uc = &clocks[clock_count++];
                uc->unit = unit;
                uc->ok = dossier_clock(c, &a, unit, j->now, &uc->cal);
            }
            flag = uc && uc->ok ? flag_for(&uc->cal, j->now, due) : (j->now > due ? "overdue" : NULL);
        }
        if ((!old && !flag) || (old && flag && strcmp(old, flag) == 0))
            continue;
        if (flag)
            store_bind_text(up, 1, flag);
        else
            store_bind_null(up, 1);
        store_bind_int64(up, 2, id);
        int urc = store_step(up);
        store_reset(up);
        if (urc != STORE_DONE) {
            rc = urc;
            break;
        }
        j->changed++;
    }
    store_reset(st);
    arena_free(&a);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

int dossier_refresh_flags(store *s, int64_t now)
{
    flag_job j = {now, 0};
    return store_write(s, refresh, &j) == 0 ? j.changed : -1;
}

/* --- the watcher thread -------------------------------------------------------- */

#include "core/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct dossier_watch {
    store *store;
    unsigned interval_s;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

static void *watch(void *arg)
{
    dossier_watch *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stopping) {
        pthread_mutex_unlock(&w->lock);
        int changed = dossier_refresh_flags(w->store, timefmt_now_ms());
        if (changed < 0)
            log_event(LOG_WARN, "dossier.flags", "could not refresh due-soon and overdue flags");
        else if (changed > 0)
            log_event(LOG_INFO, "dossier.flags", "%d dossiers changed flag", changed);
        pthread_mutex_lock(&w->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += w->interval_s;
        while (!w->stopping && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

dossier_watch *dossier_watch_start(store *s, unsigned interval_s)
{
    dossier_watch *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->store = s;
    w->interval_s = interval_s ? interval_s : 300;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, watch, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->wake);
        free(w);
        return NULL;
    }
    return w;
}

void dossier_watch_stop(dossier_watch *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w);
}
