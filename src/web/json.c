/* JSON request bodies: parsing and field readers that answer 422 themselves. */
#include "web/internal.h"

#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool json_parse_body(web_request *req)
{
    json_error_t e;
    /* jansson checks UTF-8 and nesting depth; duplicate keys are refused. */
    req->json = json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES, &e);
    if (!req->json) {
        char *msg = arena_printf(&req->arena,
                                 "Dữ liệu gửi lên không phải JSON hợp lệ (dòng %d, cột %d).",
                                 e.line, e.column);
        web_reply_error(req, 400, "invalid_json", NULL, msg);
        return false;
    }
    if (!json_is_object(req->json)) {
        web_reply_error(req, 400, "invalid_json", NULL,
                        "Dữ liệu gửi lên phải là một đối tượng JSON.");
        return false;
    }
    return true;
}

/* The field's value, or NULL when absent or null — after replying 422 if the
 * field is required. */
static json_t *present_field(web_request *req, json_t *obj, const char *field, bool required)
{
    json_t *v = json_object_get(obj, field);
    if (v && !json_is_null(v))
        return v;
    if (required)
        web_reply_error(req, 422, "missing_field", field,
                        arena_printf(&req->arena, "Thiếu trường bắt buộc \"%s\".", field));
    return NULL;
}

bool web_json_string(web_request *req, json_t *obj, const char *field, size_t min_chars,
                     size_t max_chars, bool required, const char **out)
{
    *out = NULL;
    json_t *v = present_field(req, obj, field, required);
    if (!v)
        return !required;
    if (!json_is_string(v)) {
        web_reply_error(req, 422, "invalid_field", field,
                        arena_printf(&req->arena, "Trường \"%s\" phải là chuỗi ký tự.", field));
        return false;
    }
    const char *s = json_string_value(v);
    if (strlen(s) != json_string_length(v)) {
        web_reply_error(req, 422, "invalid_field", field,
                        arena_printf(&req->arena, "Trường \"%s\" chứa ký tự không hợp lệ.", field));
        return false;
    }
    size_t n = utf8_chars(s);
    if (n < min_chars || n > max_chars) {
        web_reply_error(req, 422, "invalid_field", field,
                        arena_printf(&req->arena, "Trường \"%s\" phải dài từ %zu đến %zu ký tự.",
                                     field, min_chars, max_chars));
        return false;
    }
    *out = s;
    return true;
}

bool web_json_int(web_request *req, json_t *obj, const char *field, int64_t min, int64_t max,
                  bool required, int64_t *out)
{
    json_t *v = present_field(req, obj, field, required);
    if (!v)
        return !required;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        web_reply_error(req, 422, "invalid_field", field,
                        arena_printf(&req->arena,
                                     "Trường \"%s\" phải là số nguyên từ %lld đến %lld.", field,
                                     (long long)min, (long long)max));
        return false;
    }
    *out = json_integer_value(v);
    return true;
}

bool web_query_int(web_request *req, const char *name, long min, long max, const char *message, long *out)
{
    const char *text = web_query(req, name);
    if (!text)
        return true;
    char *end;
    long v = strtol(text, &end, 10);
    if (*text && !*end && strlen(text) < 10 && v >= min && v <= max) {
        *out = v;
        return true;
    }
    web_reply_error(req, 422, "invalid_field", name, message);
    return false;
}
