/* Numbered schema migrations, applied in order, each in its own transaction and
 * recorded in schema_migrations. A database that records a version this binary
 * does not know is refused: an older binary must never write to a newer schema. */
#include "store/internal.h"

#include "core/timefmt.h"

#include <stdio.h>

static const char create_table_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

int store_schema_latest(void)
{
    return store_migration_count ? store_migrations[store_migration_count - 1].version : 0;
}

int store_schema_version(store_conn *c)
{
    store_stmt *st = store_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!st)
        return -1;
    int v = store_step(st) == STORE_ROW ? (int)store_col_int64(st, 0) : -1;
    store_reset(st);
    return v;
}

static int apply_one(store_conn *c, const store_migration *m, char *err, size_t errlen)
{
    char ts[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), ts);
    if (store_exec(c, c->be->begin_write) != STORE_OK || store_exec(c, m->sql) != STORE_OK)
        goto fail;
    store_stmt *st = store_prepare(
        c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    if (!st)
        goto fail;
    store_bind_int64(st, 1, m->version);
    store_bind_text(st, 2, m->name);
    store_bind_text(st, 3, ts);
    if (store_step(st) != STORE_DONE)
        goto fail;
    store_reset(st);
    if (store_exec(c, "COMMIT") != STORE_OK)
        goto fail;
    return 0;
fail:
    snprintf(err, errlen, "migration %04d_%s failed: %s", m->version, m->name, store_errmsg(c));
    if (conn_in_transaction(c))
        store_exec(c, "ROLLBACK");
    return -1;
}

static int apply_pending(store_conn *c, char *err, size_t errlen)
{
    if (store_exec(c, create_table_sql) != STORE_OK) {
        snprintf(err, errlen, "cannot create schema_migrations: %s", store_errmsg(c));
        return -1;
    }
    int have = store_schema_version(c);
    if (have < 0) {
        snprintf(err, errlen, "cannot read schema version: %s", store_errmsg(c));
        return -1;
    }
    if (have > store_schema_latest()) {
        snprintf(err, errlen,
                 "database schema version %d is newer than this program knows (%d); "
                 "use a newer xaso",
                 have, store_schema_latest());
        return -1;
    }
    const store_migration *list = c->be->migrations;
    for (int i = 0; i < *c->be->migration_count; i++) {
        if (list[i].version > have && apply_one(c, &list[i], err, errlen))
            return -1;
    }
    return 0;
}

int migrate_apply(store_conn *c, char *err, size_t errlen)
{
    /* Processes starting together on one PostgreSQL database: one migrates,
     * the others wait and then find nothing left to do. */
    if (c->be->lock_schema && store_exec(c, c->be->lock_schema) != STORE_OK) {
        snprintf(err, errlen, "cannot lock the schema: %s", store_errmsg(c));
        return -1;
    }
    int rc = apply_pending(c, err, errlen);
    if (c->be->unlock_schema)
        store_exec(c, c->be->unlock_schema);
    return rc;
}
