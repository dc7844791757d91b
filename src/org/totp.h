/* Time-based one-time passwords, RFC 6238 with its defaults (HMAC-SHA1,
 * 30-second steps, 6 digits) — what authenticator apps implement. */
#ifndef XASO_ORG_TOTP_H
#define XASO_ORG_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { TOTP_STEP_S = 30, TOTP_DIGITS = 6, TOTP_SECRET_BYTES = 20 };

/* The code for the step containing unix_s, with `digits` digits (RFC 4226 §5.3). */
uint32_t totp_code(const unsigned char *secret, size_t len, int64_t unix_s, int digits);

/* Accepts a 6-digit code for the current step or one step either side
 * (clock drift). On success writes the matched step, so a caller can refuse
 * the same step twice. */
bool totp_verify(const unsigned char *secret, size_t len, const char *code, int64_t unix_s,
                 int64_t *matched_step);

/* otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
 * (issuer and account percent-encoded). Returns the length written, or -1 if out is too small. */
int totp_uri(const char *issuer, const char *account, const unsigned char *secret, size_t len,
             char *out, size_t outlen);

#endif
