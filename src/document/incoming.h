/* What the files of văn bản đến share (incoming.c registers, incoming_action.c
 * moves a document along Điều 23–24, incoming_read.c lists and shows it,
 * reminders.c warns of deadlines). Private to those files. */
#ifndef XASO_DOCUMENT_INCOMING_H
#define XASO_DOCUMENT_INCOMING_H

#include "document/internal.h"
#include "org/calendar.h"

/* An incoming document as the actions need it. */
typedef struct incoming_row {
    int64_t id, unit_id, handling_unit_id, handler_id, source_id;
    const char *status, *secrecy; /* in the request arena */
} incoming_row;

/* The incoming document of the path's {id}, seen by the caller: otherwise
 * replies 404 not_found (a confidential one the caller may not see answers
 * as a missing one) or, for a change to one outside the caller's reach,
 * 403 out_of_scope, and returns false. */
bool incoming_find(web_request *req, store *s, incoming_row *row);

/* Is unit_id the unit `top` or inside it? */
bool incoming_unit_inside(store_conn *c, int64_t unit_id, int64_t top);
/* The id of the unit with this agency code; 0 when none. */
int64_t incoming_unit_id(store_conn *c, const char *agency_code);

/* The working calendar of a unit around now (the year before to three after). */
bool incoming_clock(store_conn *c, arena *a, int64_t unit_id, int64_t now, org_calendar *cal);

/* The document as the API shows it in a list (viewer 0) or whole, to the
 * account viewer: then with the steps it may take now (allowed_actions,
 * steps.c), the trace (events), the supporting units, files and, for a
 * confidential one, its access list. NULL when it is not there or on a
 * store error. */
json_t *incoming_json(store_conn *c, int64_t id, int64_t now, int64_t viewer);
/* ... to the viewer through its API token (scopes, org_request_scopes:
 * allowed_actions lists only the steps they allow; NULL for a session,
 * which is what incoming_json shows). */
json_t *incoming_json_as(store_conn *c, int64_t id, int64_t now, int64_t viewer, const char *scopes);
/* The flags of a deadline: open and past due; done after due. */
bool incoming_overdue(const char *status, const char *due_at, int64_t now);
bool incoming_late(const char *status, const char *due_at, const char *completed_at);

/* Route groups of the other files. */
int document_in_action_routes(web_server *w, org_state *st);
int document_in_read_routes(web_server *w, org_state *st);
int document_reminder_routes(web_server *w, org_state *st);

/* Replies a store_write failure: 503 for the store's own codes. */
void incoming_reply_store(web_request *req, int rc);

#endif
