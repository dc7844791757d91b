/* Backups verify what they hold, and restore refuses what does not verify. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/ops.h"
#include "org/org.h"
#include "store/blob.h"

static char dir[] = "/tmp/xaso-backup-XXXXXX";
static char db[128], data[128], dest[128];

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/x.db", dir);
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(dest, sizeof dest, "%s/b1", dir);
    char err[256], hash[BLOB_HASH_HEX];
    store_config cfg = {.db_path = db, .sync_full = true};
    store *s = store_open(&cfg, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(org_create_demo(s), 1);
    store_close(s);
    assert_int_equal(blob_put(data, "giấy khai sinh", strlen("giấy khai sinh"), hash, err,
                              sizeof err), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void backup_verifies_and_restores(void **state)
{
    (void)state;
    char err[512];
    int schema = 0;
    assert_int_equal(ops_backup(db, data, dest, err, sizeof err), 0);
    assert_int_equal(ops_backup_verify(dest, &schema, NULL, err, sizeof err), 0);
    assert_int_equal(schema, store_schema_latest());
    /* An existing destination is never overwritten. */
    assert_int_equal(ops_backup(db, data, dest, err, sizeof err), -1);

    char target[160];
    snprintf(target, sizeof target, "%s/restored.db", dir);
    char rdata[160];
    snprintf(rdata, sizeof rdata, "%s/rdata", dir);
    assert_int_equal(ops_restore(dest, target, rdata, err, sizeof err), 0);
    store_config cfg = {.db_path = target, .sync_full = true};
    store *s = store_open(&cfg, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(org_create_demo(s), 0); /* the units came back */
    store_close(s);
}

static void damaged_backup_is_refused(void **state)
{
    (void)state;
    char err[512], cmd[300];
    snprintf(cmd, sizeof cmd, "printf 'x' >> %s/xaso.db", dest);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(ops_backup_verify(dest, NULL, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "does not match"));
    char target[160];
    snprintf(target, sizeof target, "%s/other.db", dir);
    assert_int_equal(ops_restore(dest, target, data, err, sizeof err), -1);
    assert_int_equal(access(target, F_OK), -1); /* nothing was written */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backup_verifies_and_restores),
        cmocka_unit_test(damaged_backup_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
