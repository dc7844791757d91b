/* ops: what an operator needs to run xaso: health, metrics, backups,
 * restores, and the diagnostics routes used by tests and benchmarks. */
#ifndef XASO_OPS_OPS_H
#define XASO_OPS_OPS_H

#include "store/store.h"
#include "web/web.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

typedef struct ops_state {
    store *store;
    web_server *web;
    const char *db_path;
    const char *data_dir;
    uint64_t min_free_mb;               /* /healthz answers 503 below this */
    _Atomic int64_t last_backup_ms;     /* last verified backup, 0: none known */
    _Atomic int audit_anchors_lost;     /* 1: the audit log no longer holds a backup's anchor */
} ops_state;

/* GET /healthz, GET /metrics. */
int ops_routes(web_server *w, ops_state *st);

/* Diagnostics: a JSON write endpoint, a read, a fixed reply and a guarded
 * route, plus an identity that trusts a request header. For tests and
 * benchmarks only: `xaso serve --diagnostics` prints a warning. */
int ops_diagnostics_routes(web_server *w, store *s);
/* Wraps the real identity: requests with X-Diagnostics-User are judged by the
 * diagnostics headers, others by real. */
void ops_diagnostics_identity(const web_identity *real, web_identity *out);

/* --- backups ------------------------------------------------------- */

/* Takes a verified backup into dest (a new folder): database snapshot, file
 * store, manifest.json. Returns 0, or -1 with err filled (dest left absent). */
int ops_backup(const char *db_path, const char *data_dir, const char *dest, char *err,
               size_t errlen);
/* Checks a backup folder against its manifest. */
int ops_backup_verify(const char *src, int *schema_version, int64_t *created_ms, char *err,
                      size_t errlen);
/* The same for its database copy only (not the file store's files). */
int ops_backup_verify_database(const char *src, int64_t *created_ms, char *err, size_t errlen);
/* Replaces the database and adds the files of a verified backup. The server
 * must be stopped (the caller checks the lock). */
int ops_restore(const char *src, const char *db_path, const char *data_dir, char *err,
                size_t errlen);

/* The audit log's head, as a backup's manifest keeps it ("audit"). */
typedef struct ops_audit_anchor {
    int64_t entries, head_id;
    char head_hash[65];
    bool intact; /* the chain verified when the anchor was read */
} ops_audit_anchor;
/* Reads the head of the audit log in the database file db_path (opened
 * read-only, left as it is), and with walk_chain verifies the whole chain
 * (intact; otherwise intact is true and entries is the head's id). */
int ops_audit_anchor_read(const char *db_path, bool walk_chain, ops_audit_anchor *out, char *err, size_t errlen);
json_t *ops_audit_anchor_json(const ops_audit_anchor *a);
/* Checks that the log on c still holds the anchor of the backup folder
 * backup and of every backup in backup_dir (either may be NULL; folders
 * named *.partial or *.superseded are skipped), the anchor being the newest
 * entry of the backup's own copy; thorough first checks each copy against
 * its manifest's hash. Writes a line per backup to report and the count
 * checked to *checked. Returns 0 when every anchor holds, 1 when one is
 * lost, -1 when a backup cannot be checked (and none is lost). */
int ops_audit_anchor_check(store_conn *c, const char *backup, const char *backup_dir, bool thorough, FILE *report,
                           int *checked);

/* After db_path was restored from restored, the backups of that database
 * in backup_dir taken after it are of a history that no longer is: each is
 * renamed NAME.superseded, so its anchor (which the restored log never held)
 * is not checked and the scheduler does not prune it. Returns how many. */
int ops_supersede_after_restore(const char *backup_dir, const char *restored, const char *db_path);

/* rm -r, for backup folders. */
void ops_remove_tree(const char *path);

/* Scheduled backups in the serving process. */
typedef struct ops_scheduler ops_scheduler;
ops_scheduler *ops_scheduler_start(ops_state *st, const char *backup_dir, unsigned interval_s,
                                   unsigned keep);
void ops_scheduler_stop(ops_scheduler *sch);
/* Newest verified backup in backup_dir, 0 if none. */
int64_t ops_newest_backup(const char *backup_dir);

#endif
