/* A table as an XLSX workbook (libxlsxwriter): a title and subtitle over a
 * bold, ruled header row that repeats on every printed page, then the rows,
 * wrapped; A4 landscape, fitted to the page width. Registers and exports use it. */
#ifndef XASO_MEDIA_SHEET_H
#define XASO_MEDIA_SHEET_H

#include <stddef.h>

typedef struct sheet_column {
    const char *title;
    double width; /* in characters */
} sheet_column;

/* The workbook's bytes (malloc'd, the caller frees), or NULL. libxlsxwriter
 * writes files, so it goes through a temporary file in tmp_dir that is
 * removed before returning, whatever happens. cells: nrows × ncols. */
void *sheet_xlsx(const char *tmp_dir, const char *sheet_name, const char *title, const char *subtitle,
                 const sheet_column *cols, int ncols, const char *const *cells, int nrows, size_t *len);

#endif
