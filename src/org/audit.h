/* The audit log: who changed what, when, appended in the same transaction as
 * the change, each entry chained to the one before by SHA-256.
 *
 * An entry's hash covers its id, time, actor, action, object and summary and
 * the previous entry's hash, each field length-prefixed so no two different
 * entries serialize alike. The first entry chains to 64 zeros. Nothing in the
 * program updates or deletes an entry. */
#ifndef XASO_ORG_AUDIT_H
#define XASO_ORG_AUDIT_H

#include "store/store.h"

#include <jansson.h>

#include <stdint.h>

typedef struct audit_entry {
    const char *actor;        /* account name, "system", or "anonymous" */
    const char *action;       /* "unit.create", "note.create", ... */
    const char *object_type;  /* "unit", ... */
    const char *object_id;    /* may be NULL */
    const char *summary;      /* JSON text: before/after or the fields that matter */
} audit_entry;

/* Appends an entry; call it inside a store_write callback, after the change it
 * records. at is the UTC ISO 8601 instant. Returns 0 or a negative STORE_ code. */
int audit_append(store_conn *c, const audit_entry *e, const char *at);

/* audit_append for a change to object (type, id) now, with a JSON summary
 * (a jansson object, stolen). */
int audit_record(store_conn *c, const char *actor, const char *action, const char *type,
                 int64_t id, json_t *summary);

typedef struct audit_report {
    int64_t entries;          /* entries checked */
    int64_t broken_id;        /* first entry that does not verify, 0 if none */
    const char *code;         /* entry_missing, out_of_order, bad_link, bad_hash, cut_back, replaced */
    char reason[200];         /* the same for people, Vietnamese / English */
} audit_report;

/* Walks the whole chain. Returns 0 when every entry verifies, 1 when one does
 * not (report says which and why), or a negative STORE_ code. */
int audit_verify(store_conn *c, audit_report *report);

/* The same for the entries first..last only: each matches its hash and
 * chains to the stored hash of the entry before it (first - 1). Cheap, for
 * checking what a page lists; only audit_verify covers the whole chain. */
int audit_verify_range(store_conn *c, int64_t first, int64_t last, audit_report *report);

/* The newest entry: its id and hash (0 and 64 zeros for an empty log).
 * Returns 0 or a negative STORE_ code. A backup keeps it as an anchor. */
int audit_head(store_conn *c, int64_t *id, char hash[65]);

/* Does the log still hold entry id with this hash? 0: yes; 1: no, the log
 * was cut back before it or the entry replaced (why in report); negative: a
 * STORE_ code. With audit_verify this detects a log truncated at its end,
 * which the chain alone cannot. */
int audit_holds(store_conn *c, int64_t id, const char *hash, audit_report *report);

#endif
