/* An administrator's reset of another official's second factor: for a lost
 * or replaced phone when the recovery codes are gone too, or after the
 * operator key was lost. See two_factor.h. */
#include "org/two_factor.h"

#include "core/timefmt.h"
#include "org/audit.h"

#include <jansson.h>

enum { REFUSED = 1 };

typedef struct reset_job {
    const char *username, *actor;
    int64_t now_ms;
    two_factor_reset_result *out;
    org_error *err;
} reset_job;

/* Runs one statement binding the account id (and now, when given). */
static int run(store_conn *c, const char *sql, int64_t account, const char *now)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return STORE_ERROR;
    int idx = 1;
    if (now)
        store_bind_text(st, idx++, now);
    store_bind_int64(st, idx, account);
    int rc = store_step(st);
    return rc == STORE_DONE ? 0 : rc;
}

static int64_t account_id(store_conn *c, const char *username)
{
    store_stmt *st = store_prepare(c, "SELECT id FROM account WHERE username = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, username);
    int rc = store_step(st);
    int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : rc == STORE_DONE ? 0 : rc;
    store_reset(st);
    return id;
}

static int reset(store_conn *c, void *ctx)
{
    reset_job *j = ctx;
    int64_t id = account_id(c, j->username);
    if (id < 0)
        return (int)id;
    if (id == 0) {
        org_refuse(j->err, 404, "not_found", "username", "Không có tài khoản này.");
        return REFUSED;
    }
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now_ms, now);
    int rc = run(c, "DELETE FROM totp_credential WHERE account_id = ?", id, NULL);
    if (rc)
        return rc;
    j->out->was_enrolled = store_changes(c) > 0;
    if ((rc = run(c, "DELETE FROM recovery_code WHERE account_id = ?", id, NULL)) != 0)
        return rc;
    if ((rc = run(c, "UPDATE session SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
                  id, now)) != 0)
        return rc;
    j->out->sessions_ended = store_changes(c);
    j->out->account_id = id;
    return audit_record(c, j->actor, "account.two_factor_reset", "account", id,
                        json_pack("{s:s, s:b, s:i}", "username", j->username, "was_enrolled",
                                  j->out->was_enrolled, "sessions_ended", j->out->sessions_ended));
}

int two_factor_reset(store *s, const char *username, const char *actor, int64_t now_ms,
                     two_factor_reset_result *out, org_error *err)
{
    *out = (two_factor_reset_result){0};
    reset_job j = {username, actor, now_ms, out, err};
    int rc = store_write(s, reset, &j);
    if (rc == REFUSED)
        return -1;
    return rc == 0 ? 0
                   : org_refuse(err, 503, "unavailable", NULL,
                                "Không ghi được dữ liệu; vui lòng thử lại.");
}
