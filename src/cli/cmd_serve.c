/* xaso serve: wire the parts into the server and run until SIGTERM/SIGINT. */
#include "cli/commands.h"

#include "catalog/catalog.h"
#include "document/document.h"
#include "dossier/dossier.h"
#include "plan/plan.h"
#include "report/report.h"

#include "core/log.h"
#include "ops/ops.h"
#include "org/signing.h"
#include "org/org.h"
#include "org/totp_seal.h"
#include "org/two_factor.h"
#include "store/rate_shared.h"

#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { SHUTDOWN_GRACE_MS = 15000 };

static int register_parts(web_server *w, org_state *org, ops_state *ops, bool diagnostics)
{
    web_identity identity;
    org_identity(org, &identity);
    if (ops_routes(w, ops) != 0 || org_routes(w, org) != 0 || catalog_routes(w, org) != 0 ||
        dossier_routes(w, org) != 0 || document_routes(w, org) != 0 || plan_routes(w, org) != 0 ||
        report_routes(w, org) != 0)
        return -1;
    if (diagnostics) {
        log_event(LOG_WARN, "diagnostics",
                  "diagnostics routes are on and trust X-Diagnostics-* headers: tests only");
        if (ops_diagnostics_routes(w, org->store) != 0)
            return -1;
        web_identity real = identity;
        ops_diagnostics_identity(&real, &identity);
    }
    web_server_set_identity(w, &identity);
    return 0;
}

static void log_seal_report(const two_factor_seal_report *r, bool has_key)
{
    if (r->sealed || r->resealed)
        log_event(LOG_INFO, "two_factor", "sealed %d two-factor secrets and re-sealed %d under "
                  "the current XASO_SIGNING_KEY", r->sealed, r->resealed);
    if (!has_key)
        log_event(LOG_WARN, "two_factor", "XASO_SIGNING_KEY is not set: two-factor secrets are "
                  "stored in the clear (%d now); they are sealed at the first start with a key",
                  r->clear);
    if (r->unreadable)
        log_event(LOG_ERROR, "two_factor", "%d two-factor secrets do not open with this "
                  "XASO_SIGNING_KEY (or it is not set): those officials must sign in with a "
                  "recovery code or have their second factor reset", r->unreadable);
}

/* The two-factor key from the operator's key (NULL: none), and the secrets
 * sealed under it: those in the clear, and those under the key before a
 * rotation (XASO_SIGNING_KEY_PREVIOUS). False when the start must stop. */
static bool start_two_factor(store *s, const unsigned char *operator_key,
                             unsigned char key[TOTP_SEAL_KEY_BYTES])
{
    unsigned char previous_raw[SIGNING_KEY_BYTES], previous[TOTP_SEAL_KEY_BYTES];
    const char *previous_hex = getenv("XASO_SIGNING_KEY_PREVIOUS");
    bool has_previous = previous_hex && *previous_hex;
    if (has_previous && (!operator_key || !signing_operator_key(previous_hex, previous_raw))) {
        log_event(LOG_ERROR, "start", "XASO_SIGNING_KEY_PREVIOUS must be 64 hex digits, and "
                  "needs XASO_SIGNING_KEY");
        return false;
    }
    if (operator_key)
        totp_seal_key(operator_key, key);
    if (has_previous)
        totp_seal_key(previous_raw, previous);
    two_factor_seal_report r;
    int rc = two_factor_seal_at_start(s, operator_key ? key : NULL, has_previous ? previous : NULL, &r);
    sodium_memzero(previous_raw, sizeof previous_raw);
    sodium_memzero(previous, sizeof previous);
    if (rc != 0) {
        log_event(LOG_ERROR, "start", "cannot seal the two-factor secrets (store error %d)", rc);
        return false;
    }
    log_seal_report(&r, operator_key != NULL);
    return true;
}

/* On PostgreSQL the limits hold across every process serving the database. */
static int shared_rate_take(void *ctx, const char *client, double per_s, double burst, int *retry)
{
    return store_rate_take(ctx, client, per_s, burst, retry);
}

static int wait_for_signal(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    sigwait(&set, &sig);
    return sig;
}

int cmd_serve(const cli_config *cfg)
{
    /* Block the stop signals in every thread; the main thread waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (cli_prepare_dirs(cfg) != 0) {
        log_event(LOG_ERROR, "start", "cannot create the folders of %s and %s", cfg->db,
                  cfg->data_dir);
        return 1;
    }
    if (cfg->backup_dir && store_path_is_postgres(cfg->db)) {
        log_event(LOG_ERROR, "start", "--backup-dir copies a SQLite file; back a PostgreSQL "
                                      "database up with pg_dump (docs/operations.md)");
        return 1;
    }
    int lock = cli_lock_database(cfg->db);
    if (lock == -1) {
        log_event(LOG_ERROR, "start", "another xaso is serving %s", cfg->db);
        return 1;
    }
    char err[512];
    store_config sc = {.db_path = cfg->db, .sync_full = !cfg->sync_normal};
    store *s = store_open(&sc, err, sizeof err);
    if (!s) {
        log_event(LOG_ERROR, "start", "%s", err);
        cli_unlock_database(lock);
        return 1;
    }
    web_config wc = {
        .listen = cfg->listen,
        .web_dir = cfg->web_dir,
        .threads = cfg->threads,
        .timeout_s = cfg->timeout,
        .max_body = cfg->max_body,
        .rate_per_s = cfg->rate,
        .rate_burst = cfg->rate * 5,
        .shared_rate_take = shared_rate_take,
        .shared_rate_ctx = s,
        .trusted_proxies = cfg->trusted_proxies,
        .hsts = cfg->public_url && strncmp(cfg->public_url, "https://", 8) == 0,
        .test_clock = cfg->diagnostics,
    };
    static unsigned char signing_key[SIGNING_KEY_BYTES];
    const char *signing_hex = getenv("XASO_SIGNING_KEY");
    if (signing_hex && *signing_hex && !signing_operator_key(signing_hex, signing_key)) {
        log_event(LOG_ERROR, "start", "XASO_SIGNING_KEY must be 64 hex digits (32 bytes)");
        cli_unlock_database(lock);
        return 1;
    }
    static unsigned char two_factor_key[TOTP_SEAL_KEY_BYTES];
    bool has_key = signing_hex && *signing_hex;
    if (!start_two_factor(s, has_key ? signing_key : NULL, two_factor_key)) {
        store_close(s);
        cli_unlock_database(lock);
        return 1;
    }
    web_server *w = web_server_new(&wc);
    ops_state ops = {.store = s, .web = w, .db_path = cfg->db, .data_dir = cfg->data_dir,
                     .min_free_mb = cfg->min_free_mb};
    org_state org = {.store = s, .data_dir = cfg->data_dir, .public_url = cfg->public_url,
                     .signing_key = signing_hex && *signing_hex ? signing_key : NULL,
                     .two_factor_key = has_key ? two_factor_key : NULL,
                     .bank_bin = getenv("XASO_BANK_BIN"), .bank_account = getenv("XASO_BANK_ACCOUNT"),
                     .secure_cookies = wc.hsts};
    ops_scheduler *sch = NULL;
    dossier_watch *watch = NULL;
    dossier_notifier *notifier = NULL;
    int rc = 1;
    if (!w || register_parts(w, &org, &ops, cfg->diagnostics) != 0) {
        log_event(LOG_ERROR, "start", "cannot set up the routes");
        goto out;
    }
    if (web_server_start(w, err, sizeof err) != 0) {
        log_event(LOG_ERROR, "start", "%s", err);
        goto out;
    }
    if (cfg->backup_dir) {
        atomic_store(&ops.last_backup_ms, ops_newest_backup(cfg->backup_dir));
        sch = ops_scheduler_start(&ops, cfg->backup_dir, cfg->backup_interval, cfg->backup_keep);
    }
    /* Tests set their own clock per request; a watcher on the wall clock
     * would race them, so it only runs in production. */
    if (!cfg->diagnostics)
        watch = dossier_watch_start(s, 300);
    dossier_notify_config nc = {
        .smtp_url = getenv("XASO_SMTP_URL"), .smtp_from = getenv("XASO_SMTP_FROM"),
        .webhook_url = getenv("XASO_NOTIFY_WEBHOOK"), .public_url = cfg->public_url,
        .interval_ms = (unsigned)atoi(getenv("XASO_NOTIFY_INTERVAL_MS") ? getenv("XASO_NOTIFY_INTERVAL_MS") : "0"),
        .backoff_ms = (unsigned)atoi(getenv("XASO_NOTIFY_BACKOFF_MS") ? getenv("XASO_NOTIFY_BACKOFF_MS") : "0"),
        .max_attempts = (unsigned)atoi(getenv("XASO_NOTIFY_MAX_ATTEMPTS") ? getenv("XASO_NOTIFY_MAX_ATTEMPTS") : "0"),
    };
    dossier_notify_configure(nc.smtp_url && *nc.smtp_url, nc.webhook_url && *nc.webhook_url);
    if ((nc.smtp_url && *nc.smtp_url) || (nc.webhook_url && *nc.webhook_url))
        notifier = dossier_notifier_start(s, &nc);
    char host[128];
    snprintf(host, sizeof host, "%s", cfg->listen);
    char *colon = strrchr(host, ':');
    if (colon)
        *colon = '\0';
    log_event(LOG_INFO, "listening", "http://%s:%u", host, web_server_port(w));
    int sig = wait_for_signal();
    log_event(LOG_INFO, "stopping", "signal %d: finishing requests in flight", sig);
    ops_scheduler_stop(sch);
    dossier_watch_stop(watch);
    dossier_notifier_stop(notifier);
    web_server_stop(w, SHUTDOWN_GRACE_MS);
    rc = 0;
out:
    web_server_free(w);
    report_cache_forget();
    store_close(s);
    cli_unlock_database(lock);
    sodium_memzero(signing_key, sizeof signing_key);
    sodium_memzero(two_factor_key, sizeof two_factor_key);
    if (rc == 0)
        log_event(LOG_INFO, "stopped", "database closed cleanly");
    return rc;
}
