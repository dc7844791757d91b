/* The audit log's head, kept in each backup's manifest as an anchor. The
 * hash chain shows an entry changed, removed or inserted in the middle; it
 * cannot show entries cut off the end. A backup taken earlier remembers the
 * newest entry it saw, so a log that no longer holds that entry, with that
 * hash, was cut back or rewritten since. */
#include "ops/ops.h"

#include "core/log.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <dirent.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

int ops_audit_anchor_read(const char *db_path, bool walk_chain, ops_audit_anchor *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    store_config sc = {.db_path = db_path, .sync_full = true, .read_only = true};
    store *s = store_open(&sc, err, errlen);
    if (!s)
        return -1;
    store_conn *c = store_reader(s);
    audit_report r = {0};
    int verdict = !c ? STORE_ERROR : walk_chain ? audit_verify(c, &r) : 0;
    int rc = verdict >= 0 && audit_head(c, &out->head_id, out->head_hash) == 0 ? 0 : -1;
    store_close(s);
    if (rc != 0) {
        snprintf(err, errlen, "%s: cannot read the audit log", db_path);
        return -1;
    }
    out->entries = walk_chain ? r.entries : out->head_id;
    out->intact = verdict == 0;
    return 0;
}

json_t *ops_audit_anchor_json(const ops_audit_anchor *a)
{
    return json_pack("{s:I, s:I, s:s, s:b}", "entries", (json_int_t)a->entries, "head_id", (json_int_t)a->head_id,
                     "head_hash", a->head_hash, "intact", a->intact);
}

/* The anchor of a backup is its own copy's newest entry, so it cannot be
 * edited out of the manifest; with thorough, the copy is first checked
 * against the manifest's hash. The manifest's "audit" must say the same. */
static int anchor_of(const char *backup, bool thorough, ops_audit_anchor *a, FILE *report)
{
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/xaso.db", backup);
    if ((thorough && ops_backup_verify_database(backup, NULL, err, sizeof err) != 0) ||
        ops_audit_anchor_read(path, false, a, err, sizeof err) != 0) {
        fprintf(report, "  %s: không kiểm được bản sao lưu / cannot check the backup: %s\n", backup, err);
        return -1;
    }
    snprintf(path, sizeof path, "%s/manifest.json", backup);
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    json_int_t id = 0;
    const char *hash = NULL;
    int rc = 0;
    if (m && json_unpack(json_object_get(m, "audit"), "{s:I, s:s}", "head_id", &id, "head_hash", &hash) == 0 &&
        (id != a->head_id || strcmp(hash, a->head_hash) != 0)) {
        fprintf(report, "  %s: manifest ghi mốc khác bản sao / the manifest's anchor is not its copy's\n", backup);
        rc = -1;
    }
    json_decref(m);
    return rc;
}

/* 0: the log holds the backup's anchor; 1: it does not; -1: the backup
 * cannot be checked. */
static int check_one(store_conn *c, const char *backup, bool thorough, FILE *report)
{
    ops_audit_anchor a;
    if (anchor_of(backup, thorough, &a, report) != 0)
        return -1;
    audit_report r;
    int rc = audit_holds(c, a.head_id, a.head_hash, &r);
    if (rc == 0)
        fprintf(report, "  %s: giữ mốc mục %lld / holds the anchor at entry %lld\n", backup, (long long)a.head_id,
                (long long)a.head_id);
    else if (rc == 1)
        fprintf(report, "  %s: MẤT mốc mục %lld / anchor at entry %lld lost: %s\n", backup, (long long)a.head_id,
                (long long)a.head_id, r.reason);
    return rc < 0 ? -1 : rc;
}

static int worse(int a, int b) { return a == 1 || b == 1 ? 1 : a < 0 || b < 0 ? -1 : 0; }

int ops_audit_anchor_check(store_conn *c, const char *backup, const char *backup_dir, bool thorough, FILE *report,
                           int *checked)
{
    int worst = 0;
    *checked = 0;
    if (backup) {
        worst = check_one(c, backup, thorough, report);
        (*checked)++;
    }
    DIR *d = backup_dir ? opendir(backup_dir) : NULL;
    if (backup_dir && !d) {
        fprintf(report, "  %s: không mở được thư mục sao lưu / cannot open the backup folder\n", backup_dir);
        return -1;
    }
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[4096], manifest[4200];
        /* Unfinished, or of a history a restore abandoned (ops_restore). */
        if (e->d_name[0] == '.' || strstr(e->d_name, ".partial") || strstr(e->d_name, ".superseded"))
            continue;
        snprintf(path, sizeof path, "%s/%s", backup_dir, e->d_name);
        snprintf(manifest, sizeof manifest, "%s/manifest.json", path);
        FILE *probe = fopen(manifest, "r");
        if (!probe)
            continue;
        fclose(probe);
        worst = worse(worst, check_one(c, path, thorough, report));
        (*checked)++;
    }
    if (d)
        closedir(d);
    return worst;
}

/* The created_at of a backup's manifest (0 when unreadable) and, if asked,
 * the database it copied (malloc'd; NULL when not recorded). */
static int64_t created_of(const char *backup, char **source)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", backup);
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    int64_t ms = 0;
    const char *at = json_string_value(json_object_get(m, "created_at"));
    if (!at || !timefmt_parse_iso_utc(at, &ms))
        ms = 0;
    if (source) {
        const char *s = json_string_value(json_object_get(m, "source"));
        *source = s ? strdup(s) : NULL;
    }
    json_decref(m);
    return ms;
}

int ops_supersede_after_restore(const char *backup_dir, const char *restored, const char *db_path)
{
    int64_t restored_ms = created_of(restored, NULL);
    char *target = realpath(db_path, NULL);
    DIR *d = backup_dir && restored_ms && target ? opendir(backup_dir) : NULL;
    int moved = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[4096], aside[4200], *source = NULL;
        if (e->d_name[0] == '.' || strstr(e->d_name, ".partial") || strstr(e->d_name, ".superseded"))
            continue;
        snprintf(path, sizeof path, "%s/%s", backup_dir, e->d_name);
        bool later_of_this_database = created_of(path, &source) > restored_ms && source && strcmp(source, target) == 0;
        free(source);
        if (!later_of_this_database)
            continue;
        snprintf(aside, sizeof aside, "%s.superseded", path);
        if (rename(path, aside) == 0) {
            log_event(LOG_INFO, "backup.superseded", "%s: newer than the restored %s", aside, restored);
            moved++;
        }
    }
    if (d)
        closedir(d);
    free(target);
    return moved;
}
