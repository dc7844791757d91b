#include "web/router.h"

#include <stdlib.h>
#include <string.h>

typedef struct route {
    char method[8];
    char *pattern;
    int nseg;
    char *seg[ROUTER_MAX_SEGMENTS];   /* point into pattern_copy */
    bool is_param[ROUTER_MAX_SEGMENTS];
    char *pattern_copy;
} route;

struct router {
    route *routes;
    int count, cap;
};

router *router_new(void) { return calloc(1, sizeof(router)); }

void router_free(router *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->count; i++) {
        free(r->routes[i].pattern);
        free(r->routes[i].pattern_copy);
    }
    free(r->routes);
    free(r);
}

int router_count(const router *r) { return r->count; }
const char *router_pattern(const router *r, int i) { return r->routes[i].pattern; }
const char *router_method(const router *r, int i) { return r->routes[i].method; }

/* Splits "/a/b" in place into segments; "/" has zero segments. */
static int split(char *path, char **seg)
{
    if (path[0] != '/')
        return -1;
    int n = 0;
    char *p = path + 1;
    if (*p == '\0')
        return 0;
    for (;;) {
        if (n == ROUTER_MAX_SEGMENTS)
            return -1;
        seg[n++] = p;
        char *slash = strchr(p, '/');
        if (!slash)
            break;
        *slash = '\0';
        p = slash + 1;
    }
    for (int i = 0; i < n; i++)
        if (seg[i][0] == '\0')
            return -1; /* empty segment: "//" or a trailing slash */
    return n;
}

static bool same_shape(const route *a, const route *b)
{
    if (a->nseg != b->nseg)
        return false;
    for (int i = 0; i < a->nseg; i++) {
        if (a->is_param[i] != b->is_param[i])
            return false;
        if (!a->is_param[i] && strcmp(a->seg[i], b->seg[i]) != 0)
            return false;
    }
    return true;
}

int router_add(router *r, const char *method, const char *pattern)
{
    if (strlen(method) >= sizeof(((route *)0)->method))
        return -1;
    route rt = {0};
    strcpy(rt.method, method);
    rt.pattern = strdup(pattern);
    rt.pattern_copy = strdup(pattern);
    if (!rt.pattern || !rt.pattern_copy)
        goto bad;
    rt.nseg = split(rt.pattern_copy, rt.seg);
    if (rt.nseg < 0)
        goto bad;
    int nparams = 0;
    for (int i = 0; i < rt.nseg; i++) {
        size_t len = strlen(rt.seg[i]);
        if (rt.seg[i][0] == '{') {
            if (len < 3 || rt.seg[i][len - 1] != '}' || ++nparams > ROUTER_MAX_PARAMS)
                goto bad;
            rt.seg[i][len - 1] = '\0';
            rt.seg[i]++;
            rt.is_param[i] = true;
        }
    }
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->routes[i].method, method) == 0 && same_shape(&r->routes[i], &rt))
            goto bad;
    if (r->count == r->cap) {
        int cap = r->cap ? r->cap * 2 : 32;
        route *grown = realloc(r->routes, (size_t)cap * sizeof *grown);
        if (!grown)
            goto bad;
        r->routes = grown;
        r->cap = cap;
    }
    r->routes[r->count] = rt;
    return r->count++;
bad:
    free(rt.pattern);
    free(rt.pattern_copy);
    return -1;
}

/* 0 no match, 1 match with params, 2 match on literals only (more specific). */
static int score(const route *rt, char **seg, int nseg)
{
    if (rt->nseg != nseg)
        return 0;
    int literal = 0;
    for (int i = 0; i < nseg; i++) {
        if (rt->is_param[i])
            continue;
        if (strcmp(rt->seg[i], seg[i]) != 0)
            return 0;
        literal++;
    }
    return 1 + literal;
}

void router_match_path(const router *r, const char *method, const char *path, char *buf,
                       router_match *m, char *allow, size_t allowlen)
{
    memset(m, 0, sizeof *m);
    m->route = -1;
    if (allowlen)
        allow[0] = '\0';
    strcpy(buf, path);
    char *seg[ROUTER_MAX_SEGMENTS];
    int nseg = split(buf, seg);
    if (nseg < 0)
        return;
    for (int i = 0; i < nseg; i++)
        if (strcmp(seg[i], "..") == 0 || strcmp(seg[i], ".") == 0)
            return;
    int best = -1, best_score = 0;
    for (int i = 0; i < r->count; i++) {
        int sc = score(&r->routes[i], seg, nseg);
        if (!sc)
            continue;
        m->path_known = true;
        size_t used = strlen(allow);
        if (allowlen && !strstr(allow, r->routes[i].method) &&
            used + strlen(r->routes[i].method) + 3 < allowlen) {
            if (used)
                strcat(allow, ", ");
            strcat(allow, r->routes[i].method);
        }
        bool method_ok = strcmp(r->routes[i].method, method) == 0 ||
                         (strcmp(method, "HEAD") == 0 && strcmp(r->routes[i].method, "GET") == 0);
        if (method_ok && sc > best_score) {
            best = i;
            best_score = sc;
        }
    }
    if (best < 0)
        return;
    const route *rt = &r->routes[best];
    for (int i = 0; i < nseg; i++) {
        if (!rt->is_param[i])
            continue;
        m->param_names[m->nparams] = rt->seg[i];
        m->param_values[m->nparams++] = seg[i];
    }
    m->route = best;
}
