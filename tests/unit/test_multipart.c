/* multipart/form-data bodies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "web/multipart.h"

static const char BODY[] =
    "--xaso7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"data\"\r\n"
    "\r\n"
    "{\"procedure\":\"1.001193\"}\r\n"
    "--xaso7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"file:12\"; filename=\"giấy chứng sinh.pdf\"\r\n"
    "Content-Type: application/pdf\r\n"
    "\r\n"
    "%PDF-1.4\r\n--not-the-boundary\r\nend\r\n"
    "--xaso7MA4YWxkTrZu0gW--\r\n";

static void two_parts(void **state)
{
    (void)state;
    char boundary[80];
    assert_true(multipart_boundary("multipart/form-data; boundary=xaso7MA4YWxkTrZu0gW", boundary, sizeof boundary));
    assert_string_equal(boundary, "xaso7MA4YWxkTrZu0gW");
    multipart_part parts[4];
    int n = multipart_parse(BODY, sizeof BODY - 1, boundary, parts, 4);
    assert_int_equal(n, 2);
    assert_string_equal(parts[0].name, "data");
    assert_string_equal(parts[0].filename, "");
    assert_int_equal(parts[0].len, strlen("{\"procedure\":\"1.001193\"}"));
    assert_string_equal(parts[1].name, "file:12");
    assert_string_equal(parts[1].filename, "giấy chứng sinh.pdf");
    assert_string_equal(parts[1].content_type, "application/pdf");
    assert_int_equal(parts[1].len, strlen("%PDF-1.4\r\n--not-the-boundary\r\nend"));
}

static void malformed(void **state)
{
    (void)state;
    char boundary[80];
    assert_false(multipart_boundary("application/json", boundary, sizeof boundary));
    assert_false(multipart_boundary("multipart/form-data", boundary, sizeof boundary));
    assert_true(multipart_boundary("multipart/form-data; boundary=\"a b\"", boundary, sizeof boundary));
    assert_string_equal(boundary, "a b");
    multipart_part parts[1];
    static const char *const bad[] = {
        "no delimiter at all",
        "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated",
        "--B\r\nContent-Type: text/plain\r\n\r\nno name\r\n--B--",
        "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--B--",
        "--Bjunk",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(multipart_parse(bad[i], strlen(bad[i]), "B", parts, 1), -1);
    const char *empty = "--B--\r\n";
    assert_int_equal(multipart_parse(empty, strlen(empty), "B", parts, 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(two_parts), cmocka_unit_test(malformed)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
