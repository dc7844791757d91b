#include "org/totp.h"

#include "core/base32.h"

#include <nettle/hmac.h>
#include <stdio.h>
#include <string.h>

uint32_t totp_code(const unsigned char *secret, size_t len, int64_t unix_s, int digits)
{
    uint64_t step = (uint64_t)(unix_s / TOTP_STEP_S);
    unsigned char msg[8];
    for (int i = 7; i >= 0; i--, step >>= 8)
        msg[i] = (unsigned char)(step & 0xff);
    struct hmac_sha1_ctx ctx;
    unsigned char mac[SHA1_DIGEST_SIZE];
    hmac_sha1_set_key(&ctx, len, secret);
    hmac_sha1_update(&ctx, sizeof msg, msg);
    hmac_sha1_digest(&ctx, sizeof mac, mac);
    /* Dynamic truncation, RFC 4226 §5.3. */
    int offset = mac[SHA1_DIGEST_SIZE - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(mac[offset] & 0x7f) << 24) | ((uint32_t)mac[offset + 1] << 16) |
                   ((uint32_t)mac[offset + 2] << 8) | mac[offset + 3];
    uint32_t mod = 1;
    for (int i = 0; i < digits; i++)
        mod *= 10;
    return bin % mod;
}

bool totp_verify(const unsigned char *secret, size_t len, const char *code, int64_t unix_s,
                 int64_t *matched_step)
{
    if (!code || strlen(code) != TOTP_DIGITS)
        return false;
    uint32_t want = 0;
    for (const char *p = code; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        want = want * 10 + (uint32_t)(*p - '0');
    }
    bool ok = false;
    /* Check all three steps whatever matches, so timing says nothing. */
    for (int d = -1; d <= 1; d++) {
        int64_t t = unix_s + d * TOTP_STEP_S;
        if (totp_code(secret, len, t, TOTP_DIGITS) == want && !ok) {
            ok = true;
            if (matched_step)
                *matched_step = t / TOTP_STEP_S;
        }
    }
    return ok;
}

static int percent_encode(const char *s, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_';
        if (o + (plain ? 1 : 3) >= cap)
            return -1;
        if (plain) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
    return (int)o;
}

int totp_uri(const char *issuer, const char *account, const unsigned char *secret, size_t len,
             char *out, size_t outlen)
{
    char is[256], ac[256], b32[128];
    if (percent_encode(issuer, is, sizeof is) < 0 || percent_encode(account, ac, sizeof ac) < 0 ||
        base32_encoded_len(len) >= sizeof b32)
        return -1;
    base32_encode(secret, len, b32);
    int n = snprintf(out, outlen,
                     "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d",
                     is, ac, b32, is, TOTP_DIGITS, TOTP_STEP_S);
    return n > 0 && (size_t)n < outlen ? n : -1;
}
