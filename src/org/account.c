#include "org/account.h"

#include "core/agency_code.h"
#include "core/password_policy.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <jansson.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const roles[] = {"admin", "leader", "specialist", "reception", "clerk"};
static const char *const unit_kinds[] = {"province", "commune", "office", "service_center",
                                         "police", "village", "other"};

enum { REFUSED = 1 }; /* a store_write callback's own refusal, details in org_error */

static bool one_of(const char *v, const char *const *list, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(v, list[i]) == 0)
            return true;
    return false;
}

bool org_role_valid(const char *role) { return one_of(role, roles, 5); }

int org_refuse(org_error *err, int status, const char *code, const char *field,
               const char *message)
{
    err->status = status;
    err->code = code;
    err->field = field;
    err->message = message;
    return -1;
}

int org_refuse_at(org_error *err, int status, const char *code, const char *message,
                  const char *field_fmt, ...)
{
    va_list ap;
    va_start(ap, field_fmt);
    vsnprintf(err->path, sizeof err->path, field_fmt, ap);
    va_end(ap);
    return org_refuse(err, status, code, err->path, message);
}

/* The same, from inside a store_write callback: rolls its savepoint back. */
static int refused(org_error *err, int status, const char *code, const char *field,
                   const char *message)
{
    org_refuse(err, status, code, field, message);
    return REFUSED;
}

static bool text_ok(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max;
}

static bool username_ok(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 3 || n > 32)
        return false;
    for (; *u; u++)
        if (!((*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') || *u == '.' || *u == '_' ||
              *u == '-'))
            return false;
    return true;
}

static int64_t unit_id_by_code(store_conn *c, const char *code)
{
    store_stmt *st = store_prepare(c, "SELECT id FROM unit WHERE agency_code = ?");
    if (!st)
        return -1;
    store_bind_text(st, 1, code);
    int64_t id = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return id;
}

/* --- units ------------------------------------------------------------ */

typedef struct unit_job {
    const org_unit_input *in;
    const char *actor;
    int64_t id;
    org_error *err;
} unit_job;

static int insert_unit(store_conn *c, void *ctx)
{
    unit_job *j = ctx;
    int64_t parent = 0;
    if (j->in->parent_code) {
        parent = unit_id_by_code(c, j->in->parent_code);
        if (parent <= 0)
            return refused(j->err, 422, "invalid_field", "parent",
                          "Không có đơn vị cấp trên với mã định danh này.");
    }
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = store_prepare(c, "INSERT INTO unit (parent_id, kind, name, agency_code, "
                                      "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    if (parent)
        store_bind_int64(st, 1, parent);
    else
        store_bind_null(st, 1);
    store_bind_text(st, 2, j->in->kind);
    store_bind_text(st, 3, j->in->name);
    store_bind_text(st, 4, j->in->agency_code);
    store_bind_text(st, 5, now);
    int rc = store_step(st);
    if (rc == STORE_CONSTRAINT)
        return refused(j->err, 409, "duplicate", "agency_code",
                      "Mã định danh này đã được dùng cho đơn vị khác.");
    j->id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return audit_record(c, j->actor, "unit.create", "unit", j->id,
                 json_pack("{s:s, s:s, s:s, s:s?}", "agency_code", j->in->agency_code, "kind",
                           j->in->kind, "name", j->in->name, "parent", j->in->parent_code));
}

static int store_failure(int rc, org_error *err)
{
    if (rc == REFUSED)
        return -1;
    return org_refuse(err, 503, "unavailable", NULL, "Không ghi được dữ liệu; vui lòng thử lại.");
}

int org_unit_add(store *s, const org_unit_input *in, const char *actor, int64_t *id,
                 org_error *err)
{
    if (!agency_code_valid(in->agency_code))
        return org_refuse(err, 422, "invalid_field", "agency_code",
                      "Mã định danh điện tử phải có dạng VVV.ZZ.YY.Xnn, ví dụ 000.00.12.H40.");
    if (!one_of(in->kind, unit_kinds, sizeof unit_kinds / sizeof unit_kinds[0]))
        return org_refuse(err, 422, "invalid_field", "kind",
                      "Loại đơn vị phải là province, commune, office, service_center, police, "
                      "village hoặc other.");
    if (!text_ok(in->name, 200))
        return org_refuse(err, 422, "invalid_field", "name", "Tên đơn vị phải có từ 1 đến 200 byte.");
    unit_job j = {in, actor, 0, err};
    int rc = store_write(s, insert_unit, &j);
    if (rc != 0)
        return store_failure(rc, err);
    *id = j.id;
    return 0;
}

/* --- accounts --------------------------------------------------------- */

typedef struct account_job {
    const org_account_input *in;
    const char *actor;
    char hash[crypto_pwhash_STRBYTES];
    const char *status;
    int64_t id;
    org_error *err;
} account_job;

static int insert_account(store_conn *c, void *ctx)
{
    account_job *j = ctx;
    int64_t unit = unit_id_by_code(c, j->in->unit_code);
    if (unit <= 0)
        return refused(j->err, 422, "invalid_field", "unit",
                      "Không có đơn vị với mã định danh này.");
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = store_prepare(
        c, "INSERT INTO account (username, full_name, position, unit_id, phone, email, status, "
           "password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) "
           "RETURNING id");
    if (!st)
        return STORE_ERROR;
    const org_account_input *in = j->in;
    store_bind_text(st, 1, in->username);
    store_bind_text(st, 2, in->full_name);
    store_bind_text(st, 3, in->position);
    store_bind_int64(st, 4, unit);
    store_bind_text(st, 5, in->phone);
    store_bind_text(st, 6, in->email);
    store_bind_text(st, 7, j->hash);
    store_bind_text(st, 8, now);
    store_bind_text(st, 9, now);
    int rc = store_step(st);
    if (rc == STORE_CONSTRAINT)
        return refused(j->err, 409, "duplicate", "username", "Tên đăng nhập này đã có người dùng.");
    j->id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    st = store_prepare(c, "INSERT INTO role_grant (account_id, role, unit_id) VALUES (?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    store_bind_text(st, 2, in->role);
    store_bind_int64(st, 3, unit);
    if ((rc = store_step(st)) != STORE_DONE)
        return rc;
    /* The audit summary names the account, never its password or contact data. */
    return audit_record(c, j->actor, "account.create", "account", j->id,
                 json_pack("{s:s, s:s, s:s}", "username", in->username, "unit", in->unit_code,
                           "role", in->role));
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
    /* argon2id with libsodium's interactive limits (64 MiB, 2 passes). */
    return crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

int org_account_add(store *s, const org_account_input *in, const char *actor, int64_t *id,
                    org_error *err)
{
    if (!username_ok(in->username))
        return org_refuse(err, 422, "invalid_field", "username",
                      "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch.");
    if (!text_ok(in->full_name, 200))
        return org_refuse(err, 422, "invalid_field", "full_name", "Cần nhập họ và tên (tối đa 200 byte).");
    if (!org_role_valid(in->role))
        return org_refuse(err, 422, "invalid_field", "role",
                      "Vai trò phải là admin, leader, specialist, reception hoặc clerk.");
    if (!in->unit_code)
        return org_refuse(err, 422, "missing_field", "unit", "Cần chọn đơn vị công tác.");
    const char *weak = password_policy_check(in->password, in->username);
    if (weak)
        return org_refuse(err, 422, "weak_password", "password", weak);
    account_job j = {.in = in, .actor = actor, .err = err};
    if (hash_password(in->password, j.hash) != 0)
        return org_refuse(err, 503, "unavailable", NULL, "Không đủ bộ nhớ để băm mật khẩu.");
    int rc = store_write(s, insert_account, &j);
    sodium_memzero(j.hash, sizeof j.hash);
    if (rc != 0)
        return store_failure(rc, err);
    *id = j.id;
    return 0;
}

static int update_account(store_conn *c, void *ctx)
{
    account_job *j = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st =
        j->status ? store_prepare(c, "UPDATE account SET status = ?, updated_at = ? WHERE username = ?")
                  : store_prepare(c, "UPDATE account SET password_hash = ?, updated_at = ? "
                                     "WHERE username = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->status ? j->status : j->hash);
    store_bind_text(st, 2, now);
    store_bind_text(st, 3, j->in->username);
    int rc = store_step(st);
    if (rc != STORE_DONE)
        return rc;
    if (store_changes(c) == 0)
        return refused(j->err, 404, "not_found", "username", "Không có tài khoản này.");
    st = store_prepare(c, "SELECT id FROM account WHERE username = ?");
    store_bind_text(st, 1, j->in->username);
    if (store_step(st) != STORE_ROW)
        return STORE_ERROR;
    int64_t id = store_col_int64(st, 0);
    store_reset(st);
    return j->status ? audit_record(c, j->actor, "account.status", "account", id,
                             json_pack("{s:s}", "status", j->status))
                     : audit_record(c, j->actor, "account.password", "account", id, json_object());
}

int org_account_set_password(store *s, const char *username, const char *password,
                             const char *actor, org_error *err)
{
    const char *weak = password_policy_check(password, username);
    if (weak)
        return org_refuse(err, 422, "weak_password", "password", weak);
    org_account_input in = {.username = username};
    account_job j = {.in = &in, .actor = actor, .err = err};
    if (hash_password(password, j.hash) != 0)
        return org_refuse(err, 503, "unavailable", NULL, "Không đủ bộ nhớ để băm mật khẩu.");
    int rc = store_write(s, update_account, &j);
    sodium_memzero(j.hash, sizeof j.hash);
    return rc == 0 ? 0 : store_failure(rc, err);
}

int org_account_set_status(store *s, const char *username, const char *status,
                           const char *actor, org_error *err)
{
    static const char *const statuses[] = {"active", "locked", "retired"};
    if (!one_of(status, statuses, 3))
        return org_refuse(err, 422, "invalid_field", "status",
                      "Trạng thái phải là active, locked hoặc retired.");
    org_account_input in = {.username = username};
    account_job j = {.in = &in, .actor = actor, .status = status, .err = err};
    int rc = store_write(s, update_account, &j);
    return rc == 0 ? 0 : store_failure(rc, err);
}

typedef struct own_password_job {
    int64_t account_id, keep_session;
    const char *username;
    char hash[crypto_pwhash_STRBYTES];
} own_password_job;

static int replace_own_password(store_conn *c, void *ctx)
{
    own_password_job *j = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st = store_prepare(c, "UPDATE account SET password_hash = ?, updated_at = ? "
                                      "WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->hash);
    store_bind_text(st, 2, now);
    store_bind_int64(st, 3, j->account_id);
    int rc = store_step(st);
    if (rc != STORE_DONE)
        return rc;
    st = store_prepare(c, "UPDATE session SET revoked_at = ? WHERE account_id = ? AND id != ? "
                          "AND revoked_at IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, now);
    store_bind_int64(st, 2, j->account_id);
    store_bind_int64(st, 3, j->keep_session);
    if ((rc = store_step(st)) != STORE_DONE)
        return rc;
    return audit_record(c, j->username, "account.password", "account", j->account_id, json_object());
}

int org_account_change_own_password(store *s, int64_t account_id, const char *username,
                                    const char *current, const char *new_password,
                                    int64_t keep_session, org_error *err)
{
    char stored[crypto_pwhash_STRBYTES] = "";
    store_conn *c = store_reader(s);
    store_stmt *st = c ? store_prepare(c, "SELECT password_hash FROM account WHERE id = ?") : NULL;
    if (!st)
        return org_refuse(err, 503, "unavailable", NULL, "Không đọc được dữ liệu; vui lòng thử lại.");
    store_bind_int64(st, 1, account_id);
    if (store_step(st) == STORE_ROW)
        snprintf(stored, sizeof stored, "%s", store_col_text(st, 0));
    store_reset(st);
    if (!*stored || crypto_pwhash_str_verify(stored, current, strlen(current)) != 0)
        return org_refuse(err, 422, "wrong_password", "current_password", "Mật khẩu hiện tại không đúng.");
    const char *weak = password_policy_check(new_password, username);
    if (weak)
        return org_refuse(err, 422, "weak_password", "new_password", weak);
    own_password_job j = {.account_id = account_id, .keep_session = keep_session,
                          .username = username};
    if (hash_password(new_password, j.hash) != 0)
        return org_refuse(err, 503, "unavailable", NULL, "Không đủ bộ nhớ để băm mật khẩu.");
    int rc = store_write(s, replace_own_password, &j);
    sodium_memzero(j.hash, sizeof j.hash);
    return rc == 0 ? 0 : store_failure(rc, err);
}
