/* Delivering the notification outbox: mail by SMTP and messages to an HTTP
 * webhook, both through libcurl, outside any dossier transaction. A failed
 * attempt waits backoff × 2^attempts (at most an hour) before the next;
 * after max_attempts the row is dead-lettered for an administrator. */
#include "dossier/internal.h"

#include "core/log.h"
#include "core/timefmt.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BATCH = 20 };

struct dossier_notifier {
    store *store;
    dossier_notify_config cfg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

typedef struct {
    int64_t id;
    int attempts;
    char channel[16], recipient[256], subject[512];
    char *body;
} pending;

typedef struct {
    const char *data;
    size_t len, at;
} upload_source;

static size_t read_upload(char *out, size_t size, size_t count, void *ctx)
{
    upload_source *u = ctx;
    size_t n = size * count, left = u->len - u->at;
    if (n > left)
        n = left;
    memcpy(out, u->data + u->at, n);
    u->at += n;
    return n;
}

static size_t discard(char *data, size_t size, size_t count, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * count;
}

/* The public URL placeholder left by outbox.c. */
static char *with_public_url(const char *text, const char *base)
{
    const char *mark = strstr(text, "{public_url}");
    size_t n = strlen(text) + strlen(base ? base : "") + 1;
    char *out = malloc(n);
    if (!out)
        return NULL;
    if (!mark)
        snprintf(out, n, "%s", text);
    else
        snprintf(out, n, "%.*s%s%s", (int)(mark - text), text, base ? base : "", mark + strlen("{public_url}"));
    return out;
}

static bool send_mail(const dossier_notify_config *cfg, const pending *p, const char *body, char *err, size_t errlen)
{
    char subject64[1024];
    sodium_bin2base64(subject64, sizeof subject64, (const unsigned char *)p->subject, strlen(p->subject),
                      sodium_base64_VARIANT_ORIGINAL);
    size_t cap = strlen(body) + 2048;
    char *message = malloc(cap);
    if (!message)
        return false;
    int len = snprintf(message, cap,
                       "From: %s\r\nTo: %s\r\nSubject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\n"
                       "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s\r\n",
                       cfg->smtp_from, p->recipient, subject64, body);
    upload_source src = {message, (size_t)len, 0};
    CURL *curl = curl_easy_init();
    struct curl_slist *rcpt = curl_slist_append(NULL, p->recipient);
    char curl_err[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, cfg->smtp_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &src);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK)
        snprintf(err, errlen, "%s", curl_err[0] ? curl_err : curl_easy_strerror(rc));
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    free(message);
    return rc == CURLE_OK;
}

static bool send_webhook(const dossier_notify_config *cfg, const pending *p, const char *body, char *err, size_t errlen)
{
    json_t *msg = json_pack("{s:s, s:s, s:s}", "phone", p->recipient, "subject", p->subject, "text", body);
    char *payload = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    char curl_err[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, cfg->webhook_url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload ? payload : "{}");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 15L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    bool ok = rc == CURLE_OK && status >= 200 && status < 300;
    if (!ok)
        snprintf(err, errlen, "%s", rc != CURLE_OK ? (curl_err[0] ? curl_err : curl_easy_strerror(rc))
                                                   : "the gateway answered with an error status");
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    free(payload);
    return ok;
}

/* Rows due now; the first attempt of a row is always due. */
static int due_rows(dossier_notifier *n, pending *rows)
{
    store_conn *c = store_reader(n->store);
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = c ? store_prepare(c, "SELECT id, attempts, channel, recipient, subject, body FROM notification_outbox "
                                          "WHERE status = 'pending' AND (attempts = 0 OR next_attempt_at <= ?) "
                                          "ORDER BY id LIMIT 20") : NULL;
    if (!st)
        return 0;
    store_bind_text(st, 1, now);
    int count = 0;
    while (count < BATCH && store_step(st) == STORE_ROW) {
        pending *p = &rows[count++];
        p->id = store_col_int64(st, 0);
        p->attempts = (int)store_col_int64(st, 1);
        snprintf(p->channel, sizeof p->channel, "%s", store_col_text(st, 2));
        snprintf(p->recipient, sizeof p->recipient, "%s", store_col_text(st, 3));
        snprintf(p->subject, sizeof p->subject, "%s", store_col_text(st, 4));
        p->body = strdup(store_col_text(st, 5));
    }
    store_reset(st);
    return count;
}

typedef struct {
    int64_t id;
    bool sent, dead;
    int64_t next_ms;
    const char *error;
} outcome;

static int write_outcome(store_conn *c, void *ctx)
{
    outcome *o = ctx;
    char now[TIMEFMT_ISO_LEN], next[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    timefmt_iso_utc(o->next_ms, next);
    store_stmt *st = store_prepare(c, "UPDATE notification_outbox SET status = ?, attempts = attempts + 1, "
                                      "next_attempt_at = ?, last_error = ?, sent_at = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, o->sent ? "sent" : o->dead ? "dead" : "pending");
    store_bind_text(st, 2, next);
    if (o->error)
        store_bind_text(st, 3, o->error);
    else
        store_bind_null(st, 3);
    if (o->sent)
        store_bind_text(st, 4, now);
    else
        store_bind_null(st, 4);
    store_bind_int64(st, 5, o->id);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : STORE_ERROR;
}

static void deliver(dossier_notifier *n, pending *p)
{
    char err[512] = "";
    char *body = with_public_url(p->body, n->cfg.public_url);
    bool email = strcmp(p->channel, "email") == 0;
    bool configured = email ? n->cfg.smtp_url != NULL : n->cfg.webhook_url != NULL;
    bool ok = body && configured &&
              (email ? send_mail(&n->cfg, p, body, err, sizeof err) : send_webhook(&n->cfg, p, body, err, sizeof err));
    if (!configured)
        snprintf(err, sizeof err, "channel not configured");
    int attempts = p->attempts + 1;
    int64_t wait = (int64_t)n->cfg.backoff_ms << (attempts < 20 ? attempts - 1 : 19);
    if (wait > 3600000)
        wait = 3600000;
    outcome o = {p->id, ok, !ok && (unsigned)attempts >= n->cfg.max_attempts, timefmt_now_ms() + wait,
                 ok ? NULL : err};
    if (store_write(n->store, write_outcome, &o) != 0)
        log_event(LOG_WARN, "notify", "could not record the outcome of notification %lld", (long long)p->id);
    if (o.dead)
        log_event(LOG_WARN, "notify", "notification %lld dead-lettered after %d attempts: %s", (long long)p->id, attempts, err);
    free(body);
}

static void *run(void *arg)
{
    dossier_notifier *n = arg;
    pthread_mutex_lock(&n->lock);
    while (!n->stopping) {
        pthread_mutex_unlock(&n->lock);
        pending rows[BATCH];
        int count = due_rows(n, rows);
        for (int i = 0; i < count; i++) {
            deliver(n, &rows[i]);
            free(rows[i].body);
        }
        pthread_mutex_lock(&n->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += n->cfg.interval_ms / 1000;
        until.tv_nsec += (long)(n->cfg.interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!n->stopping && pthread_cond_timedwait(&n->wake, &n->lock, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&n->lock);
    return NULL;
}

dossier_notifier *dossier_notifier_start(store *s, const dossier_notify_config *cfg)
{
    dossier_notifier *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->store = s;
    n->cfg = *cfg;
    if (!n->cfg.interval_ms)
        n->cfg.interval_ms = 10000;
    if (!n->cfg.backoff_ms)
        n->cfg.backoff_ms = 30000;
    if (!n->cfg.max_attempts)
        n->cfg.max_attempts = 8;
    if (!n->cfg.smtp_from)
        n->cfg.smtp_from = "xaso@localhost";
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pthread_mutex_init(&n->lock, NULL);
    pthread_cond_init(&n->wake, NULL);
    if (pthread_create(&n->thread, NULL, run, n) != 0) {
        free(n);
        return NULL;
    }
    return n;
}

void dossier_notifier_stop(dossier_notifier *n)
{
    if (!n)
        return;
    pthread_mutex_lock(&n->lock);
    n->stopping = true;
    pthread_cond_signal(&n->wake);
    pthread_mutex_unlock(&n->lock);
    pthread_join(n->thread, NULL);
    pthread_mutex_destroy(&n->lock);
    pthread_cond_destroy(&n->wake);
    curl_global_cleanup();
    free(n);
}
