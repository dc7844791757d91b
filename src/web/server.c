/* libmicrohttpd glue: the life of one request.
 *
 * 1st callback   match the route, check header size and Content-Length
 * body callbacks accumulate the body, refusing past the route's limit (413)
 * last callback  identify, authorize, rate-limit, parse JSON, run the handler,
 *                queue the reply
 * completed      metrics, access log, free the request
 *
 * The reply is queued on the last callback, not the first: libmicrohttpd
 * 0.9.75 drops keep-alive when a reply is queued before the body was read. The
 * only replies queued early are refusals (413, 431), where closing the
 * connection is the point. */
#include "web/internal.h"

#include "core/log.h"
#include "core/timefmt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Bytes of a refused streamed body read and dropped before closing. */
enum { DRAIN_LIMIT = 16u << 20 };

struct web_server {
    web_config cfg;
    struct MHD_Daemon *daemon;
    router *router;
    web_route *routes;
    int nroutes, cap_routes;
    web_identity identity;
    web_metrics *metrics;
    ratelimit *limiter;
    atomic_int in_flight;
    atomic_uint_fast64_t next_id;
};

/* Sent with every reply. The CSP allows no inline script or style. */
#define CSP_BASE                                                                                   \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
#define FRAMABLE_CSP CSP_BASE "frame-ancestors 'self'"
static const char *const security_headers[][2] = {
    {"Content-Security-Policy", CSP_BASE "frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

/* --- configuration and routes -------------------------------------- */

static void apply_defaults(web_config *c)
{
    if (!c->listen) c->listen = "127.0.0.1:8080";
    if (!c->max_body) c->max_body = 1u << 20;
    if (!c->max_header) c->max_header = 16u << 10;
    if (!c->timeout_s) c->timeout_s = 30;
    if (!c->max_connections) c->max_connections = 1000;
    if (!c->per_ip_connections) c->per_ip_connections = 64;
    if (!c->threads) {
        /* Handlers block while their write waits for its group commit, so
         * more workers than cores is what lets commits gather many writes:
         * measured on 2 cores, 16 workers gave 4.4x the durable writes of 2. */
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        c->threads = n > 0 ? (unsigned)(n * 8 > 64 ? 64 : n * 8) : 16;
    }
}

web_server *web_server_new(const web_config *cfg)
{
    web_server *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cfg = *cfg;
    apply_defaults(&s->cfg);
    s->router = router_new();
    if (!s->router) {
        free(s);
        return NULL;
    }
    atomic_store(&s->next_id, (uint_fast64_t)timefmt_now_ms() << 20);
    return s;
}

int web_server_route(web_server *s, const web_route *r)
{
    if (s->daemon || router_add(s->router, r->method, r->pattern) < 0) {
        log_event(LOG_ERROR, "web.route", "bad or duplicate route %s %s", r->method, r->pattern);
        return -1;
    }
    if (s->nroutes == s->cap_routes) {
        int cap = s->cap_routes ? s->cap_routes * 2 : 32;
        web_route *grown = realloc(s->routes, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        s->routes = grown;
        s->cap_routes = cap;
    }
    s->routes[s->nroutes++] = *r;
    return 0;
}

void web_server_set_identity(web_server *s, const web_identity *id) { s->identity = *id; }

int web_server_route_count(const web_server *s) { return s->nroutes; }

const web_route *web_server_route_at(const web_server *s, int i)
{
    return i >= 0 && i < s->nroutes ? &s->routes[i] : NULL;
}

/* --- request accessors ---------------------------------------------- */

const char *web_param(web_request *req, const char *name)
{
    router_match *m = &req->in->match;
    for (int i = 0; i < m->nparams; i++)
        if (strcmp(m->param_names[i], name) == 0)
            return m->param_values[i];
    return NULL;
}

const char *web_query(web_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->in->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *web_header(web_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->in->conn, MHD_HEADER_KIND, name);
}

const char *web_cookie(web_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->in->conn, MHD_COOKIE_KIND, name);
}

/* --- the request's life ---------------------------------------------- */

static const char *client_address(web_server *s, struct MHD_Connection *conn, arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char buf[INET6_ADDRSTRLEN] = "unknown";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof buf);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof buf);
    }
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (xff && s->cfg.trusted_proxies && strstr(s->cfg.trusted_proxies, buf)) {
        /* The proxy appends the address it saw: the last entry is the client. */
        const char *last = strrchr(xff, ',');
        last = last ? last + 1 : xff;
        while (*last == ' ')
            last++;
        return arena_strdup(a, last);
    }
    return arena_strdup(a, buf);
}

static enum MHD_Result sum_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

static web_request *request_new(web_server *s, struct MHD_Connection *conn, const char *url,
                                const char *method)
{
    web_request *req = calloc(1, sizeof *req);
    struct web_request_internal *in = calloc(1, sizeof *in);
    if (!req || !in) {
        free(req);
        free(in);
        return NULL;
    }
    arena_init(&req->arena, 0);
    req->in = in;
    in->conn = conn;
    in->server = s;
    in->file_fd = -1;
    in->route = -1;
    in->started_ns = timefmt_monotonic_ns();
    req->method = method;
    req->path = arena_strdup(&req->arena, url);
    req->client_ip = client_address(s, conn, &req->arena);
    req->now_ms = timefmt_now_ms();
    if (s->cfg.test_clock) {
        const char *now = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Test-Now");
        if (now && !timefmt_parse_iso_offset(now, &req->now_ms))
            req->now_ms = timefmt_now_ms();
    }
    snprintf(req->request_id, sizeof req->request_id, "%016llx",
             (unsigned long long)atomic_fetch_add(&s->next_id, 1));
    return req;
}

static void request_free(web_request *req)
{
    struct web_request_internal *in = req->in;
    reply_reset(req);
    if (in->file_fd >= 0)
        close(in->file_fd);
    free(in->body);
    json_decref(req->json);
    arena_free(&req->arena);
    free(in);
    free(req);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void set_early(web_request *req, int status, const char *code)
{
    req->in->early_status = status;
    req->in->early_code = code;
}

/* Everything that can be decided from the request line and headers. */
static void request_begin(web_server *s, web_request *req)
{
    struct web_request_internal *in = req->in;
    in->path_buf = arena_alloc(&req->arena, strlen(req->path) + 1);
    char allow[128];
    router_match_path(s->router, req->method, req->path, in->path_buf, &in->match, allow,
                      sizeof allow);
    in->route = in->match.route;
    in->max_body = s->cfg.max_body;
    if (in->route >= 0 && s->routes[in->route].max_body)
        in->max_body = s->routes[in->route].max_body;

    size_t header_bytes = strlen(req->path) + strlen(req->method) + 16;
    MHD_get_connection_values(in->conn, MHD_HEADER_KIND, sum_header, &header_bytes);
    if (header_bytes > s->cfg.max_header) {
        set_early(req, 431, "header_too_large");
        return;
    }
    const char *cl = web_header(req, "Content-Length");
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || *end || n > in->max_body)
            set_early(req, 413, "payload_too_large");
        /* Small enough to drain: read it and answer, so the client, still
         * sending, sees the 413 rather than a reset connection. */
        in->drain = !errno && !*end && n <= in->max_body + DRAIN_LIMIT;
    }
}

static bool append_body(web_request *req, const char *data, size_t len)
{
    struct web_request_internal *in = req->in;
    if (len > in->max_body - in->body_len) {
        set_early(req, 413, "payload_too_large");
        return false;
    }
    if (in->body_len + len + 1 > in->body_cap) {
        size_t cap = in->body_cap ? in->body_cap : 4096;
        while (cap < in->body_len + len + 1)
            cap *= 2;
        char *grown = realloc(in->body, cap);
        if (!grown) {
            set_early(req, 413, "payload_too_large");
            return false;
        }
        in->body = grown;
        in->body_cap = cap;
    }
    memcpy(in->body + in->body_len, data, len);
    in->body_len += len;
    in->body[in->body_len] = '\0';
    return true;
}

static bool is_json_type(const char *ct)
{
    if (!ct)
        return false;
    while (*ct == ' ')
        ct++;
    size_t n = strlen("application/json");
    return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';' ||
                                                           ct[n] == ' ');
}

static void reply_early(web_request *req)
{
    struct web_request_internal *in = req->in;
    const char *msg = NULL;
    if (in->early_status == 413)
        msg = arena_printf(&req->arena,
                           "Dữ liệu gửi lên vượt quá dung lượng cho phép (%zu byte).",
                           in->max_body);
    web_reply_error(req, in->early_status, in->early_code, NULL, msg);
}

static bool check_access(web_server *s, web_request *req, const web_route *r)
{
    if (s->identity.identify && !s->identity.identify(s->identity.ctx, req, &req->who)) {
        web_reply_error(req, 500, "internal_error", NULL, NULL);
        return false;
    }
    if (!r->permission)
        return true;
    if (!req->who.authenticated) {
        web_reply_error(req, 401, "unauthenticated", NULL, NULL);
        return false;
    }
    req->in->status = 0;
    if (!s->identity.authorize ||
        !s->identity.authorize(s->identity.ctx, req, &req->who, r->permission)) {
        log_event(LOG_WARN, "web.denied", "%s %s needs %s", r->method, r->pattern,
                  r->permission);
        if (req->in->status == 0) /* the identity may have said why */
            web_reply_error(req, 403, "forbidden", NULL, NULL);
        return false;
    }
    return true;
}

static bool rate_allows(web_server *s, const char *client, int *retry)
{
    if (s->cfg.shared_rate_take) {
        int shared = s->cfg.shared_rate_take(s->cfg.shared_rate_ctx, client, s->cfg.rate_per_s,
                                             s->cfg.rate_burst, retry);
        if (shared >= 0)
            return shared == 1;
    }
    return ratelimit_take(s->limiter, client, timefmt_monotonic_ns(), retry);
}

static void dispatch_route(web_server *s, web_request *req, const web_route *r)
{
    if (s->limiter) {
        int retry = 1;
        if (!rate_allows(s, req->client_ip, &retry)) {
            web_add_header(req, "Retry-After", arena_printf(&req->arena, "%d", retry));
            web_reply_error(req, 429, "rate_limited", NULL, NULL);
            return;
        }
    }
    if (!check_access(s, req, r))
        return;
    req->body = req->in->body;
    req->body_len = req->in->body_len;
    const char *type = web_header(req, "Content-Type");
    bool multipart = (r->flags & WEB_MULTIPART) && type &&
                     strncasecmp(type, "multipart/form-data", 19) == 0;
    if ((r->flags & WEB_JSON_BODY) && !multipart) {
        if (!is_json_type(type)) {
            web_reply_error(req, 415, "unsupported_media_type", NULL, NULL);
            return;
        }
        if (!json_parse_body(req))
            return;
    }
    req->in->status = 0;
    r->handler(req, r->ctx);
    if (req->in->status == 0) {
        log_event(LOG_ERROR, "web.handler", "%s %s gave no reply", r->method, r->pattern);
        web_reply_error(req, 500, "internal_error", NULL, NULL);
    }
}

static void dispatch(web_server *s, web_request *req)
{
    struct web_request_internal *in = req->in;
    if (in->early_status) {
        reply_early(req);
    } else if (in->route >= 0) {
        dispatch_route(s, req, &s->routes[in->route]);
    } else if ((strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) &&
               static_serve(req, s->cfg.web_dir)) {
        /* served */
    } else if (in->match.path_known) {
        char allow[128];
        router_match_path(s->router, "", req->path, in->path_buf, &in->match, allow,
                          sizeof allow);
        web_add_header(req, "Allow", allow);
        web_reply_error(req, 405, "method_not_allowed", NULL, NULL);
    } else {
        web_reply_error(req, 404, "not_found", NULL, NULL);
    }
}

static enum MHD_Result queue_reply(web_server *s, web_request *req)
{
    struct web_request_internal *in = req->in;
    struct MHD_Response *resp;
    if (in->file_fd >= 0) {
        resp = MHD_create_response_from_fd64(in->file_size, in->file_fd);
        in->file_fd = -1; /* the response owns it now */
    } else {
        resp = MHD_create_response_from_buffer(in->reply_len, in->reply_body,
                                               MHD_RESPMEM_MUST_COPY);
    }
    if (!resp)
        return MHD_NO;
    /* A PDF may be framed by our own pages, so the counter prints a paper
     * in one click (a hidden frame); nothing else may be framed at all. */
    bool framable = in->content_type && strcmp(in->content_type, "application/pdf") == 0;
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++) {
        const char *name = security_headers[i][0], *value = security_headers[i][1];
        if (framable && strcmp(name, "X-Frame-Options") == 0)
            value = "SAMEORIGIN";
        else if (framable && strcmp(name, "Content-Security-Policy") == 0)
            value = FRAMABLE_CSP;
        MHD_add_response_header(resp, name, value);
    }
    if (s->cfg.hsts)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (in->content_type)
        MHD_add_response_header(resp, "Content-Type", in->content_type);
    if (strncmp(req->path, "/api/", 5) == 0)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Request-Id", req->request_id);
    for (reply_header *h = in->headers; h; h = h->next)
        MHD_add_response_header(resp, h->name, h->value);
    enum MHD_Result rc = MHD_queue_response(in->conn, (unsigned)in->status, resp);
    MHD_destroy_response(resp);
    in->queued = rc == MHD_YES;
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    web_server *s = cls;
    web_request *req = *con_cls;
    if (!req) {
        req = request_new(s, conn, url, method);
        if (!req)
            return MHD_NO;
        *con_cls = req;
        atomic_fetch_add(&s->in_flight, 1);
        request_begin(s, req);
        if (req->in->early_status && !req->in->drain) {
            /* Known from the headers alone: answer now and close. */
            reply_early(req);
            return queue_reply(s, req);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        struct web_request_internal *in = req->in;
        if (in->early_status) {
            /* Refused mid-stream: libmicrohttpd 0.9.75 cannot answer before the
             * body ends, so drain it, up to a bound, then give up on the client. */
            in->discarded += *upload_data_size;
            *upload_data_size = 0;
            return in->discarded > DRAIN_LIMIT ? MHD_NO : MHD_YES;
        }
        append_body(req, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (req->in->queued)
        return MHD_YES;
    if (req->in->early_status) {
        reply_early(req);
        return queue_reply(s, req);
    }
    dispatch(s, req);
    return queue_reply(s, req);
}

static void access_log(web_server *s, web_request *req)
{
    struct web_request_internal *in = req->in;
    int64_t ns = timefmt_monotonic_ns() - in->started_ns;
    metrics_observe(s->metrics, in->route, in->status, ns);
    if (!log_enabled(LOG_INFO))
        return;
    char ts[TIMEFMT_ISO_LEN], line[512];
    timefmt_iso_utc(timefmt_now_ms(), ts);
    /* Route patterns, never raw paths or addresses: no personal data in logs. */
    const char *route = in->route >= 0 ? s->routes[in->route].pattern
                        : in->file_fd >= 0 || in->status == 200 || in->status == 304 ? "(static)"
                                                                                     : "(none)";
    char method[16];
    log_json_escape(method, sizeof method, req->method);
    int n = snprintf(line, sizeof line,
                     "{\"ts\":\"%s\",\"level\":\"info\",\"event\":\"http\",\"id\":\"%s\","
                     "\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,\"ms\":%.3f}",
                     ts, req->request_id, method, route, in->status, (double)ns / 1e6);
    if (n > 0 && (size_t)n < sizeof line)
        log_line(line, (size_t)n);
}

/* Percent-decodes the URL and query in place, except escapes that would
 * produce a NUL byte, which stay as written: a decoded NUL would silently cut
 * the path short ("/app.js%00.html" becoming "/app.js"). */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *out = s;
    for (char *p = s; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0 && (hi | lo)) {
            *out++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *out++ = *p;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    web_server *s = cls;
    web_request *req = *con_cls;
    if (!req)
        return;
    access_log(s, req);
    request_free(req);
    *con_cls = NULL;
    atomic_fetch_sub(&s->in_flight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)conn;
    (void)socket_ctx;
    web_server *s = cls;
    metrics_connection(s->metrics, code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    log_event(LOG_DEBUG, "web.mhd", "%s", msg);
}

/* --- start and stop --------------------------------------------------- */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -1;
    memset(ss, 0, sizeof *ss);
    size_t hl = strlen(host);
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *v6 = true;
        return inet_pton(AF_INET6, host + 1, &a6->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    *v6 = false;
    return inet_pton(AF_INET, host, &a4->sin_addr) == 1 ? 0 : -1;
}

int web_server_start(web_server *s, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    bool v6;
    if (parse_listen(s->cfg.listen, &ss, &v6) != 0) {
        snprintf(err, errlen, "invalid listen address '%s' (expected HOST:PORT)", s->cfg.listen);
        return -1;
    }
    for (int i = 0; i < s->nroutes; i++) {
        const char *p = s->routes[i].permission;
        if (p && (!s->identity.permission_known ||
                  !s->identity.permission_known(s->identity.ctx, p))) {
            snprintf(err, errlen, "route %s %s declares unknown permission '%s'",
                     s->routes[i].method, s->routes[i].pattern, p);
            return -1;
        }
    }
    s->metrics = metrics_new(s->nroutes);
    if (s->cfg.rate_per_s > 0)
        s->limiter = ratelimit_new(s->cfg.rate_per_s, s->cfg.rate_burst);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     (v6 ? MHD_USE_IPv6 : 0);
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, s->cfg.threads,
        MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->cfg.per_ip_connections,
        /* Room for the headers we check ourselves plus the read buffer. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(s->cfg.max_header * 2 + 32768),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on %s: %s", s->cfg.listen, strerror(errno));
        return -1;
    }
    return 0;
}

uint16_t web_server_port(const web_server *s)
{
    const union MHD_DaemonInfo *info =
        s->daemon ? MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    return info ? info->port : 0;
}

void web_server_stop(web_server *s, unsigned grace_ms)
{
    if (!s->daemon)
        return;
    MHD_socket listener = MHD_quiesce_daemon(s->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    for (unsigned waited = 0; atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10)
        usleep(10000);
    MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
}

void web_server_free(web_server *s)
{
    if (!s)
        return;
    web_server_stop(s, 0);
    router_free(s->router);
    metrics_free(s->metrics);
    ratelimit_free(s->limiter);
    free(s->routes);
    free(s);
}

char *web_server_metrics(web_server *s, arena *a)
{
    return metrics_render(s->metrics, s->router, a);
}
