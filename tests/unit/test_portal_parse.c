/* Reading the national portal's flattened procedure records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "catalog/portal_parse.h"

static const char *str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static json_int_t num(json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

static void channels(void **state)
{
    (void)state;
    json_t *c = portal_parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp5 Ngày làm "
                                      "việcMiễn phíTrực tuyến5 Ngày làm việcMiễn phí(Nộp qua Cổng "
                                      "dịch vụ công)");
    assert_int_equal(json_array_size(c), 2);
    json_t *counter = json_array_get(c, 0), *online = json_array_get(c, 1);
    assert_string_equal(str(counter, "channel"), "counter");
    assert_string_equal(str(counter, "time_unit"), "working_days");
    assert_int_equal(num(counter, "time_amount"), 5);
    assert_string_equal(str(counter, "time_raw"), "5 Ngày làm việc");
    assert_int_equal(num(counter, "fee_amount"), 0);
    assert_string_equal(str(online, "description"), "Nộp qua Cổng dịch vụ công");
    json_decref(c);

    /* No unit after the number; a fee with thousands separators. */
    c = portal_parse_channels("Dịch vụ bưu chính1Miễn phíTrực tiếp3 Ngày50,000 VNĐLệ phí cấp bản sao");
    assert_string_equal(str(json_array_get(c, 0), "time_unit"), "unknown");
    assert_string_equal(str(json_array_get(c, 1), "time_unit"), "calendar_days");
    assert_int_equal(num(json_array_get(c, 1), "fee_amount"), 50000);
    assert_string_equal(str(json_array_get(c, 1), "description"), "Lệ phí cấp bản sao");
    json_decref(c);

    /* Time and fee ran together: the boundary is lost. */
    c = portal_parse_channels("Trực tuyến120,000 VNĐ");
    assert_true(json_is_true(json_object_get(json_array_get(c, 0), "merged")));
    assert_null(json_object_get(json_array_get(c, 0), "fee_amount"));
    json_decref(c);

    c = portal_parse_channels("Trực tiếpKhông có thông tin10,000 Việt Nam Đồng");
    assert_null(json_object_get(json_array_get(c, 0), "time_unit"));
    assert_int_equal(num(json_array_get(c, 0), "fee_amount"), 10000);
    json_decref(c);

    /* A channel's name inside a description is not a new channel. */
    c = portal_parse_channels("Trực tiếp2 Ngày làm việcMiễn phí(Nộp Trực tuyến hoặc Trực tiếp)");
    assert_int_equal(json_array_size(c), 1);
    json_decref(c);
    c = portal_parse_channels("");
    assert_int_equal(json_array_size(c), 0);
    json_decref(c);
}

static void documents(void **state)
{
    (void)state;
    json_t *d = portal_parse_documents(
        "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Tờ khai đăng ký khai sinh theo "
        "mẫu số 01;1 bản chính- Giấy chứng sinh.1 bản chính,1 bản sao"
        "- Ghi chú không phải giấy tờ.0 bản chính"
        "* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Thẻ căn cước.1 bản chính"
        "* Lưu ý:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Người tiếp nhận kiểm tra.1 bản chính");
    assert_int_equal(json_array_size(d), 3);
    json_t *form = json_array_get(d, 0), *birth = json_array_get(d, 1), *id = json_array_get(d, 2);
    assert_string_equal(str(form, "name"), "Tờ khai đăng ký khai sinh theo mẫu số 01");
    assert_string_equal(str(form, "kind"), "submit");
    assert_int_equal(num(birth, "originals"), 1);
    assert_int_equal(num(birth, "copies"), 1);
    assert_string_equal(str(id, "kind"), "present");
    assert_string_equal(str(id, "name"), "Thẻ căn cước.");
    json_decref(d);
}

static void legal_basis(void **state)
{
    (void)state;
    json_t *b = portal_parse_legal_basis(
        "Tên văn bản pháp lýMã văn bảnNghị định số 123/2015/NĐ-CP ngày 15/11/2015 hướng dẫn Luật Hộ "
        "tịch123/2015/NĐ-CPLuật 60/2014/QH1360/2014/QH13Nghị quyết66.7/2025/NQ-CP");
    assert_int_equal(json_array_size(b), 3);
    assert_string_equal(json_string_value(json_array_get(b, 0)), "123/2015/NĐ-CP");
    assert_string_equal(json_string_value(json_array_get(b, 2)), "66.7/2025/NQ-CP");
    json_decref(b);
}

static json_t *record(const char *channels_text)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "ma_thu_tuc", "9.999999",
                     "ten_thu_tuc", "Thủ tục thử", "linh_vuc", "Hộ tịch", "cap_thuc_hien", "Cấp xã",
                     "cach_thuc_thuc_hien", channels_text, "thanh_phan_ho_so",
                     "- Tờ khai.1 bản chính", "can_cu_phap_ly", "Luật 60/2014/QH13",
                     "ket_qua_xu_ly", "Giấy xác nhậnMã: KQ.1Từ khóa");
}

static void clear_and_ambiguous_records(void **state)
{
    (void)state;
    char err[128];
    json_t *r = record("Trực tiếp5 Ngày làm việcMiễn phí");
    json_t *p = portal_record_to_procedure(r, err, sizeof err);
    assert_string_equal(str(json_object_get(p, "review"), "status"), "confirmed");
    assert_string_equal(str(json_object_get(p, "time"), "unit"), "working_days");
    assert_string_equal(str(p, "result_name"), "Giấy xác nhận");
    assert_true(json_equal(json_object_get(json_object_get(p, "source"), "raw"), r));
    json_decref(p);
    json_decref(r);

    static const char *const ambiguous[] = {
        "Trực tiếp1Miễn phí",                      /* no unit */
        "Trực tiếp15 NgàyMiễn phí",                /* "Ngày": working or calendar days? */
        "Trực tuyến120,000 VNĐ",                   /* time and fee ran together */
        "Trực tiếp5 Ngày làm việcKhông có thông tin", /* fee unknown */
        "Trực tiếp5 Ngày làm việcMiễn phí(Mức lệ phí do Hội đồng nhân dân tỉnh quyết định)",
        "Trực tiếp5 Ngày làm việcMiễn phíTrực tuyến3 Ngày làm việcMiễn phí",
        "",
    };
    for (size_t i = 0; i < sizeof ambiguous / sizeof ambiguous[0]; i++) {
        r = record(ambiguous[i]);
        p = portal_record_to_procedure(r, err, sizeof err);
        json_t *review = json_object_get(p, "review");
        if (strcmp(str(review, "status"), "pending") != 0)
            fail_msg("\"%s\" should wait for review", ambiguous[i]);
        assert_true(json_array_size(json_object_get(review, "reasons")) > 0);
        json_decref(p);
        json_decref(r);
    }
    r = json_pack("{s:s}", "ten_thu_tuc", "Không mã");
    assert_null(portal_record_to_procedure(r, err, sizeof err));
    assert_true(strlen(err) > 0);
    json_decref(r);
}

/* Every record of the shipped catalog converts, and the birth registration
 * reads as the portal shows it. */
static void the_shipped_catalog(void **state)
{
    (void)state;
    json_t *all = json_load_file(XASO_SOURCE_DIR "/data/tthc-cap-xa.json", 0, NULL);
    assert_non_null(all);
    assert_int_equal(json_array_size(all), 309);
    size_t i, confirmed = 0;
    json_t *r;
    json_array_foreach(all, i, r) {
        char err[128];
        json_t *p = portal_record_to_procedure(r, err, sizeof err);
        assert_non_null(p);
        confirmed += strcmp(str(json_object_get(p, "review"), "status"), "confirmed") == 0;
        if (strcmp(str(r, "ma_thu_tuc"), "1.001193") == 0) {
            assert_string_equal(str(p, "name"), "Thủ tục đăng ký khai sinh");
            assert_string_equal(str(p, "field"), "Hộ tịch");
            assert_string_equal(str(p, "result_name"), "Giấy khai sinh");
            assert_int_equal(json_array_size(json_object_get(p, "channels")), 3);
            json_t *docs = json_object_get(p, "documents");
            bool certificate = false;
            size_t j;
            json_t *d;
            json_array_foreach(docs, j, d) certificate = certificate || strncmp(str(d, "name"), "Giấy chứng sinh", 17) == 0;
            assert_true(certificate);
        }
        json_decref(p);
    }
    /* Only what is unambiguous passes without a person. */
    assert_true(confirmed > 50 && confirmed < 150);
    json_decref(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(channels),
        cmocka_unit_test(documents),
        cmocka_unit_test(legal_basis),
        cmocka_unit_test(clear_and_ambiguous_records),
        cmocka_unit_test(the_shipped_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
