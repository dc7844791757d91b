/* See multipart.h. */
#include "web/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *find(const char *hay, size_t hay_len, const char *needle, size_t needle_len)
{
    if (needle_len == 0 || hay_len < needle_len)
        return NULL;
    for (size_t i = 0; i + needle_len <= hay_len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, needle_len) == 0)
            return hay + i;
    return NULL;
}

bool multipart_boundary(const char *content_type, char *out, size_t cap)
{
    if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0)
        return false;
    const char *b = strcasestr(content_type, "boundary=");
    if (!b)
        return false;
    b += 9;
    bool quoted = *b == '"';
    b += quoted;
    size_t n = 0;
    while (b[n] && (quoted ? b[n] != '"' : (b[n] != ';' && b[n] != ' ' && b[n] != '\t')))
        n++;
    if (n == 0 || n > 70 || n + 1 > cap)
        return false;
    memcpy(out, b, n);
    out[n] = '\0';
    return true;
}

/* Copies a parameter of a Content-Disposition value ("name", "filename"). */
static bool disposition_param(const char *line, size_t len, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    for (size_t i = 0; i + klen + 2 <= len; i++) {
        if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
            strncasecmp(line + i, key, klen) == 0 && line[i + klen] == '=') {
            const char *v = line + i + klen + 1;
            size_t rest = len - (size_t)(v - line), n = 0;
            bool quoted = rest > 0 && *v == '"';
            v += quoted;
            rest -= quoted;
            while (n < rest && (quoted ? v[n] != '"' : v[n] != ';'))
                n++;
            if (n + 1 > cap)
                return false;
            memcpy(out, v, n);
            out[n] = '\0';
            return true;
        }
    }
    out[0] = '\0';
    return true;
}

/* Reads the part's header lines up to the blank line; returns where the
 * content starts, or NULL. */
static const char *read_headers(const char *p, const char *end, multipart_part *part)
{
    memset(part, 0, sizeof *part);
    for (int lines = 0; lines < 16; lines++) {
        const char *eol = find(p, (size_t)(end - p), "\r\n", 2);
        if (!eol)
            return NULL;
        size_t len = (size_t)(eol - p);
        if (len == 0)
            return eol + 2;
        if (len > 1024)
            return NULL;
        if (len > 20 && strncasecmp(p, "Content-Disposition:", 20) == 0) {
            if (!disposition_param(p + 20, len - 20, "name", part->name, sizeof part->name) ||
                !disposition_param(p + 20, len - 20, "filename", part->filename, sizeof part->filename))
                return NULL;
        } else if (len > 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
            const char *v = p + 13;
            size_t n = len - 13;
            while (n && *v == ' ') {
                v++;
                n--;
            }
            if (n + 1 > sizeof part->content_type)
                return NULL;
            memcpy(part->content_type, v, n);
            part->content_type[n] = '\0';
        }
        p = eol + 2;
    }
    return NULL;
}

int multipart_parse(const char *body, size_t len, const char *boundary, multipart_part *parts,
                    int max)
{
    char delimiter[80];
    int dlen = snprintf(delimiter, sizeof delimiter, "--%s", boundary);
    if (dlen <= 2 || (size_t)dlen >= sizeof delimiter)
        return -1;
    const char *end = body + len;
    const char *p = find(body, len, delimiter, (size_t)dlen);
    if (!p)
        return -1;
    int n = 0;
    for (;;) {
        p += dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return n; /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n' || n >= max)
            return -1;
        multipart_part *part = &parts[n];
        const char *content = read_headers(p + 2, end, part);
        if (!content || !part->name[0])
            return -1;
        /* The content runs to CRLF + the next delimiter. */
        char next[84];
        int nlen = snprintf(next, sizeof next, "\r\n%s", delimiter);
        const char *stop = find(content, (size_t)(end - content), next, (size_t)nlen);
        if (!stop)
            return -1;
        part->data = content;
        part->len = (size_t)(stop - content);
        n++;
        p = stop + 2;
    }
}
