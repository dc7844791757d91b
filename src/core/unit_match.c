/* See unit_match.h. */
#include "core/unit_match.h"

#include "core/fold.h"

#include <ctype.h>
#include <string.h>

enum { MAX_WORDS = 24, WORD_MAX = 24, TEXT_MAX = 512 };

typedef struct {
    char w[MAX_WORDS][WORD_MAX];
    int n;
} words;

static void split(const char *text, words *out)
{
    char folded[TEXT_MAX];
    text_fold(text ? text : "", folded, sizeof folded);
    out->n = 0;
    for (const char *p = folded; *p && out->n < MAX_WORDS;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        size_t len = 0;
        while (p[len] && isalnum((unsigned char)p[len]))
            len++;
        if (len && len < WORD_MAX) {
            memcpy(out->w[out->n], p, len);
            out->w[out->n++][len] = '\0';
        }
        p += len;
    }
}

static void drop(words *w, int at)
{
    memmove(&w->w[at], &w->w[at + 1], (size_t)(w->n - at - 1) * WORD_MAX);
    w->n--;
}

/* Words [from, from+len) of the name whose initials are the typed word. */
static bool initials_of(const words *name, int from, int len, const char *typed)
{
    if ((int)strlen(typed) != len || from + len > name->n)
        return false;
    for (int i = 0; i < len; i++)
        if (name->w[from + i][0] != typed[i])
            return false;
    return true;
}

/* Typed words t[ti..] found in name from word ni on; covered counts the
 * name's words used. Backtracks over the choices (plain word or initials). */
static bool find(const words *t, int ti, const words *name, int ni, int covered, int *best)
{
    if (ti == t->n) {
        if (covered > *best)
            *best = covered;
        return covered >= 2 && 2 * covered >= name->n;
    }
    for (int at = ni; at < name->n; at++) {
        if (strcmp(t->w[ti], name->w[at]) == 0 && find(t, ti + 1, name, at + 1, covered + 1, best))
            return true;
        int len = (int)strlen(t->w[ti]);
        if (len >= 2 && initials_of(name, at, len, t->w[ti]) && find(t, ti + 1, name, at + len, covered + len, best))
            return true;
    }
    return false;
}

bool unit_name_matches(const char *typed, const char *unit_name)
{
    words t, name;
    split(typed, &t);
    split(unit_name, &name);
    while (t.n > 0 && strcmp(t.w[0], "phong") == 0)
        drop(&t, 0);
    if (t.n > 0 && strcmp(t.w[t.n - 1], "xa") == 0)
        drop(&t, t.n - 1);
    for (int i = name.n - 1; i >= 0; i--)
        if (strcmp(name.w[i], "va") == 0)
            drop(&name, i);
    if (name.n > 0 && strcmp(name.w[0], "phong") == 0)
        drop(&name, 0);
    if (name.n > 0 && strcmp(name.w[name.n - 1], "xa") == 0)
        drop(&name, name.n - 1);
    int best = 0;
    return t.n > 0 && find(&t, 0, &name, 0, 0, &best);
}
