/* See budget_text.h. */
#include "core/budget_text.h"

#include <stdlib.h>
#include <string.h>

/* Whether every '.' in [s, end) starts a group of exactly three digits. */
static bool dots_group_thousands(const char *s, const char *end)
{
    for (const char *p = s; p < end; p++)
        if (*p == '.') {
            const char *q = p + 1;
            while (q < end && *q >= '0' && *q <= '9')
                q++;
            if (q - p - 1 != 3)
                return false;
        }
    return true;
}

bool budget_text_parse(const char *text, bool *has, double *million)
{
    *has = false;
    while (*text == ' ')
        text++;
    size_t len = strlen(text);
    while (len && text[len - 1] == ' ')
        len--;
    if (!len)
        return true;
    if (len > 24 || text[0] < '0' || text[0] > '9')
        return false;
    const char *end = text + len, *comma = NULL;
    int dots = 0;
    for (const char *p = text; p < end; p++) {
        if (*p == ',') {
            if (comma)
                return false;
            comma = p;
        } else if (*p == '.') {
            if (comma || p[1] < '0' || p[1] > '9')
                return false;
            dots++;
        } else if (*p < '0' || *p > '9') {
            return false;
        }
    }
    if (comma && (comma + 1 == end || (dots && !dots_group_thousands(text, comma))))
        return false;
    /* "0.125" is a fraction: no one groups the thousands of zero. */
    bool thousands = comma || dots > 1 || (dots_group_thousands(text, end) && !(text[0] == '0' && text[1] == '.'));
    if (dots > 1 && !dots_group_thousands(text, end))
        return false;
    char buf[32];
    size_t n = 0;
    for (const char *p = text; p < end; p++)
        if (*p == ',' || (*p == '.' && !thousands))
            buf[n++] = '.';
        else if (*p != '.')
            buf[n++] = *p;
    buf[n] = '\0';
    *has = true;
    *million = strtod(buf, NULL);
    return true;
}
