/* The '?' → '$n' rewrite over any bytes: no crash, no overrun, and no more
 * parameters than the '?' marks can name. */
#include "store/pg_sql.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *sql = malloc(size + 1);
    if (!sql)
        return 0;
    memcpy(sql, data, size);
    sql[size] = '\0';
    size_t len = strlen(sql);
    int n = 0;
    char *out = pg_sql_numbered(sql, len, &n);
    if (out) {
        size_t marks = 0;
        for (size_t i = 0; i < len; i++)
            marks += sql[i] == '?';
        /* ?NNN names at most 999999; each bare ? adds one past the highest. */
        if (n < 0 || (marks == 0 && n != 0) || (size_t)n > 999999 + marks)
            abort();
        free(out);
    }
    free(sql);
    return 0;
}
