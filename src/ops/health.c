/* GET /healthz and GET /metrics. */
#include "ops/ops.h"

#include "core/timefmt.h"

#include <string.h>
#include <sys/statvfs.h>

static const char *database_problem(ops_state *st)
{
    store_conn *c = store_reader(st->store);
    if (!c)
        return "database_unreachable";
    if (store_schema_version(c) != store_schema_latest())
        return "database_unreadable";
    store_stats stats;
    store_get_stats(st->store, &stats);
    if (stats.writer_degraded)
        return "database_write_failing";
    struct statvfs fs;
    if (statvfs(st->data_dir, &fs) == 0 &&
        (uint64_t)fs.f_bavail * fs.f_frsize / (1024 * 1024) < st->min_free_mb)
        return "disk_low";
    return NULL;
}

static void healthz(web_request *req, void *ctx)
{
    ops_state *st = ctx;
    const char *problem = database_problem(st);
    if (problem) {
        json_t *body = json_pack("{s:s, s:{s:s, s:s}}", "status", "unavailable", "error", "code",
                                 problem, "message", "Hệ thống tạm thời không phục vụ được.");
        web_reply_json(req, 503, body);
        return;
    }
    web_reply_json(req, 200,
                   json_pack("{s:s, s:i}", "status", "ok", "schema", store_schema_latest()));
}

static void metrics(web_request *req, void *ctx)
{
    ops_state *st = ctx;
    store_stats s;
    store_get_stats(st->store, &s);
    int64_t last = atomic_load(&st->last_backup_ms);
    double age = last ? (double)(timefmt_now_ms() - last) / 1000.0 : -1;
    char *out = web_server_metrics(st->web, &req->arena);
    out = arena_printf(
        &req->arena,
        "%s"
        "# HELP xaso_store_write_queue Write callbacks waiting for the writer.\n"
        "# TYPE xaso_store_write_queue gauge\nxaso_store_write_queue %llu\n"
        "# HELP xaso_store_writes_total Write callbacks by outcome.\n"
        "# TYPE xaso_store_writes_total counter\n"
        "xaso_store_writes_total{outcome=\"committed\"} %llu\n"
        "xaso_store_writes_total{outcome=\"failed\"} %llu\n"
        "# HELP xaso_store_commits_total Group commits.\n"
        "# TYPE xaso_store_commits_total counter\nxaso_store_commits_total %llu\n"
        "# HELP xaso_store_commit_failures_total Commits that failed.\n"
        "# TYPE xaso_store_commit_failures_total counter\nxaso_store_commit_failures_total %llu\n"
        "# HELP xaso_store_largest_batch Most callbacks committed together.\n"
        "# TYPE xaso_store_largest_batch gauge\nxaso_store_largest_batch %llu\n"
        "# HELP xaso_backup_age_seconds Age of the last verified backup (-1: none).\n"
        "# TYPE xaso_backup_age_seconds gauge\nxaso_backup_age_seconds %.0f\n"
        "# HELP xaso_audit_anchor_lost 1 when the audit log no longer holds a kept backup's anchor.\n"
        "# TYPE xaso_audit_anchor_lost gauge\nxaso_audit_anchor_lost %d\n",
        out, (unsigned long long)s.write_queue_depth, (unsigned long long)s.writes_committed,
        (unsigned long long)s.writes_failed, (unsigned long long)s.batches,
        (unsigned long long)s.commit_failures, (unsigned long long)s.largest_batch, age,
        atomic_load(&st->audit_anchors_lost));
    web_reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", out);
}

int ops_routes(web_server *w, ops_state *st)
{
    const web_route routes[] = {
        {.method = "GET", .pattern = "/healthz", .handler = healthz, .ctx = st},
        {.method = "GET", .pattern = "/metrics", .handler = metrics, .ctx = st},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
