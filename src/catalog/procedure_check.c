/* Validating a procedure given as JSON (see catalog.h) before any write. */
#include "catalog/internal.h"

#include "catalog/form_rules.h"
#include "core/agency_code.h"
#include "core/civil_date.h"

#include <stdio.h>
#include <string.h>

#define refuse(in, err, message, ...) \
    ((void)(in), org_refuse_at(err, 422, "invalid_field", message, __VA_ARGS__))

static bool one_of(const char *v, const char *const *list, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(v, list[i]) == 0)
            return true;
    return false;
}

/* A string member within length limits (bytes); NULL allowed when optional. */
static bool text(json_t *obj, const char *key, size_t min, size_t max, bool required,
                 const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return !required;
    if (!json_is_string(v) || json_string_length(v) < min || json_string_length(v) > max)
        return false;
    *out = json_string_value(v);
    return true;
}

/* The first member of obj not in allowed, or NULL. A typo in a field name
 * is refused rather than silently dropped. */
static const char *unknown_key(json_t *obj, const char *const *allowed, size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) if (!one_of(key, allowed, n)) return key;
    return NULL;
}

static const char *const PROCEDURE_KEYS[] = {
    "code", "name", "field", "level", "competent_unit", "legal_basis", "time", "channels",
    "fees", "online_level", "result_type", "result_name", "public", "documents", "form",
    "status", "effective_from", "effective_to", "review", "source", "workflow",
};
static const char *const DOCUMENT_KEYS[] = {"id", "name", "kind", "originals", "copies",
                                            "reusable_from", "form_file", "form_file_name"};
static const char *const FEE_KEYS[] = {"kind", "amount", "description", "exempt"};

static bool code_ok(const char *code)
{
    /* National codes look like 1.001193 or 2.000123.000.00.00.H42; allow
     * digits, letters, dots and dashes. */
    if (!code || !*code)
        return false;
    for (const char *p = code; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              *p == '.' || *p == '-' || *p == '_'))
            return false;
    return true;
}

static int check_names(json_t *j, proc_input *in, org_error *err)
{
    if (!text(j, "code", 1, 32, true, &in->code) || !code_ok(in->code))
        return refuse(in, err, "Mã thủ tục gồm chữ số, chữ cái, dấu chấm (ví dụ 1.001193).", "code");
    if (!text(j, "name", 1, 2000, true, &in->name))
        return refuse(in, err, "Cần tên thủ tục (tối đa 2000 byte).", "name");
    if (!text(j, "field", 1, 300, true, &in->field))
        return refuse(in, err, "Cần lĩnh vực của thủ tục.", "field");
    if (!text(j, "level", 1, 200, false, &in->level))
        return refuse(in, err, "Cấp thực hiện không hợp lệ.", "level");
    if (!in->level)
        in->level = "Cấp xã";
    if (!text(j, "competent_unit", 13, 13, false, &in->competent_unit) ||
        (in->competent_unit && !agency_code_valid(in->competent_unit)))
        return refuse(in, err, "Đơn vị có thẩm quyền phải là mã định danh (ví dụ 000.00.01.H42).",
                      "competent_unit");
    return 0;
}

static int check_time(json_t *j, proc_input *in, org_error *err)
{
    static const char *const units[] = {"working_days", "working_hours", "calendar_days", "same_day"};
    json_t *t = json_object_get(j, "time");
    in->time_unit = NULL;
    in->time_amount = 0;
    if (!t || json_is_null(t))
        return 0;
    const char *unit = json_string_value(json_object_get(t, "unit"));
    json_t *amount = json_object_get(t, "amount");
    if (!json_is_object(t) || !one_of(unit, units, 4))
        return refuse(in, err, "Đơn vị thời hạn phải là working_days, working_hours, calendar_days hoặc same_day.", "time.unit");
    if (strcmp(unit, "same_day") == 0 && (!amount || json_is_null(amount))) {
        in->time_unit = unit;
        in->time_amount = 1;
        return 0;
    }
    if (!json_is_integer(amount) || json_integer_value(amount) < 1 || json_integer_value(amount) > 500)
        return refuse(in, err, "Thời hạn phải là số nguyên từ 1 đến 500.", "time.amount");
    in->time_unit = unit;
    in->time_amount = (int)json_integer_value(amount);
    return 0;
}

static int check_documents(json_t *j, proc_input *in, org_error *err)
{
    static const char *const kinds[] = {"submit", "present"};
    static const char *const reuse[] = {"cccd", "residence", "profile"};
    json_t *list = json_object_get(j, "documents");
    in->document_count = 0;
    if (!list)
        return 0;
    if (!json_is_array(list) || json_array_size(list) > PROC_MAX_DOCUMENTS)
        return refuse(in, err, "Thành phần hồ sơ là danh sách tối đa 200 giấy tờ.", "documents");
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d) {
        proc_document *doc = &in->documents[i];
        json_t *id = json_object_get(d, "id"), *o = json_object_get(d, "originals"),
               *c = json_object_get(d, "copies");
        const char *stray = json_is_object(d) ? unknown_key(d, DOCUMENT_KEYS, 8) : NULL;
        if (stray)
            return refuse(in, err, "Giấy tờ không có thuộc tính này.", "documents[%zu].%s", i, stray);
        if (!json_is_object(d) || !text(d, "name", 1, 10000, true, &doc->name))
            return refuse(in, err, "Cần tên giấy tờ (tối đa 10000 byte).", "documents[%zu].name", i);
        if (!text(d, "kind", 1, 16, false, &doc->kind) || (doc->kind && !one_of(doc->kind, kinds, 2)))
            return refuse(in, err, "Loại giấy tờ là submit (nộp) hoặc present (xuất trình).", "documents[%zu].kind", i);
        if ((o && (!json_is_integer(o) || json_integer_value(o) < 0 || json_integer_value(o) > 20)) ||
            (c && (!json_is_integer(c) || json_integer_value(c) < 0 || json_integer_value(c) > 20)))
            return refuse(in, err, "Số bản chính, bản sao phải từ 0 đến 20.", "documents[%zu].originals", i);
        if (!text(d, "reusable_from", 1, 16, false, &doc->reusable_from) ||
            (doc->reusable_from && !one_of(doc->reusable_from, reuse, 3)))
            return refuse(in, err, "Dữ liệu thay thế là cccd, residence hoặc profile.", "documents[%zu].reusable_from", i);
        if (id && !json_is_null(id) && (!json_is_integer(id) || json_integer_value(id) < 1))
            return refuse(in, err, "Mã giấy tờ không hợp lệ.", "documents[%zu].id", i);
        doc->id = json_is_integer(id) ? json_integer_value(id) : 0;
        doc->kind = doc->kind ? doc->kind : "submit";
        doc->originals = o ? (int)json_integer_value(o) : 1;
        doc->copies = c ? (int)json_integer_value(c) : 0;
        in->document_count++;
    }
    return 0;
}

static int check_fees(json_t *j, proc_input *in, org_error *err)
{
    static const char *const kinds[] = {"fee", "charge"};
    json_t *list = json_object_get(j, "fees");
    in->fee_count = 0;
    if (!list)
        return 0;
    if (!json_is_array(list) || json_array_size(list) > PROC_MAX_FEES)
        return refuse(in, err, "Phí, lệ phí là danh sách tối đa 20 khoản.", "fees");
    size_t i;
    json_t *f;
    json_array_foreach(list, i, f) {
        proc_fee *fee = &in->fees[i];
        json_t *amount = json_object_get(f, "amount");
        const char *stray = json_is_object(f) ? unknown_key(f, FEE_KEYS, 4) : NULL;
        if (stray)
            return refuse(in, err, "Khoản thu không có thuộc tính này.", "fees[%zu].%s", i, stray);
        if (!json_is_object(f) || !text(f, "kind", 1, 16, false, &fee->kind) ||
            (fee->kind && !one_of(fee->kind, kinds, 2)))
            return refuse(in, err, "Loại khoản thu là fee (phí) hoặc charge (lệ phí).", "fees[%zu].kind", i);
        if (!json_is_integer(amount) || json_integer_value(amount) < 0 ||
            json_integer_value(amount) > 1000000000)
            return refuse(in, err, "Số tiền là số nguyên đồng, từ 0 đến 1 tỷ.", "fees[%zu].amount", i);
        if (!text(f, "description", 1, 4000, true, &fee->description))
            return refuse(in, err, "Cần mô tả khoản thu.", "fees[%zu].description", i);
        if (!text(f, "exempt", 0, 4000, false, &fee->exempt))
            return refuse(in, err, "Đối tượng miễn phải là chuỗi.", "fees[%zu].exempt", i);
        fee->kind = fee->kind ? fee->kind : "fee";
        fee->exempt = fee->exempt ? fee->exempt : "";
        fee->amount = json_integer_value(amount);
        in->fee_count++;
    }
    return 0;
}

static int check_properties(json_t *j, proc_input *in, org_error *err)
{
    static const char *const online[] = {"full", "partial", "none"};
    static const char *const results[] = {"paper", "electronic", "both"};
    static const char *const statuses[] = {"active", "inactive"};
    civil_date d;
    if (!text(j, "online_level", 1, 16, false, &in->online_level) ||
        (in->online_level && !one_of(in->online_level, online, 3)))
        return refuse(in, err, "Mức trực tuyến là full (toàn trình), partial (một phần) hoặc none.", "online_level");
    if (!text(j, "result_type", 1, 16, false, &in->result_type) ||
        (in->result_type && !one_of(in->result_type, results, 3)))
        return refuse(in, err, "Loại kết quả là paper, electronic hoặc both.", "result_type");
    if (!text(j, "result_name", 0, 600, false, &in->result_name))
        return refuse(in, err, "Tên kết quả tối đa 600 byte.", "result_name");
    if (!text(j, "status", 1, 16, false, &in->status) || (in->status && !one_of(in->status, statuses, 2)))
        return refuse(in, err, "Trạng thái là active hoặc inactive.", "status");
    if (!text(j, "effective_from", 10, 10, false, &in->effective_from) ||
        (in->effective_from && !civil_date_parse(in->effective_from, &d)))
        return refuse(in, err, "Ngày hiệu lực dạng YYYY-MM-DD.", "effective_from");
    if (!text(j, "effective_to", 10, 10, false, &in->effective_to) ||
        (in->effective_to && !civil_date_parse(in->effective_to, &d)) ||
        (in->effective_from && in->effective_to && strcmp(in->effective_to, in->effective_from) < 0))
        return refuse(in, err, "Ngày hết hiệu lực dạng YYYY-MM-DD, không trước ngày hiệu lực.", "effective_to");
    in->online_level = in->online_level ? in->online_level : "none";
    in->result_type = in->result_type ? in->result_type : "paper";
    in->result_name = in->result_name ? in->result_name : "";
    in->status = in->status ? in->status : "active";
    return 0;
}

static bool string_array(json_t *a, size_t max_items, size_t max_len)
{
    if (!json_is_array(a) || json_array_size(a) > max_items)
        return false;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) if (!json_is_string(v) || json_string_length(v) > max_len) return false;
    return true;
}

static int check_documents_of_record(json_t *j, proc_input *in, org_error *err)
{
    static const char *const parts[] = {"steps", "channels", "documents", "time", "applicants",
                                        "agency", "result", "conditions"};
    in->legal_basis = json_object_get(j, "legal_basis");
    if (in->legal_basis && !string_array(in->legal_basis, 200, 200))
        return refuse(in, err, "Căn cứ pháp lý là danh sách số hiệu văn bản.", "legal_basis");
    in->channels = json_object_get(j, "channels");
    if (in->channels && (!json_is_array(in->channels) || json_array_size(in->channels) > 10))
        return refuse(in, err, "Hình thức nộp là danh sách tối đa 10 mục.", "channels");
    in->public_parts = json_object_get(j, "public");
    if (in->public_parts) {
        if (!json_is_object(in->public_parts))
            return refuse(in, err, "Các bộ phận công khai là một đối tượng.", "public");
        const char *key;
        json_t *v;
        json_object_foreach(in->public_parts, key, v) if (!one_of(key, parts, 8) || !json_is_string(v))
            return refuse(in, err, "Bộ phận công khai phải là chuỗi: steps, channels, documents, time, applicants, agency, result, conditions.", "public.%s", key);
    }
    in->form = json_object_get(j, "form");
    int index;
    const char *part, *problem = in->form ? form_schema_problem(in->form, &index, &part) : NULL;
    if (problem)
        return index < 0 ? refuse(in, err, problem, "form")
                         : refuse(in, err, problem, "form[%d].%s", index, part ? part : "");
    return 0;
}

static int check_provenance(json_t *j, proc_input *in, org_error *err)
{
    static const char *const kinds[] = {"manual", "import", "portal"};
    json_t *review = json_object_get(j, "review"), *source = json_object_get(j, "source");
    in->review_status = "confirmed";
    in->review_reasons = NULL;
    if (review) {
        in->review_status = json_string_value(json_object_get(review, "status"));
        in->review_reasons = json_object_get(review, "reasons");
        if (!in->review_status || (strcmp(in->review_status, "pending") != 0 &&
                                   strcmp(in->review_status, "confirmed") != 0))
            return refuse(in, err, "Trạng thái rà soát là pending hoặc confirmed.", "review.status");
        if (in->review_reasons && !string_array(in->review_reasons, 50, 2000))
            return refuse(in, err, "Lý do rà soát là danh sách chuỗi.", "review.reasons");
    }
    in->source_kind = NULL; /* kept as it was on an update, "manual" when new */
    in->source_url = NULL;
    in->source_raw = NULL;
    if (source) {
        if (!text(source, "kind", 1, 16, true, &in->source_kind) || !one_of(in->source_kind, kinds, 3))
            return refuse(in, err, "Nguồn là manual, import hoặc portal.", "source.kind");
        if (!text(source, "url", 1, 2000, false, &in->source_url))
            return refuse(in, err, "Địa chỉ nguồn tối đa 2000 byte.", "source.url");
        in->source_raw = json_object_get(source, "raw");
    }
    in->workflow = json_object_get(j, "workflow");
    return 0;
}

int catalog_check_procedure(json_t *j, proc_input *in, org_error *err)
{
    memset(in, 0, sizeof *in);
    if (!json_is_object(j))
        return refuse(in, err, "Thủ tục phải là một đối tượng JSON.", "procedure");
    const char *stray = unknown_key(j, PROCEDURE_KEYS,
                                    sizeof PROCEDURE_KEYS / sizeof PROCEDURE_KEYS[0]);
    if (stray)
        return refuse(in, err, "Thủ tục không có thuộc tính này.", "%s", stray);
    if (check_names(j, in, err) || check_time(j, in, err) || check_documents(j, in, err) ||
        check_fees(j, in, err) || check_properties(j, in, err) ||
        check_documents_of_record(j, in, err) || check_provenance(j, in, err))
        return -1;
    if (in->workflow) {
        workflow_input wf;
        if (catalog_check_workflow(in->workflow, &wf, err) != 0) {
            char inner[sizeof err->path];
            snprintf(inner, sizeof inner, "%s", err->field ? err->field : "");
            return org_refuse_at(err, err->status, err->code, err->message, "workflow.%s", inner);
        }
    }
    return 0;
}
