/* The JSON request-body path: parsing with the server's flags, then what the
 * field readers do with strings, and a dump/parse round trip. */
#include "core/utf8.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void walk(json_t *v, int depth)
{
    if (depth > 4096)
        abort(); /* jansson caps nesting well below this */
    const char *key;
    json_t *child;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        json_object_foreach(v, key, child) walk(child, depth + 1);
        break;
    case JSON_ARRAY:
        json_array_foreach(v, i, child) walk(child, depth + 1);
        break;
    case JSON_STRING:
        if (strlen(json_string_value(v)) > json_string_length(v))
            abort();
        if (utf8_chars(json_string_value(v)) > json_string_length(v))
            abort();
        break;
    default:
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t err;
    json_t *v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
    if (!v)
        return 0;
    walk(v, 0);
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (text) {
        json_t *again = json_loads(text, JSON_DECODE_ANY, &err);
        if (!again || !json_equal(v, again))
            abort();
        json_decref(again);
        free(text);
    }
    json_decref(v);
    return 0;
}
