/* The online form: schemas that may be saved, and filled forms that pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "catalog/form_rules.h"

static json_t *schema(void)
{
    return json_loads("["
                      "{\"key\":\"ho_ten\",\"label\":\"Họ và tên\",\"type\":\"text\",\"required\":true,\"max\":100},"
                      "{\"key\":\"so_dinh_danh\",\"label\":\"Số định danh\",\"type\":\"cccd\",\"required\":true},"
                      "{\"key\":\"dien_thoai\",\"label\":\"Số điện thoại\",\"type\":\"phone\",\"required\":false},"
                      "{\"key\":\"ngay_sinh\",\"label\":\"Ngày sinh của trẻ\",\"type\":\"date\",\"required\":true},"
                      "{\"key\":\"so_ban\",\"label\":\"Số bản sao\",\"type\":\"number\",\"min\":0,\"max\":10},"
                      "{\"key\":\"gioi_tinh\",\"label\":\"Giới tính\",\"type\":\"choice\",\"choices\":[\"Nam\",\"Nữ\"]}"
                      "]",
                      0, NULL);
}

static void a_valid_schema(void **state)
{
    (void)state;
    json_t *s = schema();
    int index;
    const char *part;
    assert_null(form_schema_problem(s, &index, &part));
    json_decref(s);
}

static void expect_schema_problem(const char *text, int index, const char *part)
{
    json_t *s = json_loads(text, 0, NULL);
    int at;
    const char *p;
    assert_non_null(form_schema_problem(s, &at, &p));
    assert_int_equal(at, index);
    if (part)
        assert_string_equal(p, part);
    json_decref(s);
}

static void bad_schemas(void **state)
{
    (void)state;
    expect_schema_problem("{}", -1, NULL);
    expect_schema_problem("[1]", 0, NULL);
    expect_schema_problem("[{\"key\":\"Họ tên\",\"label\":\"x\",\"type\":\"text\"}]", 0, "key");
    expect_schema_problem("[{\"key\":\"a\",\"label\":\"x\",\"type\":\"text\"},{\"key\":\"a\",\"label\":\"y\",\"type\":\"text\"}]", 1, "key");
    expect_schema_problem("[{\"key\":\"a\",\"label\":\"\",\"type\":\"text\"}]", 0, "label");
    expect_schema_problem("[{\"key\":\"a\",\"label\":\"x\",\"type\":\"email\"}]", 0, "type");
    expect_schema_problem("[{\"key\":\"a\",\"label\":\"x\",\"type\":\"choice\"}]", 0, "choices");
    expect_schema_problem("[{\"key\":\"a\",\"label\":\"x\",\"type\":\"number\",\"min\":5,\"max\":1}]", 0, "min");
    expect_schema_problem("[{\"key\":\"a\",\"label\":\"x\",\"type\":\"text\",\"prefill\":\"ho_ten\"}]", 0, "prefill");
    expect_schema_problem("[{\"key\":\"a\",\"label\":\"x\",\"type\":\"text\",\"required\":\"có\"}]", 0, "required");
}

static void expect_values(const char *values, bool ok, const char *key)
{
    json_t *s = schema(), *v = json_loads(values, 0, NULL);
    const char *at;
    char message[256];
    assert_int_equal(form_values_ok(s, v, &at, message, sizeof message), ok);
    if (!ok) {
        assert_string_equal(at, key);
        assert_true(strlen(message) > 5);
    }
    json_decref(s);
    json_decref(v);
}

static void filled_forms(void **state)
{
    (void)state;
    const char *good = "{\"ho_ten\":\"Nguyễn Thị Mai\",\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\"}";
    expect_values(good, true, NULL);
    expect_values("{\"ho_ten\":\"Mai\",\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\","
                  "\"dien_thoai\":\"0912345678\",\"so_ban\":2,\"gioi_tinh\":\"Nữ\"}", true, NULL);
    expect_values("{\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\"}", false, "ho_ten");
    expect_values("{\"ho_ten\":\"\",\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\"}", false, "ho_ten");
    expect_values("{\"ho_ten\":\"Mai\",\"so_dinh_danh\":\"003190001234\",\"ngay_sinh\":\"2026-11-20\"}", false, "so_dinh_danh");
    expect_values("{\"ho_ten\":\"Mai\",\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"20/11/2026\"}", false, "ngay_sinh");
    expect_values("{\"ho_ten\":\"Mai\",\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\",\"dien_thoai\":\"12345\"}", false, "dien_thoai");
    expect_values("{\"ho_ten\":\"Mai\",\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\",\"so_ban\":11}", false, "so_ban");
    expect_values("{\"ho_ten\":\"Mai\",\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\",\"gioi_tinh\":\"Khác\"}", false, "gioi_tinh");
    expect_values("{\"ho_ten\":\"Mai\",\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\",\"ghi_chu\":\"x\"}", false, "ghi_chu");
    expect_values("{\"ho_ten\":42,\"so_dinh_danh\":\"042190001234\",\"ngay_sinh\":\"2026-11-20\"}", false, "ho_ten");
}

static void phone_numbers(void **state)
{
    (void)state;
    assert_true(form_phone_valid("0912345678"));
    assert_true(form_phone_valid("+84912345678"));
    assert_true(form_phone_valid("02393855555")); /* a landline with its area code */
    assert_false(form_phone_valid("912345678"));
    assert_false(form_phone_valid("09123456a8"));
    assert_false(form_phone_valid("+8491234"));
    assert_false(form_phone_valid(NULL));
}

static void mail_addresses(void **state)
{
    (void)state;
    assert_true(form_email_valid("nguyen.van.a@xa-hoaan.gov.vn"));
    assert_false(form_email_valid("a@b"));
    assert_false(form_email_valid("@xa.vn"));
    assert_false(form_email_valid("a@@xa.vn"));
    assert_false(form_email_valid("a@xa.vn\r\nBcc: b@c.vn")); /* a header split */
    assert_false(form_email_valid("a b@xa.vn"));
    assert_false(form_email_valid("<a@xa.vn>"));
    assert_false(form_email_valid("a@xa.vn."));
    assert_false(form_email_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_valid_schema),
        cmocka_unit_test(bad_schemas),
        cmocka_unit_test(filled_forms),
        cmocka_unit_test(phone_numbers),
        cmocka_unit_test(mail_addresses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
