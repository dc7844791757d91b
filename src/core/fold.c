/* See fold.h. The Vietnamese letters live in three Unicode blocks:
 * Latin-1 (à á â ã è é ê ì í ò ó ô õ ù ú ý), Latin Extended-A/B (ă đ ĩ ũ ơ ư)
 * and Latin Extended Additional, U+1EA0..U+1EF9, where each vowel's toned
 * forms come in upper/lower pairs in a fixed order. */
#include "core/fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Base letters of U+00C0..U+00FF (upper and lower share a row), 0 for none. */
static const char LATIN1[64] = {
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* C0 */
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   0,   /* D0 */
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* E0 */
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y', /* F0 */
};

/* U+1EA0..U+1EF9 in pairs: how many pairs each base letter has, in order. */
static const struct {
    char base;
    int pairs;
} EXTENDED_ADDITIONAL[] = {{'a', 12}, {'e', 8}, {'i', 2}, {'o', 12}, {'u', 7}, {'y', 4}};

static char extended_additional_base(uint32_t cp)
{
    int pair = (int)(cp - 0x1EA0) / 2;
    for (size_t i = 0; i < sizeof EXTENDED_ADDITIONAL / sizeof EXTENDED_ADDITIONAL[0]; i++) {
        if (pair < EXTENDED_ADDITIONAL[i].pairs)
            return EXTENDED_ADDITIONAL[i].base;
        pair -= EXTENDED_ADDITIONAL[i].pairs;
    }
    return 0;
}

/* The base letter of a code point, 0 when it is not a letter this folds,
 * or -1 for a combining mark (dropped: NFD input). */
static int base_letter(uint32_t cp)
{
    if (cp >= 0xC0 && cp <= 0xFF)
        return LATIN1[cp - 0xC0];
    switch (cp) {
    case 0x102: case 0x103: return 'a'; /* Ă ă */
    case 0x110: case 0x111: return 'd'; /* Đ đ */
    case 0x128: case 0x129: return 'i'; /* Ĩ ĩ */
    case 0x168: case 0x169: return 'u'; /* Ũ ũ */
    case 0x1A0: case 0x1A1: return 'o'; /* Ơ ơ */
    case 0x1AF: case 0x1B0: return 'u'; /* Ư ư */
    default: break;
    }
    if (cp >= 0x1EA0 && cp <= 0x1EF9)
        return extended_additional_base(cp);
    if (cp >= 0x300 && cp <= 0x36F)
        return -1;
    return 0;
}

/* Decodes one UTF-8 sequence; returns its length, or 0 when invalid. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || s[0] > 0xF4)
        return 0;
    uint32_t v = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

typedef struct {
    char *out;
    size_t cap, len;
    bool pending_space;
} sink;

static void put(sink *k, const char *bytes, size_t n)
{
    if (k->pending_space && k->len > 0) {
        if (k->len + 1 < k->cap)
            k->out[k->len] = ' ';
        k->len++;
    }
    k->pending_space = false;
    for (size_t i = 0; i < n; i++, k->len++)
        if (k->len + 1 < k->cap)
            k->out[k->len] = bytes[i];
}

static char fold_ascii(char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    return c == 'y' ? 'i' : c;
}

size_t text_fold(const char *s, char *out, size_t cap)
{
    sink k = {out, cap, 0, false};
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t cp;
        size_t n = decode(p, &cp);
        if (n == 0) {
            put(&k, "?", 1);
            p++;
            continue;
        }
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
            k.pending_space = true;
        } else if (cp < 0x80) {
            char c = fold_ascii((char)cp);
            put(&k, &c, 1);
        } else {
            int base = base_letter(cp);
            if (base > 0) {
                char c = fold_ascii((char)base);
                put(&k, &c, 1);
            } else if (base == 0) {
                put(&k, (const char *)p, n);
            }
        }
        p += n;
    }
    if (cap > 0)
        out[k.len < cap ? k.len : cap - 1] = '\0';
    return k.len;
}
