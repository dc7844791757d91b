/* CSV as spreadsheets write it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"

static void records_and_quotes(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF" "code,name,note\r\n"
                       "1.001193,\"Đăng ký khai sinh, trẻ em\",\"nói \"\"xin chào\"\"\"\r\n"
                       "\n"
                       "2.000815,\"hai\ndòng\",\n"
                       "x,,\"\"";
    csv_reader r;
    csv_reader_init(&r, text, strlen(text));
    arena a;
    arena_init(&a, 0);
    char *f[4];
    assert_int_equal(csv_read_record(&r, &a, f, 4), 3);
    assert_string_equal(f[0], "code");
    assert_int_equal(r.line, 1);
    assert_int_equal(csv_read_record(&r, &a, f, 4), 3);
    assert_string_equal(f[1], "Đăng ký khai sinh, trẻ em");
    assert_string_equal(f[2], "nói \"xin chào\"");
    assert_int_equal(csv_read_record(&r, &a, f, 4), 3);
    assert_int_equal(r.line, 4);
    assert_string_equal(f[1], "hai\ndòng");
    assert_string_equal(f[2], "");
    assert_int_equal(csv_read_record(&r, &a, f, 4), 3);
    assert_int_equal(r.line, 6);
    assert_string_equal(f[1], "");
    assert_string_equal(f[2], "");
    assert_int_equal(csv_read_record(&r, &a, f, 4), CSV_END);
    arena_free(&a);
}

static void malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {"a,\"open", "a,b\"c", "a,\"x\"y", "a,b,c,d,e"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        csv_reader r;
        csv_reader_init(&r, bad[i], strlen(bad[i]));
        arena a;
        arena_init(&a, 0);
        char *f[4];
        assert_int_equal(csv_read_record(&r, &a, f, 4), CSV_ERROR);
        arena_free(&a);
    }
}

static void writing_round_trips(void **state)
{
    (void)state;
    static const char *const fields[] = {"1.001193", "Khai sinh, khai tử", "nói \"có\"", "hai\r\ndòng", ""};
    char out[256];
    size_t len = 0;
    for (size_t i = 0; i < 5; i++)
        assert_true(csv_append_field(out, sizeof out, &len, fields[i], i == 0));
    assert_string_equal(out, "1.001193,\"Khai sinh, khai tử\",\"nói \"\"có\"\"\",\"hai\r\ndòng\",");
    csv_reader r;
    csv_reader_init(&r, out, len);
    arena a;
    arena_init(&a, 0);
    char *f[5];
    assert_int_equal(csv_read_record(&r, &a, f, 5), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(f[i], fields[i]);
    arena_free(&a);
    char tiny[8];
    len = 0;
    assert_false(csv_append_field(tiny, sizeof tiny, &len, "quá dài cho bộ đệm", true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(records_and_quotes),
        cmocka_unit_test(malformed),
        cmocka_unit_test(writing_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
