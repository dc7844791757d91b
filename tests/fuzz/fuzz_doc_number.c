/* Số và ký hiệu from any bytes: no crash, and whatever is read writes back
 * in the decree's form, which reads again as the same notation. */
#include "core/doc_number.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    doc_notation x, y;
    if (doc_notation_parse((const char *)data, size, &x) != DOC_NOTATION_OK)
        return 0;
    char text[DOC_NOTATION_TEXT_MAX];
    int n = doc_notation_format(&x, text, sizeof text);
    if (n < 0 || doc_notation_parse(text, (size_t)n, &y) != DOC_NOTATION_OK)
        abort();
    if (x.number != y.number || x.type != y.type || x.copy != y.copy || x.groups != y.groups)
        abort();
    for (int i = 0; i < x.groups; i++)
        if (strcmp(x.group[i], y.group[i]) != 0)
            abort();
    return 0;
}
