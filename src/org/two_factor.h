/* The second factor: enrolling a TOTP authenticator, confirming it (which
 * hands out ten one-time recovery codes), and passing it at sign-in. */
#ifndef XASO_ORG_TWO_FACTOR_H
#define XASO_ORG_TWO_FACTOR_H

#include "org/session.h"
#include "store/store.h"

enum { RECOVERY_CODES = 10, RECOVERY_CODE_LEN = 12 };

typedef enum {
    TWO_FACTOR_OK = 0,
    TWO_FACTOR_WRONG_CODE = 1,     /* wrong, reused or expired code */
    TWO_FACTOR_ALREADY = 2,        /* enrol: an authenticator is already confirmed */
    TWO_FACTOR_NOT_ENROLLED = 3,   /* confirm/verify: nothing to check against */
} two_factor_result;

/* Starts (or restarts) enrolment: a new secret, returned as base32 and as an
 * otpauth:// URI for the authenticator app. Returns a two_factor_result or a
 * negative STORE_ code. */
int two_factor_enrol(store *s, const session_info *who, const char *issuer, char *secret_b32,
                     size_t b32len, char *uri, size_t urilen);

/* Confirms enrolment with a code from the app; fills ten recovery codes
 * ("XXXX-XXXX-XX" style, shown once) and marks the session passed. */
int two_factor_confirm(store *s, const session_info *who, const char *code, int64_t now_ms,
                       char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1]);

/* Passes the second factor with a TOTP code (each step accepted once) or an
 * unused recovery code. */
int two_factor_verify(store *s, const session_info *who, const char *code,
                      const char *recovery_code, int64_t now_ms);

#endif
