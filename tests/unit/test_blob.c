#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/blob.h"

static void put_is_content_addressed(void **state)
{
    (void)state;
    char dir[] = "/tmp/xaso-blob-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char hash[BLOB_HASH_HEX], again[BLOB_HASH_HEX], err[256], path[512];
    assert_int_equal(blob_put(dir, "abc", 3, hash, err, sizeof err), 0);
    /* SHA-256("abc"), FIPS 180-2 appendix B.1 */
    assert_string_equal(hash, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(blob_put(dir, "abc", 3, again, err, sizeof err), 0);
    assert_string_equal(hash, again);
    assert_int_equal(blob_path(dir, hash, path, sizeof path), 0);
    uint64_t size;
    assert_int_equal(blob_hash_file(path, again, &size), 0);
    assert_string_equal(hash, again);
    assert_int_equal(size, 3);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void hostile_hashes_have_no_path(void **state)
{
    (void)state;
    char path[512];
    assert_int_equal(blob_path("/d", "../../etc/passwd", path, sizeof path), -1);
    assert_int_equal(blob_path("/d", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", path, sizeof path), -1);
    assert_int_equal(blob_path("/d", "", path, sizeof path), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_is_content_addressed),
        cmocka_unit_test(hostile_hashes_have_no_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
