/* Units and targets as the seed plan's official typed them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/budget_text.h"
#include "core/indicator_target.h"
#include "core/unit_match.h"

static const char *const UNITS[] = {"Ủy ban nhân dân xã Thượng Đức", "Văn phòng HĐND và UBND xã", "Phòng Kinh tế",
                                    "Phòng Văn hóa – Xã hội", "Trung tâm phục vụ hành chính công xã", "Công an xã"};

/* The one unit the text names, or -1 (none or more than one). */
static int only_match(const char *typed)
{
    int found = -1;
    for (int i = 0; i < 6; i++)
        if (unit_name_matches(typed, UNITS[i])) {
            if (found >= 0)
                return -2;
            found = i;
        }
    return found;
}

static void typed_units(void **state)
{
    (void)state;
    const struct {
        const char *typed;
        int unit;
    } cases[] = {
        {"Văn phòng HĐND- UBND xã", 1}, {"Văn phòng HĐND-UBND", 1}, {"Văn phòng UBND", 1}, {"Văn phòng UBND xã", 1},
        {"Phòng VH-XH", 3}, {"Phòng Phòng VH-XH", 3}, {"Phòng VHXH", 3}, {"Phòng Văn hóa – Xã hội", 3},
        {"Phòng Văn hóa- Xã hội", 3}, {"Phòng văn hóa-Xã hội", 3}, {"Phòng KT", 2}, {"Kinh tế", 2},
        {"Phòng Kinh tế ", 2}, {"Trung tâm PVHCC", 4}, {"Công an xã", 5}, {"UBND xã", 0},
        /* Not units of the tree: they go to the confirmation step. */
        {"Văn phòng Đảng ủy", -1}, {"Trạm y tế", -1}, {"Các doanh nghiệp viễn thông", -1}, {"Trung tâm", -1},
        {"Các Phòng", -1}, {"ban", -1}, {"Ngân hàng Nhà nước chi nhánh Khu vực", -1}, {"", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = only_match(cases[i].typed);
        if (got != cases[i].unit)
            fail_msg("\"%s\": %d, want %d", cases[i].typed, got, cases[i].unit);
    }
}

static void expect_target(const char *text, target_comparator c, double v)
{
    indicator_target t;
    if (!indicator_target_parse(text, &t))
        fail_msg("no target in: %s", text);
    assert_int_equal(t.comparator, c);
    assert_float_equal(t.value, v, 1e-9);
    assert_true(t.percent);
}

static void targets(void **state)
{
    (void)state;
    expect_target("Tỷ lệ dịch vụ công trực tuyển toàn trình trên tổng số thủ tục hành chính có đủ điều kiện ≥ 85%.", TARGET_AT_LEAST, 85);
    expect_target("Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến≥ 80%.", TARGET_AT_LEAST, 80);
    expect_target("Tỷ lệ người dân có chữ ký số ≥ 5%.", TARGET_AT_LEAST, 5);
    expect_target("Tỷ lệ giao dịch hành chính thuộc diện \"phi tiếp xúc\" đạt 80%", TARGET_AT_LEAST, 80);
    expect_target("Phấn đấu Phủ sóng mạng di động 5G đến 30% địa bàn dân cư toàn xã", TARGET_AT_LEAST, 30);
    expect_target("100% cơ sở dữ liệu hành chính của xã được kết nối", TARGET_AT_LEAST, 100);
    expect_target("Tỷ lệ hồ sơ trễ hạn ≤ 2,5%", TARGET_AT_MOST, 2.5);
    expect_target("truy cập băng rộng cố định với tốc độ trên 01 Gbps/s đạt 30%", TARGET_AT_LEAST, 30);
    expect_target("Tỷ lệ hồ sơ được số hóa = 100%", TARGET_EQUAL, 100);
    expect_target("Tỷ lệ hồ sơ trễ hạn >= 3% là chưa đạt", TARGET_AT_LEAST, 3); /* ">=" is not a plain "=" */
    expect_target("Tỷ lệ hồ sơ trễ hạn không quá 5%", TARGET_AT_MOST, 5);
    expect_target("Hồ sơ trễ hạn dưới 2% tổng số", TARGET_AT_MOST, 2);
    expect_target("Nộp trực tuyến đạt 80%, trễ hạn không quá 5%", TARGET_AT_LEAST, 80); /* the first word wins */
    indicator_target t;
    assert_false(indicator_target_parse("Ứng dụng AI trong công việc", &t));
    assert_false(indicator_target_parse("Cơ quan Đảng ủy, chính quyền kết nối mạng truyền số liệu chuyên dùng", &t));
    assert_false(indicator_target_parse(NULL, &t));
    indicator_target at_least = {TARGET_AT_LEAST, 80, true}, at_most = {TARGET_AT_MOST, 5, true};
    assert_true(indicator_target_met(&at_least, 80));
    assert_false(indicator_target_met(&at_least, 79.9));
    assert_true(indicator_target_met(&at_most, 5));
    assert_false(indicator_target_met(&at_most, 5.1));
    assert_string_equal(indicator_comparator_sign(TARGET_AT_MOST), "≤");
    indicator_target equal = {TARGET_EQUAL, 100, true};
    assert_true(indicator_target_met(&equal, 100));
    assert_false(indicator_target_met(&equal, 99.9));
}

static void budget(const char *text, bool has, double million)
{
    bool got_has = !has;
    double got = -1;
    if (!budget_text_parse(text, &got_has, &got))
        fail_msg("refused: \"%s\"", text);
    assert_int_equal(got_has, has);
    if (has && got != million)
        fail_msg("\"%s\": %g, want %g", text, got, million);
}

static void budgets(void **state)
{
    (void)state;
    budget("", false, 0);
    budget("  ", false, 0);
    budget("250", true, 250);
    budget("1.500", true, 1500);         /* the Vietnamese thousands dot */
    budget("1.250.000", true, 1250000);
    budget("2,5", true, 2.5);            /* the Vietnamese decimal comma */
    budget("1.500,75", true, 1500.75);
    budget("2.5", true, 2.5);            /* typed the English way */
    budget("12.50", true, 12.5);
    budget("0.125", true, 0.125);
    budget(" 80 ", true, 80);
    bool has;
    double v;
    const char *refused[] = {"abc", "1,2,3", "1.50.000", "12.5,5", "1,", "-5", "5 triệu", ".5", "1..5"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (budget_text_parse(refused[i], &has, &v))
            fail_msg("accepted: \"%s\"", refused[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(typed_units),
        cmocka_unit_test(targets),
        cmocka_unit_test(budgets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
