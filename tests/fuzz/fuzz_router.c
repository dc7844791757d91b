/* The router's path matcher against arbitrary methods and paths, and its
 * pattern parser against arbitrary patterns. */
#include "web/router.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const patterns[] = {
    "/healthz", "/metrics", "/api/v1/units", "/api/v1/units/{id}", "/api/v1/units/new",
    "/api/v1/units/{id}/children", "/api/v1/dossiers/{code}", "/api/v1/dossiers/{code}/events/{n}",
    "/api/v1/procedures/{code}/steps/{step}/actions/{action}", "/a/{b}/c/{d}/e/{f}/g/{h}",
};
static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", ""};

static router *shared_router(void)
{
    static router *r;
    if (!r) {
        r = router_new();
        for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
            router_add(r, "GET", patterns[i]);
            router_add(r, "POST", patterns[i]);
        }
    }
    return r;
}

static void check_pattern(const uint8_t *data, size_t size)
{
    char *pattern = strndup((const char *)data, size);
    router *r = router_new();
    int idx = router_add(r, "GET", pattern);
    if (idx >= 0) {
        /* A pattern that was accepted matches itself. */
        char *buf = malloc(strlen(pattern) + 1), allow[64];
        router_match m;
        router_match_path(r, "GET", pattern, buf, &m, allow, sizeof allow);
        if (strchr(pattern, '{') == NULL && strstr(pattern, "/.") == NULL && m.route != idx)
            abort();
        free(buf);
    }
    router_free(r);
    free(pattern);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] == 0xFF) {
        check_pattern(data + 1, size - 1);
        return 0;
    }
    const char *method = methods[data[0] % (sizeof methods / sizeof methods[0])];
    char *path = strndup((const char *)data + 1, size - 1);
    char *buf = malloc(strlen(path) + 1), allow[128];
    router *r = shared_router();
    router_match m;
    router_match_path(r, method, path, buf, &m, allow, sizeof allow);
    if (m.route < -1 || m.route >= router_count(r) || m.nparams > ROUTER_MAX_PARAMS)
        abort();
    if (m.route >= 0 && !m.path_known)
        abort();
    for (int i = 0; i < m.nparams; i++)
        if (!m.param_values[i][0] || strchr(m.param_values[i], '/'))
            abort();
    free(buf);
    free(path);
    return 0;
}
