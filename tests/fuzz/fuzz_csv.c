/* The CSV reader on arbitrary bytes: it must end, never read past the input,
 * and whatever it reads must write back to CSV that reads the same. */
#include "core/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FIELDS = 32 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csv_reader r;
    csv_reader_init(&r, (const char *)data, size);
    arena a;
    arena_init(&a, 0);
    char *fields[MAX_FIELDS];
    int n;
    while ((n = csv_read_record(&r, &a, fields, MAX_FIELDS)) > 0) {
        size_t cap = 64;
        for (int i = 0; i < n; i++)
            cap += 2 * strlen(fields[i]) + 3;
        char *line = malloc(cap);
        /* A leading blank line, so a field that starts with a byte-order
         * mark is not taken for the file's own. */
        line[0] = '\n';
        line[1] = '\0';
        size_t len = 1;
        for (int i = 0; i < n; i++)
            if (!csv_append_field(line, cap, &len, fields[i], i == 0))
                abort();
        csv_reader again;
        csv_reader_init(&again, line, len);
        char *back[MAX_FIELDS];
        /* A lone empty field writes as an empty line, which reads as none. */
        int m = csv_read_record(&again, &a, back, MAX_FIELDS);
        if (!(n == 1 && fields[0][0] == '\0' && m == CSV_END)) {
            if (m != n)
                abort();
            for (int i = 0; i < n; i++)
                if (strcmp(back[i], fields[i]) != 0)
                    abort();
        }
        free(line);
    }
    arena_free(&a);
    return 0;
}
