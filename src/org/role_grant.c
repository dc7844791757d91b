/* A further role for an existing account, on another unit: one official
 * who works for several communes, or the administrator of a deployment
 * whose communes have no province above them (deployment-wide changes need
 * the role on every top-level unit, org_may_everywhere). Audited. */
#include "org/account.h"

#include "org/audit.h"
#include "org/permission.h"

#include <string.h>

typedef struct {
    const char *username, *role, *unit_code, *actor;
    org_error *err;
} grant_job;

static int insert_grant(store_conn *c, void *ctx)
{
    grant_job *j = ctx;
    int64_t account = org_lookup_id(c, "SELECT id FROM account WHERE username = ?", j->username);
    int64_t unit = org_lookup_id(c, "SELECT id FROM unit WHERE agency_code = ?", j->unit_code);
    if (account < 0 || unit < 0)
        return STORE_ERROR;
    if (account == 0) {
        org_refuse(j->err, 404, "not_found", "username", "Không có tài khoản này.");
        return 1;
    }
    if (unit == 0) {
        org_refuse(j->err, 422, "invalid_field", "unit", "Không có đơn vị với mã định danh này.");
        return 1;
    }
    store_stmt *st = store_prepare(c, "INSERT INTO role_grant (account_id, role, unit_id) VALUES (?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, account);
    store_bind_text(st, 2, j->role);
    store_bind_int64(st, 3, unit);
    int rc = store_step(st);
    if (rc == STORE_CONSTRAINT) {
        org_refuse(j->err, 409, "duplicate", "role", "Tài khoản đã có vai trò này tại đơn vị này.");
        return 1;
    }
    if (rc != STORE_DONE)
        return rc;
    return audit_record(c, j->actor, "account.grant", "account", account,
                        json_pack("{s:s, s:s, s:s}", "username", j->username, "role", j->role, "unit", j->unit_code));
}

int org_account_grant(store *s, const char *username, const char *role, const char *unit_code, const char *actor,
                      org_error *err)
{
    if (!org_role_valid(role))
        return org_refuse(err, 422, "invalid_field", "role",
                          "Vai trò phải là admin, leader, specialist, reception hoặc clerk.");
    if (!unit_code || !*unit_code)
        return org_refuse(err, 422, "invalid_field", "unit", "Hãy nêu mã định danh của đơn vị.");
    grant_job j = {username, role, unit_code, actor, err};
    int rc = store_write(s, insert_grant, &j);
    if (rc == 1)
        return -1;
    return rc == 0 ? 0 : org_refuse(err, 503, "unavailable", NULL, "Không ghi được dữ liệu; vui lòng thử lại.");
}
