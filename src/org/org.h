/* org: units, and later officials, roles, sessions and the audit log.
 * For now it owns the unit tree and the demo commune. */
#ifndef XASO_ORG_ORG_H
#define XASO_ORG_ORG_H

#include "store/store.h"
#include "web/web.h"

/* Registers the org routes. */
int org_routes(web_server *w, store *s);

/* Creates the demo commune (Xã Thượng Đức, Hà Tĩnh) unless a unit exists.
 * Returns 1 when created, 0 when already there, -1 on error. */
int org_create_demo(store *s);

#endif
