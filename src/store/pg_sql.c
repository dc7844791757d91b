/* '?' → '$n': the only rewrite statements need to run on PostgreSQL. */
#include "store/pg_sql.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Index just past a quoted run starting at i (sql[i] is the quote); a doubled
 * quote stays inside. Unterminated runs end at len. */
static size_t skip_quoted(const char *sql, size_t len, size_t i)
{
    char q = sql[i++];
    while (i < len) {
        if (sql[i] == q) {
            if (i + 1 < len && sql[i + 1] == q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return len;
}

static size_t skip_line_comment(const char *sql, size_t len, size_t i)
{
    while (i < len && sql[i] != '\n')
        i++;
    return i;
}

static size_t skip_block_comment(const char *sql, size_t len, size_t i)
{
    for (i += 2; i + 1 < len; i++)
        if (sql[i] == '*' && sql[i + 1] == '/')
            return i + 2;
    return len;
}

/* $tag$ … $tag$ (tag may be empty). Returns i unchanged if sql[i] does not
 * open one ($1 is a parameter, not a quote). */
static size_t skip_dollar_quoted(const char *sql, size_t len, size_t i)
{
    size_t t = i + 1;
    while (t < len && (isalpha((unsigned char)sql[t]) || sql[t] == '_' ||
                       (t > i + 1 && isdigit((unsigned char)sql[t]))))
        t++;
    if (t >= len || sql[t] != '$')
        return i;
    size_t taglen = t + 1 - i;
    for (size_t k = t + 1; k + taglen <= len; k++)
        if (memcmp(sql + k, sql + i, taglen) == 0)
            return k + taglen;
    return len;
}

/* Where the run of SQL text that is not code ends, or i if sql[i] starts code. */
static size_t skip_non_code(const char *sql, size_t len, size_t i)
{
    char ch = sql[i];
    if (ch == '\'' || ch == '"')
        return skip_quoted(sql, len, i);
    if (ch == '-' && i + 1 < len && sql[i + 1] == '-')
        return skip_line_comment(sql, len, i);
    if (ch == '/' && i + 1 < len && sql[i + 1] == '*')
        return skip_block_comment(sql, len, i);
    if (ch == '$')
        return skip_dollar_quoted(sql, len, i);
    return i;
}

char *pg_sql_numbered(const char *sql, size_t len, int *nparams)
{
    /* Each one-byte '?' becomes at most "$" and 10 digits; ?NNN stays as long. */
    char *out = malloc(len * 11 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int n = 0;
    for (size_t i = 0; i < len;) {
        size_t end = skip_non_code(sql, len, i);
        if (end > i) {
            memcpy(out + o, sql + i, end - i);
            o += end - i;
            i = end;
        } else if (sql[i] == '?') {
            i++;
            /* ?NNN names its parameter; a bare ? is the one after the
             * highest so far (SQLite's rule). */
            long k = 0;
            size_t digits = 0;
            while (i < len && isdigit((unsigned char)sql[i]) && digits < 6) {
                k = k * 10 + (sql[i++] - '0');
                digits++;
            }
            int index = digits && k > 0 ? (int)k : n + 1;
            if (index > n)
                n = index;
            o += (size_t)sprintf(out + o, "$%d", index);
        } else {
            out[o++] = sql[i++];
        }
    }
    out[o] = '\0';
    *nparams = n;
    return out;
}
