/* API tokens for other systems: "xaso_" and 64 hex digits, shown once and
 * stored as SHA-256. A token acts for an account, but only within its scopes
 * (a list of permissions) and until it expires or is revoked. Requests carry
 * it as "Authorization: Bearer xaso_…"; no cookie, so no CSRF token and no
 * second factor. */
#ifndef XASO_ORG_TOKEN_H
#define XASO_ORG_TOKEN_H

#include "org/account.h"
#include "org/session.h"

enum { API_TOKEN_LEN = 5 + 64 };

/* Creates a token for username with comma-separated scopes, valid for days.
 * Returns 0 with token filled (API_TOKEN_LEN + 1 bytes), or -1 with err. */
int token_create(store *s, const char *username, const char *name, const char *scopes,
                 int days, const char *actor, char *token, org_error *err);

/* 0 and info filled (scopes too) when the token is live, 1 when not. */
int token_lookup(store *s, const char *token, int64_t now_ms, session_info *info);

int token_revoke(store *s, const char *name, const char *username, const char *actor,
                 org_error *err);

#endif
