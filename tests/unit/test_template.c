/* Templates with Vietnamese text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/template.h"

static void renders_vietnamese(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    template_value v[] = {{"code", "000.04.01.H42-261123-0001"}, {"applicant_name", "Nguyễn Thị Mai"},
                          {"due", "17:00 ngày 24/11/2026"}};
    const char *missing;
    char *out = template_render(&a, "Kính gửi Ông/Bà {applicant_name}: hồ sơ {code} hẹn trả lúc {due}. {{mẫu}}", v, 3, &missing);
    assert_string_equal(out, "Kính gửi Ông/Bà Nguyễn Thị Mai: hồ sơ 000.04.01.H42-261123-0001 hẹn trả lúc 17:00 ngày 24/11/2026. {mẫu}}");
    assert_null(missing);
    out = template_render(&a, "Xã {commune} — {code}", v, 3, &missing);
    assert_string_equal(out, "Xã  — 000.04.01.H42-261123-0001");
    assert_string_equal(missing, "commune");
    out = template_render(&a, "Mở { không đóng", v, 3, &missing);
    assert_string_equal(out, "Mở { không đóng");
    assert_string_equal(template_render(&a, "", v, 3, NULL), "");
    const char *names[] = {"code", "applicant_name"}, *unknown;
    assert_true(template_check("Hồ sơ {code} của {applicant_name} {{x}}", names, 2, &unknown, &a));
    assert_false(template_check("Hồ sơ {mã}", names, 2, &unknown, &a));
    assert_string_equal(unknown, "mã");
    assert_false(template_check("Hồ sơ {code", names, 2, &unknown, &a));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(renders_vietnamese)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
