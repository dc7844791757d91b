/* The audit log's head, kept in each backup's manifest as an anchor. The
 * hash chain shows an entry changed, removed or inserted in the middle; it
 * cannot show entries cut off the end. A backup taken earlier remembers the
 * newest entry it saw, so a log that no longer holds that entry, with that
 * hash, was cut back or rewritten since. */
#include "ops/ops.h"

#include "org/audit.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

int ops_audit_anchor_read(const char *db_path, ops_audit_anchor *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    store_config sc = {.db_path = db_path, .sync_full = true, .read_only = true};
    store *s = store_open(&sc, err, errlen);
    if (!s)
        return -1;
    store_conn *c = store_reader(s);
    audit_report r;
    int verdict = c ? audit_verify(c, &r) : STORE_ERROR;
    int rc = verdict >= 0 && audit_head(c, &out->head_id, out->head_hash) == 0 ? 0 : -1;
    store_close(s);
    if (rc != 0) {
        snprintf(err, errlen, "%s: cannot read the audit log", db_path);
        return -1;
    }
    out->entries = r.entries;
    out->intact = verdict == 0;
    return 0;
}

json_t *ops_audit_anchor_json(const ops_audit_anchor *a)
{
    return json_pack("{s:I, s:I, s:s, s:b}", "entries", (json_int_t)a->entries, "head_id", (json_int_t)a->head_id,
                     "head_hash", a->head_hash, "intact", a->intact);
}

/* 0: the log holds the backup's anchor (or the backup has none); 1: it
 * does not; -1: the manifest cannot be read. */
static int check_one(store_conn *c, const char *backup, FILE *report)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", backup);
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    json_int_t head_id = 0;
    const char *head_hash = NULL;
    if (!m) {
        fprintf(report, "  %s: không đọc được manifest / unreadable manifest\n", backup);
        return -1;
    }
    int rc = 0;
    if (json_unpack(json_object_get(m, "audit"), "{s:I, s:s}", "head_id", &head_id, "head_hash", &head_hash) != 0) {
        fprintf(report, "  %s: bản sao lưu cũ, không có mốc / an older backup without an anchor\n", backup);
    } else {
        audit_report r;
        rc = audit_holds(c, (int64_t)head_id, head_hash, &r);
        if (rc == 0)
            fprintf(report, "  %s: giữ mốc mục %lld / holds the anchor at entry %lld\n", backup, (long long)head_id,
                    (long long)head_id);
        else if (rc == 1)
            fprintf(report, "  %s: MẤT mốc mục %lld / anchor at entry %lld lost: %s\n", backup, (long long)head_id,
                    (long long)head_id, r.reason);
        else
            rc = -1;
    }
    json_decref(m);
    return rc;
}

static int worse(int a, int b) { return a == 1 || b == 1 ? 1 : a < 0 || b < 0 ? -1 : 0; }

int ops_audit_anchor_check(store_conn *c, const char *backup, const char *backup_dir, FILE *report, int *checked)
{
    int worst = 0;
    *checked = 0;
    if (backup) {
        worst = check_one(c, backup, report);
        (*checked)++;
    }
    DIR *d = backup_dir ? opendir(backup_dir) : NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[4096], manifest[4200];
        if (e->d_name[0] == '.' || strstr(e->d_name, ".partial"))
            continue;
        snprintf(path, sizeof path, "%s/%s", backup_dir, e->d_name);
        snprintf(manifest, sizeof manifest, "%s/manifest.json", path);
        FILE *probe = fopen(manifest, "r");
        if (!probe)
            continue;
        fclose(probe);
        worst = worse(worst, check_one(c, path, report));
        (*checked)++;
    }
    if (d)
        closedir(d);
    return worst;
}
