/* Private to src/web. */
#ifndef XASO_WEB_INTERNAL_H
#define XASO_WEB_INTERNAL_H

#include "web/router.h"
#include "web/web.h"

#include <microhttpd.h>
#include <stdatomic.h>

typedef struct reply_header {
    const char *name, *value;
    struct reply_header *next;
} reply_header;

struct web_request_internal {
    struct MHD_Connection *conn;
    web_server *server;
    int route;                     /* -1: static file or no match */
    router_match match;
    char *path_buf;
    char *body;                    /* malloc'd, owned here */
    size_t body_len, body_cap, max_body;
    int early_status;              /* an error decided before the body was read */
    const char *early_code;
    size_t discarded;
    bool drain;                    /* refused by Content-Length, but small enough to read */              /* body bytes dropped after a refusal */
    bool queued;
    int64_t started_ns;
    /* the reply */
    int status;
    char *reply_body;              /* malloc'd (jansson) or arena */
    size_t reply_len;
    bool reply_malloced;
    const char *content_type;
    reply_header *headers;
    int file_fd;                   /* static files: fd to stream, or -1 */
    uint64_t file_size;
};

/* metrics.c */
enum { METRIC_BUCKETS = 14 };
typedef struct web_metrics web_metrics;
web_metrics *metrics_new(int routes);
void metrics_free(web_metrics *m);
void metrics_observe(web_metrics *m, int route, int status, int64_t duration_ns);
void metrics_connection(web_metrics *m, int delta);
char *metrics_render(web_metrics *m, const router *r, arena *a);

/* ratelimit.c */
typedef struct ratelimit ratelimit;
ratelimit *ratelimit_new(double per_s, double burst);
void ratelimit_free(ratelimit *rl);
/* true: allowed. retry_after_s is set when refused. */
bool ratelimit_take(ratelimit *rl, const char *client, int64_t now_ns, int *retry_after_s);

/* static.c: fills the reply for a GET/HEAD of a file under web_dir; false when
 * there is no such file. */
bool static_serve(web_request *req, const char *web_dir);

/* reply.c */
const char *reply_default_message(int status);
void reply_reset(web_request *req);
/* json.c */
bool json_parse_body(web_request *req);

#endif
