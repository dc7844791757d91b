#include "store/snapshot.h"

#include "store/blob.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int store_snapshot(const char *src_db, const char *dest_db, char *err, size_t errlen)
{
    sqlite3 *src = NULL, *dst = NULL;
    int rc = -1;
    if (store_path_is_postgres(src_db)) {
        snprintf(err, errlen, "a PostgreSQL database is backed up with pg_dump (see docs/operations.md)");
        return -1;
    }
    if (access(dest_db, F_OK) == 0) {
        snprintf(err, errlen, "%s already exists", dest_db);
        return -1;
    }
    if (sqlite3_open_v2(src_db, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", src_db, sqlite3_errmsg(src));
        goto out;
    }
    sqlite3_busy_timeout(src, 10000);
    if (sqlite3_open_v2(dest_db, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot create %s: %s", dest_db, sqlite3_errmsg(dst));
        goto out;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        snprintf(err, errlen, "backup failed: %s", sqlite3_errmsg(dst));
        goto out;
    }
    int step;
    do {
        /* -1 copies every page under one read transaction: one consistent state. */
        step = sqlite3_backup_step(b, -1);
        if (step == SQLITE_BUSY || step == SQLITE_LOCKED)
            sqlite3_sleep(50);
    } while (step == SQLITE_BUSY || step == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (step != SQLITE_DONE) {
        snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(step));
        goto out;
    }
    /* The copy is a plain rollback-journal file: no -wal beside it to lose. */
    sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    rc = 0;
out:
    sqlite3_close_v2(src);
    sqlite3_close_v2(dst);
    if (rc == 0 && blob_fsync_path(dest_db) != 0) {
        snprintf(err, errlen, "cannot fsync %s", dest_db);
        rc = -1;
    }
    return rc;
}

int store_verify_file(const char *db_path, int *schema_version, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", db_path, sqlite3_errmsg(db));
        goto out;
    }
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        snprintf(err, errlen, "integrity check failed: %s", sqlite3_errmsg(db));
        goto out;
    }
    const char *verdict = (const char *)sqlite3_column_text(st, 0);
    if (!verdict || strcmp(verdict, "ok") != 0) {
        snprintf(err, errlen, "integrity check failed: %s", verdict ? verdict : "?");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(version),0) FROM schema_migrations", -1, &st,
                           NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        snprintf(err, errlen, "not an xaso database: %s", sqlite3_errmsg(db));
        goto out;
    }
    if (schema_version)
        *schema_version = sqlite3_column_int(st, 0);
    rc = 0;
out:
    sqlite3_finalize(st);
    sqlite3_close_v2(db);
    return rc;
}
