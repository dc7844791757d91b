/* CSV as RFC 4180 writes it, and as spreadsheets save it: fields separated
 * by commas, quoted with '"' when they hold a comma, quote or line break
 * (a quote inside doubled), records ending in CRLF or LF, an optional UTF-8
 * byte-order mark at the start. */
#ifndef XASO_CORE_CSV_H
#define XASO_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

typedef struct csv_reader {
    const char *p, *end;
    int line;          /* line where the record just read starts, from 1 */
    int at_line;       /* line of p */
} csv_reader;

void csv_reader_init(csv_reader *r, const char *text, size_t len);

enum { CSV_END = 0, CSV_ERROR = -1 };

/* Reads the next record: up to max fields, NUL-terminated copies in a.
 * Returns the number of fields (more than max is an error), CSV_END after
 * the last record, or CSV_ERROR for an unterminated or misplaced quote or
 * a NUL byte. Blank lines are skipped. */
int csv_read_record(csv_reader *r, arena *a, char **fields, int max);

/* Appends one field to out (quoted when needed), with a comma before it
 * unless first. Returns false when out is full. */
bool csv_append_field(char *out, size_t cap, size_t *len, const char *field, bool first);

#endif
