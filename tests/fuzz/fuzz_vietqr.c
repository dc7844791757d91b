/* The VietQR reader on arbitrary text, and every payload the builder makes
 * from arbitrary fields reads back as valid. */
#include "core/vietqr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[512];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    (void)vietqr_valid(text);
    /* Fields: split the text at the first two '|'. */
    char *account = strchr(text, '|'), *reference = account ? strchr(account + 1, '|') : NULL;
    if (!account || !reference)
        return 0;
    *account++ = '\0';
    *reference++ = '\0';
    char qr[VIETQR_MAX];
    if (vietqr_payload(text, account, (int64_t)n * 1000, reference, qr) && !vietqr_valid(qr))
        abort();
    return 0;
}
