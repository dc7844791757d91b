/* Inside the edXML exchange (exchange*.c): what its files share. */
#ifndef XASO_DOCUMENT_EXCHANGE_H
#define XASO_DOCUMENT_EXCHANGE_H

#include "document/edxml.h"
#include "document/internal.h"

/* Body limit of the routes that take a package: the package and a
 * multipart envelope around it. */
#define EXCHANGE_MAX_BODY ((size_t)EDXML_MAX_BYTES + (1u << 20))

int document_exchange_import_routes(web_server *w, org_state *st); /* exchange_import.c */
int document_exchange_status_routes(web_server *w, org_state *st); /* exchange_status.c */

/* A refused package: 413 for edxml_too_large, else 422, with its code,
 * field and Vietnamese message. */
void exchange_refuse(web_request *req, const edxml_error *err);

/* The package sent: the body itself (application/xml, text/xml), or the
 * part "file" of a multipart/form-data body. Replies 415 or 400 and
 * returns false otherwise. */
bool exchange_body(web_request *req, const char **xml, size_t *len);

/* A unit as an edXML organ: its agency code, name and the unit above it
 * (OrganizationInCharge). False when there is none. */
bool exchange_unit(store_conn *c, arena *a, int64_t unit_id, edxml_organ *out);

/* The official acting (StaffInfo): name, phone, e-mail, and the unit. */
void exchange_staff(store_conn *c, arena *a, int64_t account_id, const char *department, edxml_staff *out);

/* yyyy/MM/dd HH:mm:ss in Vietnam time (UTC+7), as the builders write. */
void exchange_local_time(int64_t now_ms, char out[20]);

/* A column's text copied into the arena, or NULL. */
const char *exchange_col(arena *a, store_stmt *st, int col);

#endif
