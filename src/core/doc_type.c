/* The decree's table, as data. */
#include "core/doc_type.h"

#include <string.h>

static const doc_type types[] = {
    {"nghi_quyet", "Nghị quyết (cá biệt)", "NQ"},
    {"quyet_dinh", "Quyết định (cá biệt)", "QĐ"},
    {"chi_thi", "Chỉ thị", "CT"},
    {"quy_che", "Quy chế", "QC"},
    {"quy_dinh", "Quy định", "QyĐ"},
    {"thong_cao", "Thông cáo", "TC"},
    {"thong_bao", "Thông báo", "TB"},
    {"huong_dan", "Hướng dẫn", "HD"},
    {"chuong_trinh", "Chương trình", "CTr"},
    {"ke_hoach", "Kế hoạch", "KH"},
    {"phuong_an", "Phương án", "PA"},
    {"de_an", "Đề án", "ĐA"},
    {"du_an", "Dự án", "DA"},
    {"bao_cao", "Báo cáo", "BC"},
    {"bien_ban", "Biên bản", "BB"},
    {"to_trinh", "Tờ trình", "TTr"},
    {"hop_dong", "Hợp đồng", "HĐ"},
    {"cong_van", "Công văn", NULL},
    {"cong_dien", "Công điện", "CĐ"},
    {"ban_ghi_nho", "Bản ghi nhớ", "BGN"},
    {"ban_thoa_thuan", "Bản thỏa thuận", "BTT"},
    {"giay_uy_quyen", "Giấy ủy quyền", "GUQ"},
    {"giay_moi", "Giấy mời", "GM"},
    {"giay_gioi_thieu", "Giấy giới thiệu", "GGT"},
    {"giay_nghi_phep", "Giấy nghỉ phép", "GNP"},
    {"phieu_gui", "Phiếu gửi", "PG"},
    {"phieu_chuyen", "Phiếu chuyển", "PC"},
    {"phieu_bao", "Phiếu báo", "PB"},
    {"thu_cong", "Thư công", NULL},
};

static const doc_type copy_kinds[] = {
    {"sao_y", "Bản sao y", "SY"},
    {"trich_sao", "Bản trích sao", "TrS"},
    {"sao_luc", "Bản sao lục", "SL"},
};

enum { N_TYPES = sizeof types / sizeof types[0], N_COPIES = sizeof copy_kinds / sizeof copy_kinds[0] };

size_t doc_type_count(void) { return N_TYPES; }
const doc_type *doc_type_at(size_t i) { return i < N_TYPES ? &types[i] : NULL; }
size_t doc_copy_kind_count(void) { return N_COPIES; }
const doc_type *doc_copy_kind_at(size_t i) { return i < N_COPIES ? &copy_kinds[i] : NULL; }

const doc_type *doc_type_by_code(const char *code)
{
    for (size_t i = 0; code && i < N_TYPES; i++)
        if (strcmp(types[i].code, code) == 0)
            return &types[i];
    return NULL;
}

static const doc_type *by_abbr(const doc_type *list, size_t n, const char *abbr, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].abbr && strlen(list[i].abbr) == len && memcmp(list[i].abbr, abbr, len) == 0)
            return &list[i];
    return NULL;
}

const doc_type *doc_type_by_abbr(const char *abbr, size_t len)
{
    return by_abbr(types, N_TYPES, abbr, len);
}

const doc_type *doc_copy_kind_by_abbr(const char *abbr, size_t len)
{
    return by_abbr(copy_kinds, N_COPIES, abbr, len);
}
