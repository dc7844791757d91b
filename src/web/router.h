/* Route table and path matching. Pure: no HTTP library, no I/O, so it is unit
 * tested and fuzzed directly.
 *
 * Patterns are absolute paths whose segments are literals or {name} parameters:
 * "/api/v1/units/{id}". A literal segment beats a parameter at the same place. */
#ifndef XASO_WEB_ROUTER_H
#define XASO_WEB_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

enum { ROUTER_MAX_SEGMENTS = 16, ROUTER_MAX_PARAMS = 8 };

typedef struct router router;

typedef struct router_match {
    int route;                        /* index given to router_add, or -1 */
    bool path_known;                  /* some route has this path (405 if route == -1) */
    int nparams;
    const char *param_names[ROUTER_MAX_PARAMS];
    /* Values point into a copy held by the caller's buffer. */
    const char *param_values[ROUTER_MAX_PARAMS];
} router_match;

router *router_new(void);
void router_free(router *r);

/* Returns the route's index, or -1 on a malformed pattern or a duplicate. */
int router_add(router *r, const char *method, const char *pattern);
int router_count(const router *r);
const char *router_pattern(const router *r, int route);
const char *router_method(const router *r, int route);

/* Matches method and path (no query string). buf receives the split path and
 * must hold strlen(path)+1 bytes; match params point into it. The path is
 * already percent-decoded (by the HTTP library); a path with "." or ".." or an
 * empty segment does not match. Writes the methods allowed for the path to allow (for 405). */
void router_match_path(const router *r, const char *method, const char *path, char *buf,
                       router_match *m, char *allow, size_t allowlen);

#endif
