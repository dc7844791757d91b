/* The catalog on a real database: workflow versions stay as they were,
 * documents keep their ids, a refused change writes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

static char dir[] = "/tmp/xaso-catalog-XXXXXX";
static store *s;

static int setup(void **state)
{
    (void)state;
    char db[128], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/c.db", dir);
    store_config cfg = {.db_path = db, .sync_full = false};
    s = store_open(&cfg, err, sizeof err);
    assert_non_null(s);
    return org_create_demo(s) == 1 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    store_close(s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static json_t *birth_registration(void)
{
    return json_loads("{\"code\":\"1.001193\",\"name\":\"Thủ tục đăng ký khai sinh\",\"field\":\"Hộ tịch\","
                      "\"time\":{\"unit\":\"same_day\"},\"online_level\":\"partial\","
                      "\"documents\":[{\"name\":\"Tờ khai đăng ký khai sinh\"},"
                      "{\"name\":\"Giấy chứng sinh\"}],"
                      "\"fees\":[],\"workflow\":{\"template\":\"counter_specialist_leader\"}}",
                      0, NULL);
}

static json_t *current(const char *code, int version)
{
    bool failed;
    json_t *wf = catalog_workflow_json(store_reader(s), code, version, &failed);
    assert_false(failed);
    return wf;
}

static void workflow_versions_are_kept(void **state)
{
    (void)state;
    json_t *p = birth_registration();
    int64_t id;
    bool created;
    org_error e;
    assert_int_equal(catalog_procedure_save(s, p, "test", false, &id, &created, &e), 0);
    assert_true(created);
    json_t *v1 = current("1.001193", 0);
    assert_int_equal(json_integer_value(json_object_get(v1, "version")), 1);
    assert_int_equal(json_array_size(json_object_get(v1, "steps")), 4);

    json_t *same_day = json_pack("{s:s}", "template", "same_day");
    int version;
    assert_int_equal(catalog_workflow_save(s, "1.001193", same_day, "test", &version, &e), 0);
    assert_int_equal(version, 2);
    json_t *now = current("1.001193", 0), *then = current("1.001193", 1);
    assert_int_equal(json_array_size(json_object_get(now, "steps")), 1);
    assert_true(json_equal(json_object_get(then, "steps"), json_object_get(v1, "steps")));
    assert_false(json_is_true(json_object_get(then, "current")));

    /* A workflow that would strand dossiers is refused and changes nothing. */
    json_t *bad = json_loads("{\"steps\":[{\"key\":\"a\",\"name\":\"A\",\"role\":\"reception\","
                             "\"share\":100,\"actions\":[\"forward\"]}]}", 0, NULL);
    assert_int_equal(catalog_workflow_save(s, "1.001193", bad, "test", &version, &e), -1);
    assert_int_equal(e.status, 422);
    assert_string_equal(e.field, "steps[0].actions");
    json_t *still = current("1.001193", 0);
    assert_int_equal(json_integer_value(json_object_get(still, "version")), 2);

    /* Replacing the procedure without a workflow keeps the current version. */
    json_object_del(p, "workflow");
    assert_int_equal(catalog_procedure_save(s, p, "test", true, &id, &created, &e), 0);
    assert_false(created);
    json_t *after = current("1.001193", 0);
    assert_int_equal(json_integer_value(json_object_get(after, "version")), 2);
    assert_int_equal(catalog_workflow_save(s, "9.999", same_day, "test", &version, &e), -1);
    assert_int_equal(e.status, 404);
    json_decref(v1), json_decref(now), json_decref(then), json_decref(bad), json_decref(still);
    json_decref(after), json_decref(same_day), json_decref(p);
}

static void documents_keep_their_ids(void **state)
{
    (void)state;
    bool failed;
    json_t *before = catalog_procedure_json(store_reader(s), "1.001193", true, &failed);
    json_t *docs = json_object_get(before, "documents");
    json_int_t kept = json_integer_value(json_object_get(json_array_get(docs, 1), "id"));
    /* Drop the first paper, keep the second by id, add a third. */
    json_t *p = birth_registration();
    json_object_set_new(p, "documents",
                        json_pack("[{s:I, s:s}, {s:s, s:s}]", "id", kept, "name",
                                  "Giấy chứng sinh (bản chính)", "name", "Văn bản ủy quyền", "kind",
                                  "submit"));
    json_object_del(p, "workflow");
    int64_t id;
    bool created;
    org_error e;
    assert_int_equal(catalog_procedure_save(s, p, "test", true, &id, &created, &e), 0);
    json_t *after = catalog_procedure_json(store_reader(s), "1.001193", true, &failed);
    json_t *now = json_object_get(after, "documents");
    assert_int_equal(json_array_size(now), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(now, 0), "id")), kept);
    assert_string_equal(json_string_value(json_object_get(json_array_get(now, 0), "name")),
                        "Giấy chứng sinh (bản chính)");
    /* An id from nowhere is refused. */
    json_object_set_new(json_array_get(json_object_get(p, "documents"), 0), "id", json_integer(99999));
    assert_int_equal(catalog_procedure_save(s, p, "test", true, &id, &created, &e), -1);
    assert_string_equal(e.field, "documents[0].id");
    json_decref(before), json_decref(after), json_decref(p);
}

static void search_folds_and_ranks(void **state)
{
    (void)state;
    catalog_query q = {.q = "dang ki khai sinh", .limit = 5};
    json_t *r = catalog_search(store_reader(s), &q);
    assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r, "items"), 0), "code")), "1.001193");
    json_decref(r);
    q.q = "\"*) OR (";  /* FTS syntax in the query is only text */
    r = catalog_search(store_reader(s), &q);
    assert_non_null(r);
    assert_int_equal(json_integer_value(json_object_get(r, "total")), 0);
    json_decref(r);
    q.q = "1.0011";
    r = catalog_search(store_reader(s), &q);
    assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
    json_decref(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(workflow_versions_are_kept),
        cmocka_unit_test(documents_keep_their_ids),
        cmocka_unit_test(search_folds_and_ranks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
