/* See vietqr.h. */
#include "core/vietqr.h"

#include <stdio.h>
#include <string.h>

uint16_t vietqr_crc16(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint16_t crc = 0xFFFF;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint16_t)(p[i] << 8);
        for (int bit = 0; bit < 8; bit++)
            crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

/* Appends ID, length, value; false when it would not fit or is too long. */
static bool tlv(char *out, size_t cap, size_t *len, const char *id, const char *value)
{
    size_t n = strlen(value);
    if (n > 99 || *len + 4 + n + 1 > cap)
        return false;
    *len += (size_t)snprintf(out + *len, cap - *len, "%s%02u%s", id, (unsigned)n, value);
    return true;
}

static bool all_of(const char *s, size_t min, size_t max, const char *allowed_punct, bool letters)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (; *s; s++) {
        bool ok = (*s >= '0' && *s <= '9') ||
                  (letters && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))) ||
                  (allowed_punct && *s && strchr(allowed_punct, *s));
        if (!ok)
            return false;
    }
    return true;
}

bool vietqr_payload(const char *bank_bin, const char *account, int64_t amount,
                    const char *reference, char out[VIETQR_MAX])
{
    if (!bank_bin || !all_of(bank_bin, 6, 6, NULL, false) || !account ||
        !all_of(account, 1, 19, NULL, true) || amount < 0 || amount > 9999999999999LL ||
        (reference && !all_of(reference, 0, VIETQR_REFERENCE_MAX, " .-_", true)))
        return false;
    char beneficiary[64], merchant[128], extra[40], money[24];
    size_t b = 0, m = 0, e = 0, len = 0;
    bool ok = tlv(beneficiary, sizeof beneficiary, &b, "00", bank_bin) &&
              tlv(beneficiary, sizeof beneficiary, &b, "01", account) &&
              tlv(merchant, sizeof merchant, &m, "00", "A000000727") &&
              tlv(merchant, sizeof merchant, &m, "01", beneficiary) &&
              tlv(merchant, sizeof merchant, &m, "02", "QRIBFTTA");
    snprintf(money, sizeof money, "%lld", (long long)amount);
    ok = ok && tlv(out, VIETQR_MAX, &len, "00", "01") &&
         tlv(out, VIETQR_MAX, &len, "01", amount ? "12" : "11") &&
         tlv(out, VIETQR_MAX, &len, "38", merchant) && tlv(out, VIETQR_MAX, &len, "53", "704") &&
         (!amount || tlv(out, VIETQR_MAX, &len, "54", money)) &&
         tlv(out, VIETQR_MAX, &len, "58", "VN");
    if (ok && reference && *reference)
        ok = tlv(extra, sizeof extra, &e, "08", reference) && tlv(out, VIETQR_MAX, &len, "62", extra);
    if (!ok || len + 9 > VIETQR_MAX)
        return false;
    memcpy(out + len, "6304", 5);
    len += 4;
    snprintf(out + len, VIETQR_MAX - len, "%04X", (unsigned)vietqr_crc16(out, len));
    return true;
}

/* Bytes taken by `chars` UTF-8 characters from s[i]; EMV lengths count
 * characters. 0 when the text ends first. */
static size_t char_bytes(const char *s, size_t i, size_t n, size_t chars)
{
    size_t start = i;
    while (chars-- > 0) {
        if (i >= n)
            return 0;
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i - start;
}

bool vietqr_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0, i = 0;
    while (i + 4 <= n) {
        if (s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9' || s[i + 2] < '0' ||
            s[i + 2] > '9' || s[i + 3] < '0' || s[i + 3] > '9')
            return false;
        size_t len = (size_t)((s[i + 2] - '0') * 10 + (s[i + 3] - '0'));
        size_t bytes = char_bytes(s, i + 4, n, len);
        if (len && !bytes)
            return false;
        if (s[i] == '6' && s[i + 1] == '3') {
            if (len != 4 || i + 8 != n)
                return false;
            char crc[5];
            snprintf(crc, sizeof crc, "%04X", (unsigned)vietqr_crc16(s, i + 4));
            return memcmp(crc, s + i + 4, 4) == 0;
        }
        i += 4 + bytes;
    }
    return false;
}
