/* Units and officials' accounts: the service functions behind the CLI and,
 * next, the admin API. Each change is one store_write with its audit entry. */
#ifndef XASO_ORG_ACCOUNT_H
#define XASO_ORG_ACCOUNT_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* A refusal, in the API's terms: HTTP status, stable code, field, Vietnamese message. */
typedef struct org_error {
    int status;
    const char *code;
    const char *field;
    const char *message;
    char path[64];   /* room for a computed field, e.g. "documents[2].name" */
    char text[512];  /* room for a computed message */
} org_error;

typedef struct org_unit_input {
    const char *agency_code;
    const char *parent_code;   /* NULL for a top-level unit (a commune, a province) */
    const char *kind;          /* commune, office, service_center, police, village, ... */
    const char *name;
} org_unit_input;

typedef struct org_account_input {
    const char *username;
    const char *full_name;
    const char *position;
    const char *unit_code;     /* the unit the official belongs to */
    const char *role;          /* admin, leader, specialist, reception, clerk */
    const char *phone, *email;
    const char *password;
} org_account_input;

/* Each returns 0 with *id set, or -1 with err filled. actor goes to the audit log. */
int org_unit_add(store *s, const org_unit_input *in, const char *actor, int64_t *id,
                 org_error *err);
int org_account_add(store *s, const org_account_input *in, const char *actor, int64_t *id,
                    org_error *err);
int org_account_set_password(store *s, const char *username, const char *password,
                             const char *actor, org_error *err);
/* status: active, locked, retired. */
int org_account_set_status(store *s, const char *username, const char *status,
                           const char *actor, org_error *err);

/* An official changes their own password: the current one must be right; the
 * account's other sessions end (keep_session stays). */
int org_account_change_own_password(store *s, int64_t account_id, const char *username,
                                    const char *current, const char *new_password,
                                    int64_t keep_session, org_error *err);

/* Grants role on the unit (by agency code) to an existing account, beside
 * the roles it has (role_grant.c). 0, or -1 with err filled. */
int org_account_grant(store *s, const char *username, const char *role, const char *unit_code, const char *actor,
                      org_error *err);

bool org_role_valid(const char *role);

/* Fills err and returns -1: the shape of every refusal of org's services. */
int org_refuse(org_error *err, int status, const char *code, const char *field,
               const char *message);
/* The same with the field formatted into err->path. */
int org_refuse_at(org_error *err, int status, const char *code, const char *message,
                  const char *field_fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
