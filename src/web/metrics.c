/* HTTP counters in Prometheus text format: requests by route and status, a
 * latency histogram, open connections. Lock-free: one atomic per cell. */
#include "web/internal.h"

#include <stdlib.h>
#include <string.h>

/* Status codes get their own counter; anything else is counted as "other". */
static const int tracked_status[] = {200, 201, 204, 304, 400, 401, 403, 404, 405,
                                     409, 413, 415, 422, 429, 431, 500, 503};
enum { NSTATUS = sizeof tracked_status / sizeof tracked_status[0] + 1 };

/* Upper bounds in milliseconds; the last bucket is +Inf. */
static const double bucket_ms[METRIC_BUCKETS - 1] = {0.5, 1, 2.5, 5, 10, 25, 50,
                                                    100, 250, 500, 1000, 2500, 5000};

struct web_metrics {
    int rows;                       /* routes + 1 for "no route" (static files, 404) */
    atomic_uint_fast64_t *requests; /* rows * NSTATUS */
    atomic_uint_fast64_t buckets[METRIC_BUCKETS];
    atomic_uint_fast64_t duration_us_sum;
    atomic_uint_fast64_t observations;
    atomic_int_fast64_t connections;
};

web_metrics *metrics_new(int routes)
{
    web_metrics *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->rows = routes + 1;
    m->requests = calloc((size_t)m->rows * NSTATUS, sizeof *m->requests);
    if (!m->requests) {
        free(m);
        return NULL;
    }
    return m;
}

void metrics_free(web_metrics *m)
{
    if (m) {
        free(m->requests);
        free(m);
    }
}

static int status_slot(int status)
{
    for (int i = 0; i < NSTATUS - 1; i++)
        if (tracked_status[i] == status)
            return i;
    return NSTATUS - 1;
}

void metrics_observe(web_metrics *m, int route, int status, int64_t duration_ns)
{
    int row = route >= 0 && route < m->rows - 1 ? route : m->rows - 1;
    atomic_fetch_add(&m->requests[row * NSTATUS + status_slot(status)], 1);
    double ms = (double)duration_ns / 1e6;
    int b = 0;
    while (b < METRIC_BUCKETS - 1 && ms > bucket_ms[b])
        b++;
    atomic_fetch_add(&m->buckets[b], 1);
    atomic_fetch_add(&m->duration_us_sum, (uint_fast64_t)(duration_ns / 1000));
    atomic_fetch_add(&m->observations, 1);
}

void metrics_connection(web_metrics *m, int delta) { atomic_fetch_add(&m->connections, delta); }

static char *append(arena *a, char *s, const char *piece)
{
    return arena_printf(a, "%s%s", s, piece);
}

char *metrics_render(web_metrics *m, const router *r, arena *a)
{
    char *out = arena_strdup(a, "# HELP xaso_http_requests_total HTTP requests by route and status.\n"
                                "# TYPE xaso_http_requests_total counter\n");
    for (int row = 0; row < m->rows; row++) {
        for (int st = 0; st < NSTATUS; st++) {
            uint64_t n = atomic_load(&m->requests[row * NSTATUS + st]);
            if (!n)
                continue;
            const char *method = row < m->rows - 1 ? router_method(r, row) : "";
            const char *route = row < m->rows - 1 ? router_pattern(r, row) : "(none)";
            char code[8];
            if (st < NSTATUS - 1)
                snprintf(code, sizeof code, "%d", tracked_status[st]);
            else
                strcpy(code, "other");
            out = append(a, out,
                         arena_printf(a,
                                      "xaso_http_requests_total{method=\"%s\",route=\"%s\","
                                      "status=\"%s\"} %llu\n",
                                      method, route, code, (unsigned long long)n));
        }
    }
    out = append(a, out, "# HELP xaso_http_request_duration_seconds Time to answer a request.\n"
                         "# TYPE xaso_http_request_duration_seconds histogram\n");
    uint64_t cumulative = 0;
    for (int b = 0; b < METRIC_BUCKETS; b++) {
        cumulative += atomic_load(&m->buckets[b]);
        char le[32];
        if (b < METRIC_BUCKETS - 1)
            snprintf(le, sizeof le, "%g", bucket_ms[b] / 1000.0);
        else
            strcpy(le, "+Inf");
        out = append(a, out,
                     arena_printf(a, "xaso_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n",
                                  le, (unsigned long long)cumulative));
    }
    out = append(a, out,
                 arena_printf(a,
                              "xaso_http_request_duration_seconds_sum %.6f\n"
                              "xaso_http_request_duration_seconds_count %llu\n"
                              "# HELP xaso_http_open_connections Open client connections.\n"
                              "# TYPE xaso_http_open_connections gauge\n"
                              "xaso_http_open_connections %lld\n",
                              (double)atomic_load(&m->duration_us_sum) / 1e6,
                              (unsigned long long)atomic_load(&m->observations),
                              (long long)atomic_load(&m->connections)));
    return out;
}
