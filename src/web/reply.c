/* Building replies: JSON, text, and the one error format of DESIGN.md. */
#include "web/internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *reply_default_message(int status)
{
    switch (status) {
    case 400: return "Yêu cầu không hợp lệ.";
    case 401: return "Bạn cần đăng nhập để thực hiện thao tác này.";
    case 403: return "Bạn không có quyền thực hiện thao tác này.";
    case 404: return "Không tìm thấy địa chỉ hoặc dữ liệu được yêu cầu.";
    case 405: return "Địa chỉ này không hỗ trợ phương thức được dùng.";
    case 409: return "Dữ liệu đã tồn tại hoặc vừa bị người khác thay đổi.";
    case 413: return "Dữ liệu gửi lên vượt quá dung lượng cho phép.";
    case 415: return "Định dạng dữ liệu không được hỗ trợ; hãy gửi application/json.";
    case 422: return "Dữ liệu gửi lên chưa đúng; hãy kiểm tra lại.";
    case 429: return "Bạn gửi quá nhiều yêu cầu; vui lòng thử lại sau ít phút.";
    case 431: return "Phần đầu của yêu cầu quá lớn.";
    case 503: return "Hệ thống tạm thời không phục vụ được; vui lòng thử lại sau.";
    default: return "Hệ thống gặp lỗi; vui lòng thử lại sau.";
    }
}

void reply_reset(web_request *req)
{
    struct web_request_internal *in = req->in;
    if (in->reply_malloced)
        free(in->reply_body);
    in->reply_body = NULL;
    in->reply_len = 0;
    in->reply_malloced = false;
}

void web_reply_json(web_request *req, int status, json_t *json)
{
    reply_reset(req);
    struct web_request_internal *in = req->in;
    char *text = json ? json_dumps(json, JSON_COMPACT) : NULL;
    json_decref(json);
    if (!text) {
        web_reply_text(req, 500, "application/json; charset=utf-8",
                       "{\"error\":{\"code\":\"internal_error\",\"message\":\"Hệ thống gặp lỗi; "
                       "vui lòng thử lại sau.\"}}");
        return;
    }
    in->status = status;
    in->reply_body = text;
    in->reply_len = strlen(text);
    in->reply_malloced = true;
    in->content_type = "application/json; charset=utf-8";
}

void web_reply_text(web_request *req, int status, const char *content_type, const char *body)
{
    reply_reset(req);
    struct web_request_internal *in = req->in;
    in->status = status;
    in->reply_body = (char *)body;
    in->reply_len = strlen(body);
    in->content_type = content_type;
}

void web_reply_bytes(web_request *req, int status, const char *content_type, const void *body,
                     size_t len)
{
    reply_reset(req);
    struct web_request_internal *in = req->in;
    in->status = status;
    in->reply_body = (char *)body;
    in->reply_len = len;
    in->content_type = content_type;
}

void web_add_header(web_request *req, const char *name, const char *value)
{
    reply_header *h = arena_alloc(&req->arena, sizeof *h);
    if (!h)
        return;
    h->name = arena_strdup(&req->arena, name);
    h->value = arena_strdup(&req->arena, value);
    h->next = req->in->headers;
    req->in->headers = h;
}

void web_reply_error(web_request *req, int status, const char *code, const char *field,
                     const char *message)
{
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message",
                            message ? message : reply_default_message(status));
    if (field)
        json_object_set_new(err, "field", json_string(field));
    web_reply_json(req, status, json_pack("{s:o}", "error", err));
}

bool web_reply_file(web_request *req, int status, const char *content_type, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return false;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return false;
    }
    reply_reset(req);
    struct web_request_internal *in = req->in;
    if (in->file_fd >= 0)
        close(in->file_fd);
    in->status = status;
    in->content_type = content_type;
    in->file_fd = fd;
    in->file_size = (uint64_t)st.st_size;
    return true;
}

/* RFC 6266 / RFC 5987: an ASCII fallback and the UTF-8 name, percent-encoded. */
static char *disposition(arena *a, const char *name)
{
    char *out = arena_alloc(a, strlen(name) * 4 + 64), *o = out;
    if (!out)
        return NULL;
    o += sprintf(o, "attachment; filename=\"");
    for (const char *p = name; *p; p++)
        *o++ = (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f && *p != '"' && *p != '\\' ? *p : '_';
    o += sprintf(o, "\"; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '-' || *p == '_')
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = '\0';
    return out;
}

void web_add_attachment_name(web_request *req, const char *name)
{
    char *value = disposition(&req->arena, name);
    if (value)
        web_add_header(req, "Content-Disposition", value);
}
