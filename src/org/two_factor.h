/* The second factor: enrolling a TOTP authenticator, confirming it (which
 * hands out ten one-time recovery codes), passing it at sign-in, an
 * administrator's reset, and sealing the secrets at start.
 *
 * key is the two-factor key (totp_seal_key of the operator's key), or NULL
 * when the server has no operator key: new secrets are then stored in the
 * clear, and sealed ones cannot be opened (TWO_FACTOR_NO_KEY). */
#ifndef XASO_ORG_TWO_FACTOR_H
#define XASO_ORG_TWO_FACTOR_H

#include "org/account.h"
#include "org/session.h"
#include "store/store.h"

enum { RECOVERY_CODES = 10, RECOVERY_CODE_LEN = 12 };

typedef enum {
    TWO_FACTOR_OK = 0,
    TWO_FACTOR_WRONG_CODE = 1,     /* wrong, reused or expired code */
    TWO_FACTOR_ALREADY = 2,        /* enrol: an authenticator is already confirmed */
    TWO_FACTOR_NOT_ENROLLED = 3,   /* confirm/verify: nothing to check against */
    TWO_FACTOR_NO_KEY = 4,         /* the secret is sealed and the server has no operator key */
    TWO_FACTOR_WRONG_KEY = 5,      /* the secret does not open with this operator key */
} two_factor_result;

/* Starts (or restarts) enrolment: a new secret, returned as base32 and as an
 * otpauth:// URI for the authenticator app. Returns a two_factor_result or a
 * negative STORE_ code. */
int two_factor_enrol(store *s, const unsigned char *key, const session_info *who,
                     const char *issuer, char *secret_b32, size_t b32len, char *uri, size_t urilen);

/* Confirms enrolment with a code from the app; fills ten recovery codes
 * ("XXXX-XXXX-XX" style, shown once) and marks the session passed. */
int two_factor_confirm(store *s, const unsigned char *key, const session_info *who,
                       const char *code, int64_t now_ms,
                       char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1]);

/* Passes the second factor with a TOTP code (each step accepted once) or an
 * unused recovery code. */
int two_factor_verify(store *s, const unsigned char *key, const session_info *who,
                      const char *code, const char *recovery_code, int64_t now_ms);

typedef struct two_factor_reset_result {
    int64_t account_id;
    bool was_enrolled;   /* a TOTP secret (confirmed or pending) was dropped */
    int sessions_ended;
} two_factor_reset_result;

/* An administrator drops username's TOTP secret and recovery codes and ends
 * its sessions, so the official enrols again at the next sign-in; audited as
 * account.two_factor_reset by actor. 0, or -1 with err filled (404 for an
 * unknown account). The caller checks scope and refuses a reset of oneself. */
int two_factor_reset(store *s, const char *username, const char *actor, int64_t now_ms,
                     two_factor_reset_result *out, org_error *err);

typedef struct two_factor_seal_report {
    int sealed;      /* clear secrets sealed now */
    int resealed;    /* opened with the previous key and sealed with the current one */
    int clear;       /* left in the clear: no operator key */
    int unreadable;  /* sealed under a key that is neither the current nor the previous */
} two_factor_seal_report;

/* At start: seals every secret still in the clear under key, and re-seals
 * under key those that open only with previous (the two-factor key of the
 * operator's key before a rotation; may be NULL). With key NULL it only
 * counts. Audited as auth.totp_seal when anything changed. 0 or a negative
 * STORE_ code. */
int two_factor_seal_at_start(store *s, const unsigned char *key, const unsigned char *previous,
                             two_factor_seal_report *report);

#endif
