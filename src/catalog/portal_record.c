/* A portal record as a procedure: the fields taken over, the time limit and
 * fee decided from the channels, and the reasons a person must look. */
#include "catalog/portal_parse.h"

#include "core/fold.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char NO_INFO[] = "Không có thông tin";

/* The record's text field, "" for missing or "Không có thông tin". */
static const char *field_text(json_t *record, const char *key)
{
    const char *s = json_string_value(json_object_get(record, key));
    return !s || strcmp(s, NO_INFO) == 0 ? "" : s;
}

static void add_reason(json_t *reasons, const char *text)
{
    size_t i;
    json_t *v;
    json_array_foreach(reasons, i, v) if (strcmp(json_string_value(v), text) == 0) return;
    json_array_append_new(reasons, json_string(text));
}

/* Equal values, or both absent. */
static bool same_text(json_t *a, json_t *b, const char *key)
{
    json_t *x = json_object_get(a, key), *y = json_object_get(b, key);
    return (!x && !y) || (x && y && json_equal(x, y));
}

/* The channel whose values stand for the procedure: the counter's, else
 * the first. */
static json_t *main_channel(json_t *channels)
{
    size_t i;
    json_t *ch;
    json_array_foreach(channels, i, ch) if (strcmp(json_string_value(json_object_get(ch, "channel")),
                                                   "counter") == 0) return ch;
    return json_array_get(channels, 0);
}

/* The time limit: "N Ngày làm việc" is clear; anything else is a suggestion
 * that needs a person. */
static json_t *decide_time(json_t *channels, json_t *reasons)
{
    json_t *ch = main_channel(channels);
    size_t i;
    json_t *other;
    json_array_foreach(channels, i, other) if (!same_text(ch, other, "time_unit") ||
                                               !same_text(ch, other, "time_amount"))
        add_reason(reasons, "Thời hạn khác nhau giữa các hình thức nộp.");
    const char *unit = json_string_value(json_object_get(ch, "time_unit"));
    json_int_t amount = json_integer_value(json_object_get(ch, "time_amount"));
    const char *raw = json_string_value(json_object_get(ch, "time_raw"));
    if (!unit) {
        add_reason(reasons, "Không có thông tin về thời hạn giải quyết.");
        return json_null();
    }
    if (amount < 1 || amount > 500) {
        add_reason(reasons, "Thời hạn giải quyết không hợp lệ.");
        return json_null();
    }
    if (strcmp(unit, "working_days") == 0)
        return json_pack("{s:s, s:I, s:s}", "unit", unit, "amount", amount, "raw", raw);
    if (strcmp(unit, "unknown") == 0) {
        add_reason(reasons, "Thời hạn không ghi đơn vị (ngày làm việc, ngày hay giờ).");
        unit = amount == 1 ? "same_day" : "working_days";
    } else if (strcmp(unit, "calendar_days") == 0) {
        add_reason(reasons, "Thời hạn ghi \"Ngày\": cần xác định là ngày làm việc hay ngày lịch.");
    } else if (strcmp(unit, "hours") == 0) {
        add_reason(reasons, "Thời hạn ghi \"Giờ\": cần xác định là giờ làm việc.");
        unit = "working_hours";
    } else if (strcmp(unit, "months") == 0) {
        add_reason(reasons, "Thời hạn ghi theo tháng: cần quy đổi.");
        return json_null();
    }
    return json_pack("{s:s, s:I, s:s}", "unit", unit, "amount", amount, "raw", raw);
}

static json_t *decide_fees(json_t *channels, json_t *reasons)
{
    json_t *ch = main_channel(channels);
    json_t *fees = json_array();
    size_t i;
    json_t *other;
    json_array_foreach(channels, i, other) {
        if (json_is_true(json_object_get(other, "merged")))
            add_reason(reasons, "Thời hạn và phí bị dính liền khi công bố (ví dụ \"120,000 VNĐ\"): "
                                "không tách được.");
        if (!same_text(ch, other, "fee_amount"))
            add_reason(reasons, "Phí, lệ phí khác nhau giữa các hình thức nộp.");
    }
    json_t *amount = json_object_get(ch, "fee_amount");
    const char *description = json_string_value(json_object_get(ch, "description"));
    char folded[4096];
    text_fold(description ? description : "", folded, sizeof folded);
    if (strstr(folded, "hoi dong nhan dan") || strstr(folded, "hdnd"))
        add_reason(reasons, "Mức phí, lệ phí do Hội đồng nhân dân cấp tỉnh quyết định: cần ghi mức "
                            "của tỉnh.");
    if (!json_is_integer(amount)) {
        add_reason(reasons, "Không có thông tin rõ ràng về phí, lệ phí.");
    } else if (json_integer_value(amount) > 0) {
        json_array_append_new(fees, json_pack("{s:s, s:I, s:s, s:s}", "kind", "fee", "amount",
                                              json_integer_value(amount), "description",
                                              description && *description ? description : "Lệ phí",
                                              "exempt", ""));
    }
    return fees;
}

/* Papers the system may already hold for the applicant (the identity card,
 * the residence record) can be replaced by that data. */
static void mark_reusable(json_t *documents)
{
    size_t i;
    json_t *doc;
    json_array_foreach(documents, i, doc) {
        char folded[2048];
        text_fold(json_string_value(json_object_get(doc, "name")), folded, sizeof folded);
        const char *from = strstr(folded, "can cuoc") || strstr(folded, "giai to tui than")
                               ? "cccd"
                           : strstr(folded, "noi cu tru") ? "residence"
                                                          : NULL;
        json_object_set_new(doc, "reusable_from", from ? json_string(from) : json_null());
    }
}

/* "Giấy khai sinhMã: KQ.G15.000031Từ khóa..." -> "Giấy khai sinh". */
static json_t *result_name(const char *text)
{
    const char *end = strstr(text, "Mã:");
    size_t n = end ? (size_t)(end - text) : strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n'))
        n--;
    return json_stringn(text, n > 600 ? 0 : n);
}

static json_t *default_form(void)
{
    return json_pack(
        "[{s:s, s:s, s:s, s:b, s:s}, {s:s, s:s, s:s, s:b, s:s}, {s:s, s:s, s:s, s:b, s:s},"
        " {s:s, s:s, s:s, s:b, s:s}]",
        "key", "ho_ten", "label", "Họ và tên người nộp", "type", "text", "required", 1, "prefill",
        "full_name", "key", "so_dinh_danh", "label", "Số định danh cá nhân (CCCD)", "type", "cccd",
        "required", 1, "prefill", "cccd", "key", "dien_thoai", "label", "Số điện thoại", "type",
        "phone", "required", 1, "prefill", "phone", "key", "dia_chi", "label", "Địa chỉ liên hệ",
        "type", "address", "required", 0, "prefill", "address");
}

static json_t *public_parts(json_t *record, const char *time_raw)
{
    const char *agency = field_text(record, "co_quan_thuc_hien");
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "steps",
                     field_text(record, "trinh_tu_thuc_hien"), "channels",
                     field_text(record, "cach_thuc_thuc_hien"), "documents",
                     field_text(record, "thanh_phan_ho_so"), "time", time_raw, "applicants",
                     field_text(record, "doi_tuong_thuc_hien"), "agency",
                     *agency ? agency : field_text(record, "co_quan_co_tham_quyen"), "result",
                     field_text(record, "ket_qua_xu_ly"), "conditions",
                     field_text(record, "yeu_cau_dieu_kien"));
}

static bool has_online(json_t *channels)
{
    size_t i;
    json_t *ch;
    json_array_foreach(channels, i, ch) if (strcmp(json_string_value(json_object_get(ch, "channel")),
                                                   "online") == 0) return true;
    return false;
}

json_t *portal_record_to_procedure(json_t *record, char *err, size_t errlen)
{
    const char *code = field_text(record, "ma_thu_tuc"), *name = field_text(record, "ten_thu_tuc");
    if (!*code || !*name || strlen(code) > 32 || strlen(name) > 2000) {
        snprintf(err, errlen, "Bản ghi thiếu mã hoặc tên thủ tục.");
        return NULL;
    }
    json_t *reasons = json_array();
    json_t *channels = portal_parse_channels(field_text(record, "cach_thuc_thuc_hien"));
    if (json_array_size(channels) == 0)
        add_reason(reasons, "Không tách được hình thức nộp, thời hạn và phí.");
    json_t *time = decide_time(channels, reasons);
    json_t *fees = decide_fees(channels, reasons);
    json_t *documents = portal_parse_documents(field_text(record, "thanh_phan_ho_so"));
    if (json_array_size(documents) == 0)
        add_reason(reasons, "Không tách được thành phần hồ sơ.");
    mark_reusable(documents);
    const char *time_raw = json_is_object(time) ? json_string_value(json_object_get(time, "raw")) : "";
    const char *field = field_text(record, "linh_vuc"), *level = field_text(record, "cap_thuc_hien");
    const char *template_name = json_is_object(time) &&
                                        strcmp(json_string_value(json_object_get(time, "unit")),
                                               "same_day") == 0
                                    ? "same_day"
                                    : "counter_specialist_leader";
    bool pending = json_array_size(reasons) > 0;
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:s,"
        " s:{s:s, s:s?, s:O}, s:{s:s, s:o}, s:{s:s}}",
        "code", code, "name", name, "field", *field ? field : "Khác", "level",
        *level ? level : "Cấp xã", "legal_basis",
        portal_parse_legal_basis(field_text(record, "can_cu_phap_ly")), "time", time, "channels",
        channels, "fees", fees, "online_level", has_online(channels) ? "partial" : "none",
        "result_type", "paper", "result_name", result_name(field_text(record, "ket_qua_xu_ly")),
        "public", public_parts(record, time_raw ? time_raw : ""), "documents", documents, "form",
        default_form(), "status", "active", "source", "kind", "portal", "url",
        json_string_value(json_object_get(record, "detail_url")), "raw", record, "review",
        "status", pending ? "pending" : "confirmed", "reasons", reasons, "workflow", "template",
        template_name);
}
