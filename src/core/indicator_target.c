/* See indicator_target.h. */
#include "core/indicator_target.h"

#include "core/fold.h"

#include <stdlib.h>
#include <string.h>

/* A number at p (digits, one ',' or '.' as the decimal mark), after spaces. */
static bool number_at(const char *p, double *value, const char **after)
{
    while (*p == ' ')
        p++;
    if (*p < '0' || *p > '9')
        return false;
    char buf[32];
    size_t n = 0;
    while (n < sizeof buf - 1 && ((*p >= '0' && *p <= '9') || ((*p == ',' || *p == '.') && p[1] >= '0' && p[1] <= '9')))
        buf[n++] = *p == ',' ? '.' : *p, p++;
    buf[n] = '\0';
    *value = strtod(buf, NULL);
    *after = p;
    return true;
}

static bool percent_after(const char *p)
{
    while (*p == ' ')
        p++;
    return *p == '%';
}

static const struct {
    const char *mark;
    target_comparator c;
} SIGNS[] = {{"\xe2\x89\xa5", TARGET_AT_LEAST}, {">=", TARGET_AT_LEAST}, {"\xe2\x89\xa4", TARGET_AT_MOST},
             {"<=", TARGET_AT_MOST}};

bool indicator_target_parse(const char *text, indicator_target *out)
{
    if (!text)
        return false;
    const char *after;
    double v;
    for (size_t i = 0; i < sizeof SIGNS / sizeof SIGNS[0]; i++) {
        const char *s = strstr(text, SIGNS[i].mark);
        if (s && number_at(s + strlen(SIGNS[i].mark), &v, &after)) {
            *out = (indicator_target){SIGNS[i].c, v, percent_after(after)};
            return true;
        }
    }
    /* A plain "=" (not the end of "<=" or ">="). */
    for (const char *s = strchr(text, '='); s; s = strchr(s + 1, '='))
        if ((s == text || (s[-1] != '<' && s[-1] != '>')) && number_at(s + 1, &v, &after)) {
            *out = (indicator_target){TARGET_EQUAL, v, percent_after(after)};
            return true;
        }
    /* Folded, "đạt 80%" is "dat 80%": the words keep their place. */
    char folded[1024];
    text_fold(text, folded, sizeof folded);
    static const struct {
        const char *word;
        target_comparator c;
    } words[] = {{"khong qua ", TARGET_AT_MOST}, {"toi da ", TARGET_AT_MOST}, {"duoi ", TARGET_AT_MOST},
                 {"dat ", TARGET_AT_LEAST},      {"den ", TARGET_AT_LEAST},   {"tren ", TARGET_AT_LEAST}};
    const char *first = NULL; /* the earliest word with a percentage wins */
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        for (const char *s = strstr(folded, words[i].word); s && (!first || s < first); s = strstr(s + 1, words[i].word)) {
            double w;
            if ((s == folded || s[-1] == ' ') && number_at(s + strlen(words[i].word), &w, &after) &&
                percent_after(after)) {
                first = s;
                *out = (indicator_target){words[i].c, w, true};
                break;
            }
        }
    if (first)
        return true;
    for (const char *p = folded; *p; p++)
        if (*p >= '0' && *p <= '9' && (p == folded || p[-1] < '0' || p[-1] > '9') && number_at(p, &v, &after) &&
            percent_after(after)) {
            *out = (indicator_target){TARGET_AT_LEAST, v, true};
            return true;
        }
    return false;
}

const char *indicator_comparator_sign(target_comparator c)
{
    return c == TARGET_AT_MOST ? "≤" : c == TARGET_EQUAL ? "=" : "≥";
}

bool indicator_target_met(const indicator_target *t, double actual)
{
    switch (t->comparator) {
    case TARGET_AT_MOST:
        return actual <= t->value;
    case TARGET_EQUAL:
        return actual == t->value;
    default:
        return actual >= t->value;
    }
}
