/* Who may do what: the one function every route's permission goes through.
 * A permission names an action; roles are granted within a unit and its
 * subtree, so a grant on the commune covers its offices and villages. */
#ifndef XASO_ORG_PERMISSION_H
#define XASO_ORG_PERMISSION_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* The permissions routes may declare, each with the roles that hold it. */
typedef struct permission_rule {
    const char *permission;
    const char *roles;      /* comma-separated */
} permission_rule;

extern const permission_rule org_permissions[];
extern const int org_permission_count;

bool org_permission_known(const char *permission);

/* May the account exercise permission on unit_id (0: on any unit it holds a
 * role in)? Answers false for an unknown permission. */
bool org_may(store_conn *c, int64_t account_id, const char *permission, int64_t unit_id);

/* ... or may it reach unit_id from within: a role on a unit inside unit_id's
 * commune counts for the commune and the units between (an official of an
 * office works on what waits at the commune), never for units above the
 * commune. The reach of dossiers, plans and reports. */
bool org_may_near(store_conn *c, int64_t account_id, const char *permission, int64_t unit_id);

/* The roles that hold permission, comma-separated (NULL: unknown), to bind
 * for the two sub-selects below. */
const char *org_permission_roles(const char *permission);

/* SQL sub-selects of unit ids, for "x.unit_id IN " ORG_SUBTREE_UNITS(1, 2):
 * parameter ?A is the account, ?R the roles of the permission
 * (org_permission_roles). SUBTREE: the units at or below a unit where the
 * account holds one of the roles (org_may); NEAR: those and the units that
 * grant reaches upward within its commune (org_may_near). A role is found in
 * the list with LIKE (roles hold no wildcard and are lower case), which
 * SQLite and PostgreSQL both have, unlike instr(). */
#define ORG_GRANTS_CTE_(A, R)                                                                                    \
    "g(id) AS (SELECT r.unit_id FROM role_grant r JOIN account a ON a.id = r.account_id"                         \
    " WHERE r.account_id = ?" #A " AND a.status = 'active'"                                                       \
    " AND ',' || CAST(?" #R " AS TEXT) || ',' LIKE '%,' || r.role || ',%'),"                                        \
    " dn(id) AS (SELECT id FROM g UNION SELECT u.id FROM unit u JOIN dn ON u.parent_id = dn.id)"
#define ORG_SUBTREE_UNITS(A, R) "(WITH RECURSIVE " ORG_GRANTS_CTE_(A, R) " SELECT id FROM dn)"
#define ORG_NEAR_UNITS(A, R)                                                                                     \
    "(WITH RECURSIVE " ORG_GRANTS_CTE_(A, R) ","                                                                 \
    " up(id, kind, parent_id) AS (SELECT u.id, u.kind, u.parent_id FROM unit u JOIN g ON u.id = g.id"             \
    " UNION SELECT p.id, p.kind, p.parent_id FROM unit p JOIN up ON p.id = up.parent_id"                           \
    " WHERE up.kind != 'commune' AND p.kind != 'province')"                                                        \
    " SELECT id FROM dn UNION SELECT id FROM up)"

/* Does the account (active) hold role on unit_id or one of its ancestors? */
bool org_has_role(store_conn *c, int64_t account_id, const char *role, int64_t unit_id);

/* ... or on a unit inside unit_id's subtree within its commune (as
 * org_may_near): an official of an office acts on what waits at the commune
 * for their role, unless a workflow step names a narrower unit. */
bool org_has_role_near(store_conn *c, int64_t account_id, const char *role, int64_t unit_id);

/* The scope check for a change aimed at one unit, named by its agency code
 * (or at the unit of an account, by username). A code or name that does not
 * exist answers true: the service then refuses it with a precise error. A
 * NULL code means the whole deployment (a new top-level unit, the catalog,
 * the notification templates, a calendar decision for every unit), which
 * needs the permission on every top-level unit. */
/* The id that sql (a literal with one text parameter) finds for key: 0
 * when none, -1 on a store error. */
int64_t org_lookup_id(store_conn *c, const char *sql, const char *key);

/* May the account exercise permission on every top-level unit, that is, on
 * the whole deployment? */
bool org_may_everywhere(store_conn *c, int64_t account_id, const char *permission);
bool org_may_in_unit(store_conn *c, int64_t account_id, const char *permission,
                     const char *agency_code);
bool org_may_on_account(store_conn *c, int64_t account_id, const char *permission,
                        const char *username);

#endif
