/* The multipart parser on arbitrary bodies: parts stay inside the body and
 * names are terminated. */
#include "web/multipart.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    multipart_part parts[8];
    const char *body = (const char *)data;
    int n = multipart_parse(body, size, "B0undary", parts, 8);
    for (int i = 0; i < n; i++) {
        if (parts[i].data < body || parts[i].data + parts[i].len > body + size)
            abort();
        if (strlen(parts[i].name) >= sizeof parts[i].name || !parts[i].name[0])
            abort();
    }
    char boundary[80];
    char header[256];
    size_t h = size < sizeof header - 1 ? size : sizeof header - 1;
    memcpy(header, data, h);
    header[h] = '\0';
    if (multipart_boundary(header, boundary, sizeof boundary) && strlen(boundary) == 0)
        abort();
    return 0;
}
