/* A4 papers with Vietnamese text (libhpdf with an embedded Liberation Sans
 * TTF, UTF-8). Not DejaVu: libhpdf's font subsetting drops the components of
 * nested composite glyphs, which is how DejaVu builds letters with two marks
 * (ồ, ế, ễ), so they printed without their marks; Liberation Sans's survive.
 * The blocks are those an official form is made of — the two-column heading
 * with the Quốc hiệu, a title, paragraphs, signature columns, a QR code.
 * Layout is top to bottom; a block that does not fit starts a new page. */
#ifndef XASO_MEDIA_PDF_H
#define XASO_MEDIA_PDF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pdf_doc pdf_doc;

/* The font folder: $XASO_FONT_DIR, else Debian's fonts-liberation2 folder. */
pdf_doc *pdf_new(char *err, size_t errlen);
void pdf_free(pdf_doc *d);

/* Left: the issuing body (two lines, the second bold); right: the Quốc hiệu,
 * the motto, and "place, ngày .. tháng .. năm ..". */
void pdf_heading(pdf_doc *d, const char *authority, const char *unit, const char *place_date);
void pdf_title(pdf_doc *d, const char *title, const char *subtitle);
/* A wrapped paragraph; size 0 means the body size. */
void pdf_paragraph(pdf_doc *d, const char *text, bool bold, float size);
/* Signature columns: a bold title over a name, side by side. */
void pdf_signatures(pdf_doc *d, const char *const *titles, const char *const *names, int count);
/* A QR code (libqrencode) drawn as vector squares, with a caption. */
void pdf_qr(pdf_doc *d, const char *payload, const char *caption);

/* Turns the current page, and every page after it, to A4 landscape; call it
 * before anything is drawn (registers are wide). */
void pdf_landscape(pdf_doc *d);

/* A ruled table: a bold header row, repeated at the top of each new page,
 * then rows of cells (row-major, nrows × ncols) that wrap within their
 * column. Shares are the columns' parts of the text width; size 0 is 9.5. */
typedef struct pdf_column {
    const char *title;
    float share;
} pdf_column;
void pdf_table(pdf_doc *d, const pdf_column *cols, int ncols, const char *const *cells, int nrows,
               float size);

/* The PDF bytes (malloc'd, the caller frees), or NULL when anything failed. */
void *pdf_finish(pdf_doc *d, size_t *len);

#endif
