/* org: units, and later officials, roles, sessions and the audit log.
 * For now it owns the unit tree and the demo commune. */
#ifndef XASO_ORG_ORG_H
#define XASO_ORG_ORG_H

#include "store/store.h"
#include "web/web.h"

#define ORG_SESSION_COOKIE "xaso_session"

/* What org's routes and identity need while the server runs; owned by the
 * caller of org_routes, alive until the server stopped. */
typedef struct org_state {
    store *store;
    const char *data_dir;  /* the file store's folder (blob.h) */
    const char *public_url;/* XASO_PUBLIC_URL, for links printed on papers; NULL: from Host */
    const unsigned char *signing_key; /* XASO_SIGNING_KEY, 32 bytes; NULL: no electronic results */
    const unsigned char *two_factor_key; /* derived from XASO_SIGNING_KEY (org/totp_seal.h), 32
                                            bytes; NULL: TOTP secrets are stored in the clear */
    const char *bank_bin, *bank_account; /* XASO_BANK_BIN, XASO_BANK_ACCOUNT: where fees are paid
                                            by transfer (VietQR); NULL: no VietQR */
    bool secure_cookies;   /* the public URL is https */
} org_state;

/* Registers the org routes (units, sign-in) and fills the identity that the
 * server should use. */
int org_routes(web_server *w, org_state *st);
int org_auth_routes(web_server *w, org_state *st);
int org_admin_routes(web_server *w, org_state *st);
/* An administrator's reset of another account's second factor. */
int org_two_factor_reset_routes(web_server *w, org_state *st);
/* Reading the audit log (audit.read). */
int org_audit_routes(web_server *w, org_state *st);
void org_identity(org_state *st, web_identity *out);

/* A role counts within its unit's subtree: an administrator of one commune
 * may not change another's. Replies 403 out_of_scope and returns false when
 * the target unit (by agency code; NULL: the deployment as a whole, which
 * needs the permission on a top-level unit) or the account's unit is
 * outside the caller's grants. */
bool org_require_scope(web_request *req, store *s, const char *permission, const char *unit_code,
                       const char *username);

/* Unit scope for routes of every part (docs/api.md, "Phạm vi đơn vị").
 * SUBTREE: a role on the unit or above it (administration); NEAR: also a
 * role on a unit inside it within its commune (dossiers, plans, reports). */
typedef enum org_reach { ORG_REACH_SUBTREE, ORG_REACH_NEAR } org_reach;

/* The account asking; 0 when none. */
int64_t org_caller(const web_request *req);

/* An API token acts only within its scopes (docs/api.md, "Sessions, CSRF
 * and permissions"); the router checks them against the route's permission, and a
 * handler that grants more (a step, a register) on a stronger permission
 * it checks with org_may or org_may_near must check the scopes too, since
 * those ask the roles only. The scopes of the caller's token, comma-
 * separated, alive as long as the request: NULL for a session, which may
 * use every permission of its account. */
const char *org_request_scopes(const web_request *req);

/* Is permission a whole item of scopes? NULL scopes (a session): true. */
bool org_scopes_allow(const char *scopes, const char *permission);

/* Does the caller's credential allow permission: a session always, a token
 * when its scopes name it? False when no one is signed in. The account's
 * roles are still org_may's to answer. */
bool org_request_scoped(const web_request *req, const char *permission);

/* Replies 403 out_of_scope (field "unit") and returns false unless the
 * caller may exercise permission on unit_id. */
bool org_require_unit(web_request *req, store *s, const char *permission, int64_t unit_id, org_reach reach);

/* The unit named by code (an agency code; NULL: the caller's own unit), its
 * id and code (in the arena), within the caller's reach; else replies 404
 * not_found or 403 out_of_scope (field "unit") and returns false. */
bool org_resolve_unit(web_request *req, store *s, const char *permission, org_reach reach, const char *code,
                      int64_t *unit_id, const char **unit_code);

/* The reply for an object (dossier, plan, account, key) outside the
 * caller's reach: a read answers 404 not_found with field and message, as
 * for one that does not exist; a change answers 403 out_of_scope. */
void org_reply_outside(web_request *req, const char *field, const char *not_found_message);

/* A public page's ?unit= (an agency code; default: the first top-level unit),
 * its code in the arena and its id; replies 404 not_found (field "unit") or
 * 503 and returns false when there is none. */
bool org_public_unit(web_request *req, store *s, const char **code, int64_t *unit_id);

int org_calendar_routes(web_server *w, org_state *st);
/* The public commune card (name, contact, office hours) and its editing. */
int org_contact_routes(web_server *w, org_state *st);

/* The calling thread's reader with sql prepared on it; when the database
 * cannot be read it replies 503 and returns NULL (the handler just returns). */
store_stmt *org_read_stmt(web_request *req, store *s, const char *sql);

/* Creates the demo commune (Xã Thượng Đức, Hà Tĩnh) unless a unit exists.
 * Returns 1 when created, 0 when already there, -1 on error. */
int org_create_demo(store *s);

#endif
