/* See csv.h. */
#include "core/csv.h"

#include <string.h>

void csv_reader_init(csv_reader *r, const char *text, size_t len)
{
    r->p = text;
    r->end = text + len;
    r->line = 0;
    r->at_line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
}

static bool at_line_end(const csv_reader *r)
{
    return r->p < r->end && (*r->p == '\n' || *r->p == '\r');
}

static void skip_line_end(csv_reader *r)
{
    if (r->p < r->end && *r->p == '\r')
        r->p++;
    if (r->p < r->end && *r->p == '\n') {
        r->p++;
        r->at_line++;
    }
}

/* One field starting at r->p; leaves r->p on the separator or line end. */
static char *read_field(csv_reader *r, arena *a)
{
    if (r->p < r->end && *r->p == '"') {
        r->p++;
        size_t cap = 64, n = 0;
        char *buf = arena_alloc(a, cap);
        for (;;) {
            if (r->p >= r->end || !buf)
                return NULL; /* unterminated */
            char ch = *r->p++;
            if (ch == '\0')
                return NULL;
            if (ch == '"') {
                if (r->p < r->end && *r->p == '"') {
                    r->p++;
                } else {
                    if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
                        return NULL; /* text after the closing quote */
                    buf[n] = '\0';
                    return buf;
                }
            }
            if (ch == '\n')
                r->at_line++;
            if (n + 2 > cap) {
                char *bigger = arena_alloc(a, cap * 2);
                if (!bigger)
                    return NULL;
                memcpy(bigger, buf, n);
                buf = bigger;
                cap *= 2;
            }
            buf[n++] = ch;
        }
    }
    const char *start = r->p;
    while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
        if (*r->p == '"' || *r->p == '\0')
            return NULL; /* a quote inside an unquoted field */
        r->p++;
    }
    return arena_strndup(a, start, (size_t)(r->p - start));
}

int csv_read_record(csv_reader *r, arena *a, char **fields, int max)
{
    while (at_line_end(r)) {
        r->at_line += *r->p == '\n';
        r->p++;
    }
    if (r->p >= r->end)
        return CSV_END;
    r->line = r->at_line;
    int n = 0;
    for (;;) {
        char *field = read_field(r, a);
        if (!field || n >= max)
            return CSV_ERROR;
        fields[n++] = field;
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        skip_line_end(r);
        return n;
    }
}

bool csv_append_field(char *out, size_t cap, size_t *len, const char *field, bool first)
{
    bool quote = strpbrk(field, ",\"\r\n") != NULL;
    size_t need = (first ? 0 : 1) + strlen(field) + (quote ? 2 : 0);
    for (const char *p = field; quote && *p; p++)
        need += *p == '"';
    if (*len + need + 1 > cap)
        return false;
    char *o = out + *len;
    if (!first)
        *o++ = ',';
    if (quote)
        *o++ = '"';
    for (const char *p = field; *p; p++) {
        if (*p == '"' && quote)
            *o++ = '"';
        *o++ = *p;
    }
    if (quote)
        *o++ = '"';
    *o = '\0';
    *len = (size_t)(o - out);
    return true;
}
