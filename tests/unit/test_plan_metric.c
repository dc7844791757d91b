/* Which indicator text names which computed metric (plan_metric_for): the
 * seed plan's indicators as its official typed them, and the document
 * figures its narrative asks for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plan/internal.h"

static void expect(const char *text, const char *metric)
{
    const char *got = plan_metric_for(text);
    if (metric ? !got || strcmp(got, metric) != 0 : got != NULL)
        fail_msg("\"%s\": %s, want %s", text, got ? got : "(none)", metric ? metric : "(none)");
}

static void seed_indicators(void **state)
{
    (void)state;
    /* data/ke-hoach-cds-2026-chi-tieu.csv */
    expect("Tỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử đạt 98%", "e_result");
    expect("Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu đã được số hóa trong giải quyết thủ tục hành chính, dịch"
           " vụ công đạt 90%",
           "reuse");
    expect("Tỷ lệ thanh toán trực tuyến trong giải quyết thủ tục hành chính, dịch vụ công đạt 80%", "online_payment");
    expect("Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa đạt 80%", "digitized");
    expect("Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến≥ 80%.", "online");
    expect("Tỷ lệ giao dịch hành chính thuộc diện \"phi tiếp xúc\" đạt 80%", "online");
    /* "tuyển" as typed folds as "tuyến" does. */
    expect("Tỷ lệ dịch vụ công trực tuyển toàn trình trên tổng số thủ tục hành chính có đủ điều kiện ≥ 85%.",
           "full_online_procedures");
    expect("Tỷ lệ xử lý văn bản, hồ sơ công việc toàn trình trên môi trường điện tử của các cơ quan hành chính nhà"
           " nước đạt 100%",
           "doc_electronic");
    /* Citizens with a signature are not documents signed. */
    expect("Tỷ lệ người dân có chữ ký số ≥ 5%.", NULL);
    expect("Tỷ lệ người dân có tài khoản định danh điện tử (VNeID) ≥ 75%.", NULL);
    expect("Ứng dụng AI trong công việc", NULL);
}

static void document_phrases(void **state)
{
    (void)state;
    /* The seed plans' narrative (seeds 001, 002), typed as indicators. */
    expect("Tỷ lệ văn bản điện tử có ký số đạt 100%", "doc_signed");
    expect("100% văn bản đi được thực hiện ký số đầy đủ theo quy định", "doc_signed");
    expect("100% văn bản đi – đến sử dụng ký số điện tử, không dùng bản giấy", "doc_signed");
    expect("100% văn bản trao đổi giữa các cơ quan nhà nước (trừ văn bản mật theo quy định) được thực hiện trên môi"
           " trường mạng",
           "doc_electronic");
    expect("Tỷ lệ văn bản điện tử đạt 100%", "doc_electronic");
    expect("Tỷ lệ văn bản đi, đến dưới dạng điện tử đạt 90%", "doc_electronic");
    expect("ti le van ban dien tu co ki so", "doc_signed"); /* typed without marks */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed_indicators),
        cmocka_unit_test(document_phrases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
