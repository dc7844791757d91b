/* Sign-in sessions. The cookie carries 32 random bytes (hex); the database
 * keeps only their SHA-256, so a copy of the database opens no session. A
 * session ends after 30 minutes idle or 12 hours in all, at sign-out, or when
 * the account signs out everywhere or is locked. */
#ifndef XASO_ORG_SESSION_H
#define XASO_ORG_SESSION_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

enum {
    SESSION_IDLE_S = 30 * 60,
    SESSION_MAX_S = 12 * 60 * 60,
    SESSION_TOKEN_HEX = 65,
    /* failed sign-ins within the window before refusals start, per account and per address */
    SIGN_IN_FREE_FAILURES = 5,
    SIGN_IN_WINDOW_S = 15 * 60,
};

typedef struct session_info {
    int64_t session_id;
    int64_t account_id;
    char username[40];
    char csrf[SESSION_TOKEN_HEX];
    bool totp_enrolled;        /* the account has a confirmed TOTP secret */
    bool second_factor_due;    /* this session must pass (or enrol) a second factor first */
    bool by_token;             /* an API token, not a cookie session */
    char scopes[256];          /* for tokens: the permissions it is limited to */
} session_info;

/* Checks a username and password; on success opens a session. Returns
 *   0   signed in: token (for the cookie) and info filled
 *   1   wrong username or password, or account not active (one answer for all)
 *   2   too many failures: *retry_after_s says when to try again
 *  <0   a STORE_ error */
int session_sign_in(store *s, const char *username, const char *password, const char *address,
                    int64_t now_ms, char token[SESSION_TOKEN_HEX], session_info *info,
                    int *retry_after_s);

/* Seconds a username or address must still wait after failed sign-ins or
 * second-factor codes (0: may try now), and recording one more failure. */
int session_throttle(store *s, const char *username, const char *address, int64_t now_ms);
int session_record_failure(store *s, const char *username, const char *address, int64_t now_ms);

/* Finds the live session of a cookie token and marks it seen. 0 found, 1 not. */
int session_lookup(store *s, const char *token, int64_t now_ms, session_info *info);

/* Ends who's session, or every session of who's account. */
int session_sign_out(store *s, const session_info *who, bool everywhere, int64_t now_ms);

#endif
