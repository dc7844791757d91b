/* dossier: the one-stop lifecycle of a dossier (hồ sơ TTHC), from intake to
 * the returned result, on top of org (who may act), the working calendar
 * (deadlines) and catalog (what the procedure needs and its workflow).
 *
 * Every change is one store_write that checks the dossier's version (so of
 * two officials acting at once exactly one wins), moves the status only as
 * core/dossier_status.h allows, and writes an event and the audit entry. */
#ifndef XASO_DOSSIER_DOSSIER_H
#define XASO_DOSSIER_DOSSIER_H

#include "org/account.h"
#include "org/org.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Who acts: an official (account_id > 0) or the applicant through the
 * public pages (account_id 0, name "applicant"). */
typedef struct dossier_actor {
    int64_t account_id;
    const char *name;
} dossier_actor;

enum { CHANNEL_COUNTER = 1, CHANNEL_ONLINE = 2, CHANNEL_POST = 3 };

/* Receives a dossier. body:
 *   {"procedure": CODE, "receiving_unit"?: CODE, "competent_unit"?: CODE,
 *    "channel"?: 1|3, "applicant": {"cccd","full_name","birth_date"?,"phone"?,
 *    "email"?,"address"?}, "form"?: {...}, "documents"?: [{"id","state"}],
 *    "note"?}
 * channel 1 and 3 (counter, post) are received at once by an official;
 * channel 2 (online) waits as "Mới đăng ký" for reception to accept it. The
 * idempotency key, when given, makes a retry return the first dossier.
 * On success *out is {"code","status",...}; *created is false for a replay. */
int dossier_intake(store *s, json_t *body, int channel, const dossier_actor *who,
                   const char *idempotency_key, int64_t now, json_t **out, bool *created,
                   org_error *err);

/* Performs an action on a dossier. body: {"action", "version", "note"?,
 * "reason"?, "unit"?, "new_due"?, "return_channel"?, "electronic"?, "paper"?}.
 * Actions: accept, not_receive, claim, forward, approve, send_back, transfer,
 * request_supplement, supply, refuse, withdraw, stop, request_payment,
 * confirm_payment, issue_result, return, propose_apology, approve_apology.
 * An electronic result is signed at issue_result with the issuing official's
 * key (org/signing.h), opened with signing_key (NULL: not configured, and
 * electronic results are refused with 503).
 * 409 "conflict" with the current state when version is stale. */
int dossier_act(store *s, const char *code, json_t *body, const dossier_actor *who,
                const unsigned char *signing_key, int64_t now, json_t **out, org_error *err);

/* The dossier for an official: everything, personal data only when the
 * reader handles it (and that read is logged). NULL with *status 404/503. */
json_t *dossier_detail(store *s, const char *code, const dossier_actor *who, int64_t now,
                       int *status);

/* Is the dossier within the official's reach: a dossier role near (org_may_near)
 * its receiving, competent, current or transfer unit? 1 yes, 0 no, 2 when
 * there is no such dossier, a negative STORE_ code when it cannot be read. */
int dossier_in_reach(store_conn *c, int64_t account_id, const char *code);

/* The applicant's view by code; with the last four digits of the phone the
 * full detail, else the name masked and no personal data. */
json_t *dossier_public(store_conn *c, const char *code, const char *phone_last4, int *status);

/* The official's queue: dossiers waiting for a role the account holds, in a
 * unit within that role's grant; "overdue" lists those past due instead. */
json_t *dossier_queue(store_conn *c, int64_t account_id, bool overdue, int64_t now);

/* A citizen's profile by căn cước number, for pre-filling intake; the read
 * is logged. NULL with *status 404 when unknown. */
json_t *dossier_citizen(store *s, const char *cccd, const dossier_actor *who, int64_t now,
                        int *status);

/* The applicant rates the service once, after the result is returned. */
int dossier_rate(store *s, const char *code, json_t *body, int64_t now, org_error *err);

/* Marks dossiers due within one working day and those past due; returns how
 * many changed, or -1. Run by the scheduler. */
int dossier_refresh_flags(store *s, int64_t now);

/* A thread that refreshes the flags now and every interval_s seconds (0:
 * five minutes) until stopped. Owner: the caller of start. */
typedef struct dossier_watch dossier_watch;
dossier_watch *dossier_watch_start(store *s, unsigned interval_s);
void dossier_watch_stop(dossier_watch *w);

/* Notification channels this process delivers (set before serving); rows
 * are written only for those. */
void dossier_notify_configure(bool email, bool webhook);

/* The delivery worker: mail through an SMTP server (libcurl) and messages to
 * an HTTP webhook (an SMS/Zalo gateway), with retries and back-off, then a
 * dead-letter state. NULL urls switch a channel off. */
typedef struct dossier_notify_config {
    const char *smtp_url, *smtp_from, *webhook_url, *public_url;
    unsigned interval_ms, backoff_ms, max_attempts;
} dossier_notify_config;
typedef struct dossier_notifier dossier_notifier;
dossier_notifier *dossier_notifier_start(store *s, const dossier_notify_config *cfg);
void dossier_notifier_stop(dossier_notifier *n);

int dossier_routes(web_server *w, org_state *st);

#endif
