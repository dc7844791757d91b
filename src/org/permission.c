#include "org/permission.h"

#include "org/account.h"

#include <string.h>

const permission_rule org_permissions[] = {
    /* one's own account and sessions */
    {"account.self", "admin,leader,specialist,reception,clerk"},
    /* one's own session: signing out, enrolling and passing the second factor —
     * the only things allowed before the second factor is passed */
    {"auth.session", "admin,leader,specialist,reception,clerk"},
    /* administration */
    {"unit.write", "admin"},
    {"account.read", "admin,leader"},
    {"account.write", "admin"},
    {"audit.read", "admin,leader"},
    /* the working calendar: yearly holiday decisions and office hours */
    {"calendar.write", "admin"},
    /* the procedure catalog: procedures, review of imports, workflows, export */
    {"catalog.manage", "admin"},
    /* dossiers: receiving at the counter, working on them, watching deadlines */
    {"dossier.intake", "reception"},
    {"dossier.work", "reception,specialist,leader,clerk"},
    {"dossier.supervise", "leader,admin"},
    /* fees: importing a bank statement to match transfers to dossiers */
    {"payment.reconcile", "reception,admin"},
    /* the register of dossiers (Sổ theo dõi hồ sơ), kept at the counter */
    {"dossier.register", "reception,leader,admin"},
    /* the commune's plans: reading the board, reporting progress, importing */
    {"plan.read", "admin,leader,specialist,reception,clerk"},
    {"plan.update", "admin,leader,specialist"},
    {"plan.manage", "admin,leader"},
    /* reports: the service-quality index, and the parts of it entered by hand */
    {"report.read", "admin,leader,specialist,reception"},
    {"report.input", "admin,leader"},
    /* documents (NĐ 30/2020): reading what reaches one's unit; drafting an
     * outgoing one; the leader's signature and assignment of incoming ones;
     * the văn thư's registration, issue, dispatch and registers; handling an
     * incoming one assigned to one's unit; the unit's work records */
    {"document.read", "admin,leader,specialist,clerk"},
    {"document.draft", "leader,specialist,clerk"},
    {"document.sign", "leader"},
    {"document.assign", "leader"},
    {"document.clerk", "clerk"},
    {"document.handle", "leader,specialist"},
    {"document.records", "leader,specialist,clerk"},
    {"document.settings", "admin,leader"},
};
const int org_permission_count = sizeof org_permissions / sizeof org_permissions[0];

static const char *roles_for(const char *permission)
{
    for (int i = 0; i < org_permission_count; i++)
        if (strcmp(org_permissions[i].permission, permission) == 0)
            return org_permissions[i].roles;
    return NULL;
}

bool org_permission_known(const char *permission) { return roles_for(permission) != NULL; }

static bool role_in(const char *role, const char *list)
{
    size_t n = strlen(role);
    for (const char *p = list; (p = strstr(p, role)); p += n)
        if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return true;
    return false;
}

/* Does the account hold one of roles (comma-separated) on unit_id or an
 * ancestor of it (any unit when unit_id is 0)? */
static bool holds_role(store_conn *c, int64_t account_id, const char *roles, int64_t unit_id)
{
    /* The grants whose unit is the target unit or one of its ancestors. */
    store_stmt *st = store_prepare(
        c, "WITH RECURSIVE up(id, parent_id) AS ("
           "  SELECT id, parent_id FROM unit WHERE id = ?"
           "  UNION ALL SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id)"
           " SELECT g.role FROM role_grant g JOIN account a ON a.id = g.account_id"
           " WHERE g.account_id = ? AND a.status = 'active'"
           "   AND (CAST(? AS BIGINT) = 0 OR g.unit_id IN (SELECT id FROM up))");
    if (!st)
        return false;
    store_bind_int64(st, 1, unit_id);
    store_bind_int64(st, 2, account_id);
    store_bind_int64(st, 3, unit_id);
    bool allowed = false;
    while (!allowed && store_step(st) == STORE_ROW)
        allowed = role_in(store_col_text(st, 0), roles);
    store_reset(st);
    return allowed;
}

bool org_may(store_conn *c, int64_t account_id, const char *permission, int64_t unit_id)
{
    const char *roles = roles_for(permission);
    return roles && holds_role(c, account_id, roles, unit_id);
}

bool org_has_role(store_conn *c, int64_t account_id, const char *role, int64_t unit_id)
{
    return role && unit_id > 0 && org_role_valid(role) && holds_role(c, account_id, role, unit_id);
}

int64_t org_lookup_id(store_conn *c, const char *sql, const char *key)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return -1;
    store_bind_text(st, 1, key);
    int64_t id = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return id;
}

bool org_may_everywhere(store_conn *c, int64_t account_id, const char *permission)
{
    /* The top-level units are few (one province, or the communes of a
     * deployment without one); each must be within the account's grants. */
    store_stmt *st = store_prepare(c, "SELECT id FROM unit WHERE parent_id IS NULL ORDER BY id");
    if (!st)
        return false;
    bool all = true;
    int rc = STORE_DONE;
    while (all && (rc = store_step(st)) == STORE_ROW)
        all = org_may(c, account_id, permission, store_col_int64(st, 0));
    if (all && rc != STORE_DONE)
        all = false;
    store_reset(st);
    return all; /* an empty deployment: nothing to be outside of */
}

bool org_may_in_unit(store_conn *c, int64_t account_id, const char *permission,
                     const char *agency_code)
{
    if (!agency_code)
        return org_may_everywhere(c, account_id, permission);
    int64_t unit = org_lookup_id(c, "SELECT id FROM unit WHERE agency_code = ?", agency_code);
    return unit == 0 || (unit > 0 && org_may(c, account_id, permission, unit));
}

bool org_may_on_account(store_conn *c, int64_t account_id, const char *permission,
                        const char *username)
{
    int64_t unit = org_lookup_id(c, "SELECT unit_id FROM account WHERE username = ?", username);
    return unit == 0 || (unit > 0 && org_may(c, account_id, permission, unit));
}

/* Does the account hold one of roles on unit_id or an ancestor, or on a unit
 * from which unit_id is reached going up without leaving a commune (and
 * never into a province: an office directly under one reaches nothing above
 * it)? */
static bool holds_role_near(store_conn *c, int64_t account_id, const char *roles, int64_t unit_id)
{
    store_stmt *st = store_prepare(
        c, "WITH RECURSIVE anc(id) AS (SELECT CAST(?1 AS BIGINT)"
           "  UNION SELECT u.parent_id FROM unit u JOIN anc ON u.id = anc.id WHERE u.parent_id IS NOT NULL),"
           " g(id) AS (SELECT r.unit_id FROM role_grant r JOIN account a ON a.id = r.account_id"
           "  WHERE r.account_id = ?2 AND a.status = 'active'"
           "  AND ',' || CAST(?3 AS TEXT) || ',' LIKE '%,' || r.role || ',%'),"
           " up(id, kind, parent_id) AS (SELECT u.id, u.kind, u.parent_id FROM unit u JOIN g ON u.id = g.id"
           "  UNION SELECT p.id, p.kind, p.parent_id FROM unit p JOIN up ON p.id = up.parent_id"
           "  WHERE up.kind != 'commune' AND p.kind != 'province')"
           " SELECT 1 WHERE EXISTS (SELECT 1 FROM g WHERE id IN (SELECT id FROM anc))"
           "  OR EXISTS (SELECT 1 FROM up WHERE id = ?1)");
    if (!st)
        return false;
    store_bind_int64(st, 1, unit_id);
    store_bind_int64(st, 2, account_id);
    store_bind_text(st, 3, roles);
    bool found = store_step(st) == STORE_ROW;
    store_reset(st);
    return found;
}

bool org_has_role_near(store_conn *c, int64_t account_id, const char *role, int64_t unit_id)
{
    return role && unit_id > 0 && org_role_valid(role) && holds_role_near(c, account_id, role, unit_id);
}

bool org_may_near(store_conn *c, int64_t account_id, const char *permission, int64_t unit_id)
{
    const char *roles = roles_for(permission);
    return roles && unit_id > 0 && holds_role_near(c, account_id, roles, unit_id);
}

const char *org_permission_roles(const char *permission) { return roles_for(permission); }
