/* Units and targets as the seed plan's official typed them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(typed_units),
        cmocka_unit_test(targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
