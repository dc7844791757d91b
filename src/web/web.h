/* The HTTP layer: server, requests, replies. It knows nothing about the
 * domain: parts register routes (with the permission each needs) and the
 * identity provider that org implements tells who is asking.
 *
 * Memory: a web_request and everything reachable from it lives in the
 * request's arena (req->arena) or is released when the request completes
 * (the parsed JSON body, the reply body). Handlers never free. */
#ifndef XASO_WEB_WEB_H
#define XASO_WEB_WEB_H

#include "core/arena.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct web_server web_server;
typedef struct web_request web_request;

/* Who is asking. Filled by the identity provider; anonymous by default. */
typedef struct web_principal {
    bool authenticated;
    const char *subject;   /* account name or token id, for logs and audit */
    void *data;            /* the provider's own record, in the request arena */
} web_principal;

/* Implemented by org (and by the diagnostics part in tests). */
typedef struct web_identity {
    void *ctx;
    /* Fills who; returns false only on an internal failure (→ 500). */
    bool (*identify)(void *ctx, web_request *req, web_principal *who);
    /* May who exercise permission? When not, it may reply with its own 403
     * error (a more precise code); otherwise the server answers 403 forbidden. */
    bool (*authorize)(void *ctx, web_request *req, const web_principal *who,
                      const char *permission);
    /* Is permission one the provider knows? The server refuses to start with
     * a route whose permission is unknown: a typo must not lock a route out or
     * leave it to chance. */
    bool (*permission_known)(void *ctx, const char *permission);
} web_identity;

typedef void (*web_handler)(web_request *req, void *ctx);

enum {
    WEB_JSON_BODY = 1u << 0,   /* the body must be application/json; parsed before the handler */
    WEB_MULTIPART = 1u << 1,   /* with WEB_JSON_BODY: multipart/form-data is accepted too and
                                  left to the handler (web/multipart.h); req->json is NULL */
};

typedef struct web_route {
    const char *method;
    const char *pattern;       /* "/api/v1/units/{id}" */
    web_handler handler;
    void *ctx;
    const char *permission;    /* NULL: public */
    unsigned flags;
    size_t max_body;           /* 0: the server's default */
} web_route;

typedef struct web_config {
    const char *listen;            /* "127.0.0.1:8080", "[::1]:0" */
    const char *web_dir;           /* static files; NULL: none */
    unsigned threads;              /* 0: 8 per core, at most 64 */
    size_t max_body;               /* default body limit (1 MiB) */
    size_t max_header;             /* limit on request line + headers (16 KiB) */
    unsigned timeout_s;            /* idle connection timeout (30 s) */
    unsigned max_connections;      /* (1000) */
    unsigned per_ip_connections;   /* (64) */
    double rate_per_s;             /* per client address; 0 disables */
    double rate_burst;
    /* Limits shared with other processes (PostgreSQL): 1 go on, 0 wait
     * *retry_after_s, -1 cannot say, the server's own buckets decide. */
    int (*shared_rate_take)(void *ctx, const char *client, double per_s, double burst,
                            int *retry_after_s);
    void *shared_rate_ctx;
    const char *trusted_proxies;   /* comma-separated addresses whose X-Forwarded-For counts */
    bool hsts;                     /* public URL is https */
    bool test_clock;               /* tests only: an X-Test-Now header sets the request's now */
} web_config;

/* Creating, routing, running, stopping. */
web_server *web_server_new(const web_config *cfg);
int web_server_route(web_server *s, const web_route *r);   /* 0, or -1 on a bad route */
void web_server_set_identity(web_server *s, const web_identity *id);
/* The registered routes, in order, for listings and tests. */
int web_server_route_count(const web_server *s);
const web_route *web_server_route_at(const web_server *s, int i);
int web_server_start(web_server *s, char *err, size_t errlen);
uint16_t web_server_port(const web_server *s);
/* Stops accepting, waits up to grace_ms for in-flight requests, then stops. */
void web_server_stop(web_server *s, unsigned grace_ms);
void web_server_free(web_server *s);

/* Prometheus text for the HTTP counters, appended to the arena string. */
char *web_server_metrics(web_server *s, arena *a);

/* --- inside a handler ---------------------------------------------- */

struct web_request {
    arena arena;
    const char *method;
    const char *path;          /* without the query string */
    json_t *json;              /* parsed body for WEB_JSON_BODY routes */
    const char *body;
    size_t body_len;
    web_principal who;
    const char *client_ip;
    char request_id[17];
    int64_t now_ms;            /* this request's "now"; handlers use it, never the wall clock */
    /* private to web/ */
    struct web_request_internal *in;
};

const char *web_param(web_request *req, const char *name);     /* path parameter */
const char *web_query(web_request *req, const char *name);     /* ?name=value */
const char *web_header(web_request *req, const char *name);
const char *web_cookie(web_request *req, const char *name);

/* Replies: the last call wins. json is stolen (decref'd by the server). */
void web_reply_json(web_request *req, int status, json_t *json);
void web_reply_text(web_request *req, int status, const char *content_type, const char *body);
/* Binary body in the request arena (or otherwise alive until the reply is sent). */
void web_reply_bytes(web_request *req, int status, const char *content_type, const void *body,
                     size_t len);
void web_add_header(web_request *req, const char *name, const char *value);
/* Content-Disposition: attachment with the file's name, an ASCII fallback
 * and the UTF-8 name (RFC 6266, RFC 5987). */
void web_add_attachment_name(web_request *req, const char *name);
/* Streams a regular file as the reply; false, with nothing changed, when it
 * cannot be opened. */
bool web_reply_file(web_request *req, int status, const char *content_type, const char *path);

/* {"error":{"code":CODE,"field":FIELD,"message":MESSAGE}}. field may be NULL;
 * message NULL uses the standard Vietnamese text for the status. */
void web_reply_error(web_request *req, int status, const char *code, const char *field,
                     const char *message);

/* Field readers for JSON bodies. On a wrong or missing field they reply 422
 * invalid_field naming the field and return false; the handler just returns. */
bool web_json_string(web_request *req, json_t *obj, const char *field, size_t min_chars,
                     size_t max_chars, bool required, const char **out);
bool web_json_int(web_request *req, json_t *obj, const char *field, int64_t min, int64_t max,
                  bool required, int64_t *out);

/* ?name= as a whole decimal number within [min, max], *out unchanged when
 * absent; otherwise 422 invalid_field naming it with message, and false. */
bool web_query_int(web_request *req, const char *name, long min, long max, const char *message, long *out);

#endif
