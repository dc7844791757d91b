/* Scheduled backups inside the serving process: every interval a verified
 * backup into BACKUP_DIR/xaso-YYYYMMDDTHHMMSSZ, keeping the newest `keep`. */
#include "ops/ops.h"

#include "core/log.h"
#include "core/timefmt.h"
#include "store/blob.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ops_scheduler {
    ops_state *st;
    char *dir;
    unsigned interval_s, keep;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of complete backups in dir, oldest first; caller frees. */
static char **list_backups(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "xaso-", 5) != 0 || (len > 8 && strcmp(e->d_name + len - 8, ".partial") == 0) ||
            strstr(e->d_name, ".superseded"))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, *n, sizeof *names, by_name);
    return names;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int64_t ops_newest_backup(const char *backup_dir)
{
    size_t n;
    char **names = list_backups(backup_dir, &n);
    int64_t newest = 0;
    for (size_t i = n; i-- > 0;) {
        char path[4096], err[256];
        snprintf(path, sizeof path, "%s/%s", backup_dir, names[i]);
        int64_t created;
        if (ops_backup_verify(path, NULL, &created, err, sizeof err) == 0) {
            newest = created;
            break;
        }
    }
    free_list(names, n);
    return newest;
}

static void prune(ops_scheduler *sch)
{
    size_t n;
    char **names = list_backups(sch->dir, &n);
    for (size_t i = 0; i + sch->keep < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", sch->dir, names[i]);
        ops_remove_tree(path);
        log_event(LOG_INFO, "backup.pruned", "%s", names[i]);
    }
    free_list(names, n);
}

/* Does the live audit log still hold the anchor of every backup kept here?
 * Checked when the scheduler starts and before each backup, so a log cut
 * back while the server runs (or before it started) is reported within an
 * interval, and stays reported until the backups that saw it are pruned. */
static void check_anchors(ops_scheduler *sch)
{
    store_conn *c = store_reader(sch->st->store);
    char *text = NULL;
    size_t len = 0;
    FILE *report = open_memstream(&text, &len);
    int checked = 0;
    /* Not thorough: the copies were checked when taken, and hashing every
     * kept copy before each backup would cost more than the backup. */
    int rc = c && report ? ops_audit_anchor_check(c, NULL, sch->dir, false, report, &checked) : -1;
    if (report)
        fclose(report);
    atomic_store(&sch->st->audit_anchors_lost, rc == 1);
    if (rc == 1)
        log_event(LOG_ERROR, "audit.anchor_lost", "the audit log was cut back or rewritten since a backup:\n%s",
                  text ? text : "");
    else if (rc < 0)
        log_event(LOG_WARN, "audit.anchor_unchecked", "cannot check the backups' audit anchors in %s", sch->dir);
    free(text);
}

static void take_backup(ops_scheduler *sch)
{
    char stamp[TIMEFMT_ISO_LEN], dest[4096], err[512];
    int64_t now = timefmt_now_ms();
    timefmt_compact_utc(now, stamp);
    snprintf(dest, sizeof dest, "%s/xaso-%s", sch->dir, stamp);
    check_anchors(sch);
    if (ops_backup(sch->st->db_path, sch->st->data_dir, dest, err, sizeof err) != 0) {
        log_event(LOG_ERROR, "backup.failed", "%s", err);
        return;
    }
    atomic_store(&sch->st->last_backup_ms, now);
    log_event(LOG_INFO, "backup.done", "%s", dest);
    prune(sch);
}

static void *scheduler_main(void *arg)
{
    ops_scheduler *sch = arg;
    check_anchors(sch);
    pthread_mutex_lock(&sch->lock);
    while (!sch->stopping) {
        /* Due one interval after the newest verified backup: at once after a
         * long stop, so a restarted server never runs long without one. */
        int64_t last = atomic_load(&sch->st->last_backup_ms);
        int64_t due_ms = last + (int64_t)sch->interval_s * 1000;
        struct timespec until = {.tv_sec = (time_t)(due_ms / 1000),
                                 .tv_nsec = (long)(due_ms % 1000) * 1000000};
        while (!sch->stopping &&
               pthread_cond_timedwait(&sch->wake, &sch->lock, &until) != ETIMEDOUT)
            ;
        if (sch->stopping)
            break;
        pthread_mutex_unlock(&sch->lock);
        take_backup(sch);
        pthread_mutex_lock(&sch->lock);
    }
    pthread_mutex_unlock(&sch->lock);
    return NULL;
}

ops_scheduler *ops_scheduler_start(ops_state *st, const char *backup_dir, unsigned interval_s,
                                   unsigned keep)
{
    ops_scheduler *sch = calloc(1, sizeof *sch);
    if (!sch || blob_mkdirs(backup_dir) != 0 || !(sch->dir = strdup(backup_dir))) {
        free(sch);
        return NULL;
    }
    sch->st = st;
    sch->interval_s = interval_s ? interval_s : 3600;
    sch->keep = keep ? keep : 1;
    pthread_mutex_init(&sch->lock, NULL);
    pthread_cond_init(&sch->wake, NULL);
    if (pthread_create(&sch->thread, NULL, scheduler_main, sch) != 0) {
        free(sch->dir);
        free(sch);
        return NULL;
    }
    return sch;
}

void ops_scheduler_stop(ops_scheduler *sch)
{
    if (!sch)
        return;
    pthread_mutex_lock(&sch->lock);
    sch->stopping = true;
    pthread_cond_signal(&sch->wake);
    pthread_mutex_unlock(&sch->lock);
    pthread_join(sch->thread, NULL);
    pthread_mutex_destroy(&sch->lock);
    pthread_cond_destroy(&sch->wake);
    free(sch->dir);
    free(sch);
}
