/* See form_rules.h. */
#include "catalog/form_rules.h"

#include "core/cccd.h"
#include "core/civil_date.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

static const char *const TYPES[] = {"text", "number", "date", "choice", "cccd", "phone",
                                    "address", "file"};
static const char *const PREFILLS[] = {"full_name", "cccd", "phone", "email", "address",
                                       "birth_date"};

static bool one_of(const char *v, const char *const *list, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(v, list[i]) == 0)
            return true;
    return false;
}

static bool key_ok(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    if (n == 0 || n > 40)
        return false;
    for (; *key; key++)
        if (!((*key >= 'a' && *key <= 'z') || (*key >= '0' && *key <= '9') || *key == '_'))
            return false;
    return true;
}

static const char *fail(int i, const char *part, int *index, const char **out_part,
                        const char *message)
{
    *index = i;
    *out_part = part;
    return message;
}

static const char *choices_problem(json_t *choices)
{
    if (!json_is_array(choices) || json_array_size(choices) == 0 || json_array_size(choices) > 100)
        return "Trường lựa chọn cần danh sách từ 1 đến 100 phương án.";
    size_t i;
    json_t *c;
    json_array_foreach(choices, i, c) if (!json_is_string(c) || json_string_length(c) == 0 ||
                                          json_string_length(c) > 300) return "Mỗi phương án phải là chuỗi không rỗng.";
    return NULL;
}

static const char *field_problem(json_t *f, json_t *schema, size_t i, int *index,
                                 const char **part)
{
    int at = (int)i;
    if (!json_is_object(f))
        return fail(at, NULL, index, part, "Mỗi trường của biểu mẫu phải là một đối tượng.");
    const char *key = json_string_value(json_object_get(f, "key"));
    if (!key_ok(key))
        return fail(at, "key", index, part, "Mã trường chỉ gồm chữ thường không dấu, số và dấu gạch dưới.");
    for (size_t j = 0; j < i; j++)
        if (strcmp(json_string_value(json_object_get(json_array_get(schema, j), "key")), key) == 0)
            return fail(at, "key", index, part, "Hai trường trùng mã.");
    const char *label = json_string_value(json_object_get(f, "label"));
    if (!label || !*label || strlen(label) > 600)
        return fail(at, "label", index, part, "Cần nhãn của trường (tối đa 600 byte).");
    const char *type = json_string_value(json_object_get(f, "type"));
    if (!one_of(type, TYPES, sizeof TYPES / sizeof TYPES[0]))
        return fail(at, "type", index, part, "Kiểu trường phải là text, number, date, choice, cccd, phone, address hoặc file.");
    json_t *required = json_object_get(f, "required");
    if (required && !json_is_boolean(required))
        return fail(at, "required", index, part, "\"required\" phải là true hoặc false.");
    json_t *prefill = json_object_get(f, "prefill");
    if (prefill && !json_is_null(prefill) &&
        !one_of(json_string_value(prefill), PREFILLS, sizeof PREFILLS / sizeof PREFILLS[0]))
        return fail(at, "prefill", index, part, "Trường điền sẵn phải là full_name, cccd, phone, email, address hoặc birth_date.");
    json_t *min = json_object_get(f, "min"), *max = json_object_get(f, "max");
    if ((min && !json_is_number(min)) || (max && !json_is_number(max)) ||
        (min && max && json_number_value(min) > json_number_value(max)))
        return fail(at, "min", index, part, "Giới hạn min/max phải là số và min không lớn hơn max.");
    if (strcmp(type, "choice") == 0) {
        const char *problem = choices_problem(json_object_get(f, "choices"));
        if (problem)
            return fail(at, "choices", index, part, problem);
    }
    return NULL;
}

const char *form_schema_problem(json_t *schema, int *index, const char **part)
{
    *index = -1;
    *part = NULL;
    if (!json_is_array(schema) || json_array_size(schema) > FORM_MAX_FIELDS)
        return "Biểu mẫu phải là danh sách tối đa 60 trường.";
    size_t i;
    json_t *f;
    json_array_foreach(schema, i, f) {
        const char *problem = field_problem(f, schema, i, index, part);
        if (problem)
            return problem;
    }
    return NULL;
}

bool form_phone_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    const char *digits = s;
    if (n > 3 && strncmp(s, "+84", 3) == 0) {
        digits = s + 3;
        n -= 3;
        if (n < 9 || n > 10)
            return false;
    } else if (n < 10 || n > 11 || s[0] != '0') {
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (digits[i] < '0' || digits[i] > '9')
            return false;
    return true;
}

bool form_email_valid(const char *s)
{
    const char *at = s ? strchr(s, '@') : NULL;
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
        s[strlen(s) - 1] == '.' || strlen(s) > 254)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == 0x7f || strchr("<>,;:\\\"()[]", *p))
            return false;
    return true;
}

static bool empty(json_t *v)
{
    return !v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0);
}

static const char *text_problem(json_t *f, json_t *v, size_t default_max)
{
    if (!json_is_string(v))
        return "phải là chuỗi ký tự";
    size_t chars = utf8_chars(json_string_value(v));
    json_t *min = json_object_get(f, "min"), *max = json_object_get(f, "max");
    size_t limit = max ? (size_t)json_number_value(max) : default_max;
    if (chars > limit || (min && chars < (size_t)json_number_value(min)))
        return "có độ dài không hợp lệ";
    return NULL;
}

static const char *value_problem(json_t *f, json_t *v)
{
    const char *type = json_string_value(json_object_get(f, "type"));
    const char *s = json_string_value(v);
    if (strcmp(type, "text") == 0)
        return text_problem(f, v, 1000);
    if (strcmp(type, "address") == 0)
        return text_problem(f, v, 500);
    if (strcmp(type, "number") == 0) {
        json_t *min = json_object_get(f, "min"), *max = json_object_get(f, "max");
        if (!json_is_number(v))
            return "phải là số";
        if ((min && json_number_value(v) < json_number_value(min)) ||
            (max && json_number_value(v) > json_number_value(max)))
            return "nằm ngoài khoảng cho phép";
        return NULL;
    }
    if (strcmp(type, "date") == 0) {
        civil_date d;
        return s && civil_date_parse(s, &d) ? NULL : "phải là ngày dạng YYYY-MM-DD";
    }
    if (strcmp(type, "choice") == 0) {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(f, "choices"), i, c) if (json_equal(c, v)) return NULL;
        return "không thuộc các phương án cho phép";
    }
    if (strcmp(type, "cccd") == 0)
        return s && cccd_parse(s, NULL) ? NULL : "phải là số định danh cá nhân gồm 12 chữ số hợp lệ";
    if (strcmp(type, "phone") == 0)
        return form_phone_valid(s) ? NULL : "phải là số điện thoại Việt Nam (10 chữ số, bắt đầu bằng 0)";
    /* file: a reference to an uploaded file, checked by the intake. */
    return s && strlen(s) <= 200 ? NULL : "phải là tệp đã tải lên";
}

bool form_values_ok(json_t *schema, json_t *values, const char **key, char *message,
                    size_t cap)
{
    *key = NULL;
    if (!json_is_object(values)) {
        snprintf(message, cap, "Dữ liệu biểu mẫu phải là một đối tượng.");
        return false;
    }
    const char *k;
    json_t *v, *f;
    size_t i;
    json_object_foreach(values, k, v) {
        bool known = false;
        json_array_foreach(schema, i, f) known =
            known || strcmp(json_string_value(json_object_get(f, "key")), k) == 0;
        if (!known) {
            *key = k;
            snprintf(message, cap, "Biểu mẫu không có trường này.");
            return false;
        }
    }
    json_array_foreach(schema, i, f) {
        const char *fk = json_string_value(json_object_get(f, "key"));
        json_t *value = json_object_get(values, fk);
        const char *problem = empty(value) ? (json_is_true(json_object_get(f, "required"))
                                                  ? "là bắt buộc"
                                                  : NULL)
                                           : value_problem(f, value);
        if (problem) {
            *key = fk;
            snprintf(message, cap, "Trường \"%s\" %s.",
                     json_string_value(json_object_get(f, "label")), problem);
            return false;
        }
    }
    return true;
}
