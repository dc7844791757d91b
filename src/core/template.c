/* See template.h. */
#include "core/template.h"

#include <string.h>

typedef struct {
    char *buf;
    size_t len, cap;
    arena *a;
    bool failed;
} text_buf;

static void append(text_buf *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->cap ? t->cap : 64) * 2;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *bigger = arena_alloc(t->a, cap);
        if (!bigger) {
            t->failed = true;
            return;
        }
        if (t->len)
            memcpy(bigger, t->buf, t->len);
        t->buf = bigger;
        t->cap = cap;
    }
    if (n)
        memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static const char *lookup(const template_value *values, size_t count, const char *name, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(values[i].name) == n && strncmp(values[i].name, name, n) == 0)
            return values[i].value ? values[i].value : "";
    return NULL;
}

char *template_render(arena *a, const char *text, const template_value *values, size_t count,
                      const char **missing)
{
    text_buf t = {.a = a};
    if (missing)
        *missing = NULL;
    append(&t, "", 0);
    for (const char *p = text ? text : ""; *p;) {
        if (p[0] == '{' && p[1] == '{') {
            append(&t, "{", 1);
            p += 2;
            continue;
        }
        const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            size_t n = strcspn(p + 1, "{") + 1;
            append(&t, p, n);
            p += n;
            continue;
        }
        const char *value = lookup(values, count, p + 1, (size_t)(close - p - 1));
        if (!value && missing && !*missing)
            *missing = arena_strndup(a, p + 1, (size_t)(close - p - 1));
        if (value)
            append(&t, value, strlen(value));
        p = close + 1;
    }
    return t.failed ? NULL : t.buf;
}

bool template_check(const char *text, const char *const *names, size_t count, const char **unknown,
                    arena *a)
{
    *unknown = NULL;
    for (const char *p = text ? text : ""; (p = strchr(p, '{'));) {
        if (p[1] == '{') {
            p += 2;
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) {
            *unknown = "{";
            return false;
        }
        bool known = false;
        size_t n = (size_t)(close - p - 1);
        for (size_t i = 0; i < count && !known; i++)
            known = strlen(names[i]) == n && strncmp(names[i], p + 1, n) == 0;
        if (!known) {
            *unknown = arena_strndup(a, p + 1, n);
            return false;
        }
        p = close + 1;
    }
    return true;
}
