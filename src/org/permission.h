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

/* Does the account (active) hold role on unit_id or one of its ancestors? */
bool org_has_role(store_conn *c, int64_t account_id, const char *role, int64_t unit_id);

/* ... or on a unit inside unit_id's subtree: an official of an office acts on
 * what waits at the commune for their role, unless a workflow step names a
 * narrower unit. */
bool org_has_role_near(store_conn *c, int64_t account_id, const char *role, int64_t unit_id);

/* The scope check for a change aimed at one unit, named by its agency code
 * (or at the unit of an account, by username). A code or name that does not
 * exist answers true: the service then refuses it with a precise error. A
 * NULL code means a new top-level unit, which needs the permission on some
 * top-level unit. */
bool org_may_in_unit(store_conn *c, int64_t account_id, const char *permission,
                     const char *agency_code);
bool org_may_on_account(store_conn *c, int64_t account_id, const char *permission,
                        const char *username);

#endif
