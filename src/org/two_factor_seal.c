/* Sealing two-factor secrets at start: those stored in the clear (before
 * migration 0018, or while no operator key was configured) and those sealed
 * under the operator's previous key. See two_factor.h. */
#include "org/two_factor.h"

#include "core/base32.h"
#include "core/timefmt.h"
#include "org/audit.h"
#include "org/totp.h"
#include "org/totp_seal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct seal_job {
    const unsigned char *key, *previous;
    two_factor_seal_report *report;
} seal_job;

typedef struct stored_secret {
    int64_t account_id;
    char clear[64];
    char sealed[TOTP_SEALED_HEX_MAX];
    bool is_sealed;
} stored_secret;

/* The credential after account `after`, by account id; 0 found, 1 none. */
static int next_secret(store_conn *c, int64_t after, stored_secret *out)
{
    store_stmt *st = store_prepare(c, "SELECT account_id, secret, secret_sealed FROM totp_credential "
                                      "WHERE account_id > ? ORDER BY account_id LIMIT 1");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, after);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        out->account_id = store_col_int64(st, 0);
        out->is_sealed = !store_col_is_null(st, 2);
        snprintf(out->clear, sizeof out->clear, "%s",
                 out->is_sealed ? "" : store_col_text(st, 1) ? store_col_text(st, 1) : "");
        snprintf(out->sealed, sizeof out->sealed, "%s", out->is_sealed ? store_col_text(st, 2) : "");
    }
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : rc;
}

static int store_sealed(store_conn *c, int64_t account, const char *sealed)
{
    store_stmt *st = store_prepare(c, "UPDATE totp_credential SET secret = NULL, secret_sealed = ? "
                                      "WHERE account_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, sealed);
    store_bind_int64(st, 2, account);
    int rc = store_step(st);
    return rc == STORE_DONE ? 0 : rc;
}

/* The plain secret of a row this start can read: from the clear text, or
 * opened with the previous key. False when it must stay as it is. */
static bool plain_secret(const seal_job *j, const stored_secret *row, unsigned char *secret,
                         size_t *len, bool *under_previous)
{
    *under_previous = false;
    if (!row->is_sealed) {
        long n = base32_decode(row->clear, secret, TOTP_SEAL_MAX_SECRET);
        *len = n > 0 ? (size_t)n : 0;
        return n > 0;
    }
    if (totp_open(j->key, row->account_id, row->sealed, secret, TOTP_SEAL_MAX_SECRET, len))
        return false; /* already sealed under the current key */
    *under_previous = j->previous && totp_open(j->previous, row->account_id, row->sealed, secret,
                                               TOTP_SEAL_MAX_SECRET, len);
    if (!*under_previous)
        j->report->unreadable++;
    return *under_previous;
}

/* Seals one row under the current key when it is in the clear or under the previous key. */
static int seal_row(store_conn *c, const seal_job *j, const stored_secret *row)
{
    unsigned char secret[TOTP_SEAL_MAX_SECRET];
    char sealed[TOTP_SEALED_HEX_MAX];
    size_t len = 0;
    bool under_previous;
    int rc = 0;
    if (plain_secret(j, row, secret, &len, &under_previous)) {
        rc = totp_seal(j->key, row->account_id, secret, len, sealed, sizeof sealed)
                 ? store_sealed(c, row->account_id, sealed)
                 : STORE_ERROR;
        if (rc == 0)
            ++*(under_previous ? &j->report->resealed : &j->report->sealed);
    }
    sodium_memzero(secret, sizeof secret);
    return rc;
}

static int count_row(const seal_job *j, const stored_secret *row)
{
    ++*(row->is_sealed ? &j->report->unreadable : &j->report->clear);
    return 0;
}

static int seal_all(store_conn *c, void *ctx)
{
    seal_job *j = ctx;
    stored_secret row;
    int rc;
    for (int64_t after = 0; (rc = next_secret(c, after, &row)) == 0; after = row.account_id) {
        rc = j->key ? seal_row(c, j, &row) : count_row(j, &row);
        if (rc)
            break;
    }
    sodium_memzero(&row, sizeof row);
    if (rc < 0)
        return rc;
    if (j->report->sealed == 0 && j->report->resealed == 0)
        return 0;
    json_t *summary = json_pack("{s:i, s:i}", "sealed", j->report->sealed, "resealed",
                                j->report->resealed);
    char *text = json_dumps(summary, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(summary);
    if (!text)
        return STORE_ERROR;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    audit_entry e = {"system", "auth.totp_seal", "totp_credential", NULL, text};
    rc = audit_append(c, &e, now);
    free(text);
    return rc;
}

int two_factor_seal_at_start(store *s, const unsigned char *key, const unsigned char *previous,
                             two_factor_seal_report *report)
{
    *report = (two_factor_seal_report){0};
    seal_job j = {key, previous, report};
    int rc = store_write(s, seal_all, &j);
    if (rc != 0)
        *report = (two_factor_seal_report){0};
    return rc > 0 ? STORE_ERROR : rc;
}
