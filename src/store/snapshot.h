/* Consistent copies of a live database, for backups. These work on paths, not
 * on an open store, so `xaso backup` can run beside a serving process. */
#ifndef XASO_STORE_SNAPSHOT_H
#define XASO_STORE_SNAPSHOT_H

#include <stddef.h>

/* Copies src_db into dest_db (which must not exist) with SQLite's online backup
 * API in one step, so the copy is one committed state of the source even while
 * another process writes to it; then fsyncs the copy. */
int store_snapshot(const char *src_db, const char *dest_db, char *err, size_t errlen);

/* Runs PRAGMA integrity_check and reads the schema version of a database file.
 * Returns 0 when the file is sound. */
int store_verify_file(const char *db_path, int *schema_version, char *err, size_t errlen);

#endif
