/* Backups: a consistent database snapshot, the file store, and a manifest of
 * hashes; verification against that manifest; restore from a verified backup.
 *
 * A backup is built in DEST.partial and renamed to DEST only once verified, so
 * a folder named DEST is always a complete backup. */
#include "ops/ops.h"

#include "core/log.h"
#include "core/timefmt.h"
#include "store/blob.h"
#include "store/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MANIFEST_FORMAT = 1 };

static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    if (n < 0 || fsync(out) != 0)
        rc = -1;
    close(in);
    close(out);
    return rc;
}

/* Copies every file of the file store, checking each against its name. */
static struct {
    const char *src_root, *dest_root;
    json_t *list;
    char *err;
    size_t errlen;
} walk;

static int copy_one_blob(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (type != FTW_F)
        return 0;
    const char *name = strrchr(path, '/') + 1;
    if (name[0] == '.')
        return 0; /* an unfinished temp file of blob_put */
    char hash[BLOB_HASH_HEX], dest[4096], dir[4096];
    uint64_t size;
    if (blob_hash_file(path, hash, &size) != 0 || strcmp(hash, name) != 0) {
        snprintf(walk.err, walk.errlen, "file store: %s does not match its hash", path);
        return 1;
    }
    if (blob_path(walk.dest_root, hash, dest, sizeof dest) != 0)
        return 1;
    snprintf(dir, sizeof dir, "%s", dest);
    *strrchr(dir, '/') = '\0';
    if (blob_mkdirs(dir) != 0 || copy_file(path, dest) != 0) {
        snprintf(walk.err, walk.errlen, "cannot copy %s: %s", path, strerror(errno));
        return 1;
    }
    json_array_append_new(walk.list, json_pack("{s:s, s:I}", "sha256", hash, "size",
                                               (json_int_t)size));
    return 0;
}

static int copy_blobs(const char *data_dir, const char *dest, json_t *list, char *err,
                      size_t errlen)
{
    char root[4096];
    snprintf(root, sizeof root, "%s/files", data_dir);
    if (access(root, F_OK) != 0)
        return 0;
    walk.src_root = data_dir;
    walk.dest_root = dest;
    walk.list = list;
    walk.err = err;
    walk.errlen = errlen;
    return nftw(root, copy_one_blob, 16, FTW_PHYS) == 0 ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

void ops_remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

static int write_manifest(const char *dir, const char *source_db, int schema, json_t *files,
                          const ops_audit_anchor *audit, char *err, size_t errlen)
{
    char db[4096], path[4096], hash[BLOB_HASH_HEX], now[TIMEFMT_ISO_LEN];
    uint64_t size;
    snprintf(db, sizeof db, "%s/xaso.db", dir);
    if (blob_hash_file(db, hash, &size) != 0) {
        snprintf(err, errlen, "cannot hash %s", db);
        return -1;
    }
    timefmt_iso_utc(timefmt_now_ms(), now);
    json_t *m = json_pack("{s:i, s:s, s:s, s:i, s:{s:s, s:I, s:s}, s:O, s:o}", "format",
                          MANIFEST_FORMAT, "program", "xaso " XASO_VERSION, "created_at", now,
                          "schema_version", schema, "database", "file", "xaso.db", "size",
                          (json_int_t)size, "sha256", hash, "files", files, "audit",
                          ops_audit_anchor_json(audit));
    /* Which database this is a copy of, so a restore knows whose later
     * backups it sets aside. */
    char *source = realpath(source_db, NULL);
    if (source)
        json_object_set_new(m, "source", json_string(source));
    free(source);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    int rc = json_dump_file(m, path, JSON_INDENT(2)) == 0 && blob_fsync_path(path) == 0 ? 0 : -1;
    json_decref(m);
    if (rc)
        snprintf(err, errlen, "cannot write %s", path);
    return rc;
}

int ops_backup(const char *db_path, const char *data_dir, const char *dest, char *err,
               size_t errlen)
{
    char partial[4096], db[4200];
    if (access(dest, F_OK) == 0) {
        snprintf(err, errlen, "%s already exists", dest);
        return -1;
    }
    snprintf(partial, sizeof partial, "%s.partial", dest);
    ops_remove_tree(partial);
    if (blob_mkdirs(partial) != 0) {
        snprintf(err, errlen, "cannot create %s: %s", partial, strerror(errno));
        return -1;
    }
    snprintf(db, sizeof db, "%s/xaso.db", partial);
    int schema = 0;
    json_t *files = json_array();
    ops_audit_anchor audit;
    int rc = -1;
    /* The anchor is the snapshot's own head, so it matches the copy exactly. */
    if (store_snapshot(db_path, db, err, errlen) != 0 ||
        store_verify_file(db, &schema, err, errlen) != 0 ||
        ops_audit_anchor_read(db, true, &audit, err, errlen) != 0 ||
        copy_blobs(data_dir, partial, files, err, errlen) != 0 ||
        write_manifest(partial, db_path, schema, files, &audit, err, errlen) != 0)
        goto out;
    if (!audit.intact)
        log_event(LOG_ERROR, "backup.audit_broken", "%s: the audit log's chain does not verify; backed up as it is",
                  dest);
    if (blob_fsync_path(partial) != 0 || rename(partial, dest) != 0) {
        snprintf(err, errlen, "cannot finish %s: %s", dest, strerror(errno));
        goto out;
    }
    rc = ops_backup_verify(dest, NULL, NULL, err, errlen);
out:
    json_decref(files);
    if (rc != 0) {
        ops_remove_tree(partial);
        ops_remove_tree(dest);
    }
    return rc;
}

static int check_hash(const char *path, const char *want_hash, json_int_t want_size)
{
    char hash[BLOB_HASH_HEX];
    uint64_t size;
    return blob_hash_file(path, hash, &size) == 0 && strcmp(hash, want_hash) == 0 &&
                   (json_int_t)size == want_size
               ? 0
               : -1;
}

static int verify_backup(const char *src, bool database_only, int *schema_version, int64_t *created_ms, char *err,
                         size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", src);
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    const char *created = NULL, *db_hash = NULL;
    json_int_t db_size = 0;
    int format = 0, schema = 0, rc = -1;
    json_t *files = NULL;
    if (!m || json_unpack(m, "{s:i, s:s, s:i, s:{s:I, s:s}, s:o}", "format", &format,
                          "created_at", &created, "schema_version", &schema, "database", "size",
                          &db_size, "sha256", &db_hash, "files", &files) != 0 ||
        format != MANIFEST_FORMAT || !json_is_array(files)) {
        snprintf(err, errlen, "%s: missing or unreadable manifest", src);
        goto out;
    }
    snprintf(path, sizeof path, "%s/xaso.db", src);
    int actual_schema = 0;
    if (check_hash(path, db_hash, db_size) != 0) {
        snprintf(err, errlen, "%s: database does not match the manifest", src);
        goto out;
    }
    if (store_verify_file(path, &actual_schema, err, errlen) != 0)
        goto out;
    if (actual_schema != schema || schema > store_schema_latest()) {
        snprintf(err, errlen, "%s: schema version %d cannot be used by this program (knows %d)",
                 src, actual_schema, store_schema_latest());
        goto out;
    }
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        if (database_only)
            break;
        const char *h = json_string_value(json_object_get(f, "sha256"));
        json_int_t size = json_integer_value(json_object_get(f, "size"));
        if (!h || blob_path(src, h, path, sizeof path) != 0 || check_hash(path, h, size) != 0) {
            snprintf(err, errlen, "%s: file %s is missing or damaged", src, h ? h : "?");
            goto out;
        }
    }
    if (schema_version)
        *schema_version = schema;
    if (created_ms && !timefmt_parse_iso_utc(created, created_ms))
        *created_ms = 0;
    rc = 0;
out:
    json_decref(m);
    return rc;
}

int ops_backup_verify(const char *src, int *schema_version, int64_t *created_ms, char *err, size_t errlen)
{
    return verify_backup(src, false, schema_version, created_ms, err, errlen);
}

int ops_backup_verify_database(const char *src, int64_t *created_ms, char *err, size_t errlen)
{
    return verify_backup(src, true, NULL, created_ms, err, errlen);
}

int ops_restore(const char *src, const char *db_path, const char *data_dir, char *err,
                size_t errlen)
{
    if (ops_backup_verify(src, NULL, NULL, err, errlen) != 0)
        return -1;
    char from[4096], tmp[4200], side[4200];
    snprintf(from, sizeof from, "%s/xaso.db", src);
    snprintf(tmp, sizeof tmp, "%s.restore", db_path);
    unlink(tmp);
    if (copy_file(from, tmp) != 0) {
        snprintf(err, errlen, "cannot copy the database to %s: %s", tmp, strerror(errno));
        unlink(tmp);
        return -1;
    }
    /* Files first: the restored database may refer to any of them. */
    json_t *m = json_load_file((snprintf(side, sizeof side, "%s/manifest.json", src), side), 0,
                               NULL);
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(m, "files"), i, f)
    {
        const char *h = json_string_value(json_object_get(f, "sha256"));
        char in_backup[4096], target[4096], dir[4096];
        blob_path(src, h, in_backup, sizeof in_backup);
        blob_path(data_dir, h, target, sizeof target);
        if (access(target, F_OK) == 0)
            continue;
        snprintf(dir, sizeof dir, "%s", target);
        *strrchr(dir, '/') = '\0';
        if (blob_mkdirs(dir) != 0 || copy_file(in_backup, target) != 0) {
            snprintf(err, errlen, "cannot restore file %s: %s", h, strerror(errno));
            json_decref(m);
            unlink(tmp);
            return -1;
        }
    }
    json_decref(m);
    /* A WAL left beside the old database must not be replayed into the new one. */
    snprintf(side, sizeof side, "%s-wal", db_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db_path);
    unlink(side);
    if (rename(tmp, db_path) != 0) {
        snprintf(err, errlen, "cannot replace %s: %s", db_path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", db_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    blob_fsync_path(slash ? dir : ".");
    return 0;
}
