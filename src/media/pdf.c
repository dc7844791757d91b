/* See pdf.h. */
#include "media/pdf.h"

#include <hpdf.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LINE_MAX = 4096 };
static const float MARGIN = 56, BODY_SIZE = 12.5f, LEADING = 1.35f;

struct pdf_doc {
    HPDF_Doc pdf;
    HPDF_Page page;
    HPDF_Font regular, bold;
    float y;
    bool failed, landscape;
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    (void)error;
    (void)detail;
    ((pdf_doc *)user)->failed = true;
}

static HPDF_Font load_font(pdf_doc *d, const char *dir, const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    const char *name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
    return name ? HPDF_GetFont(d->pdf, name, "UTF-8") : NULL;
}

static void new_page(pdf_doc *d)
{
    d->page = HPDF_AddPage(d->pdf);
    HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, d->landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
    d->y = HPDF_Page_GetHeight(d->page) - MARGIN;
}

void pdf_landscape(pdf_doc *d)
{
    d->landscape = true;
    HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
    d->y = HPDF_Page_GetHeight(d->page) - MARGIN;
}

pdf_doc *pdf_new(char *err, size_t errlen)
{
    pdf_doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    const char *dir = getenv("XASO_FONT_DIR");
    if (!dir || !*dir)
        dir = "/usr/share/fonts/truetype/liberation2";
    d->pdf = HPDF_New(on_error, d);
    if (d->pdf) {
        HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
        HPDF_UseUTFEncodings(d->pdf);
        HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
        d->regular = load_font(d, dir, "LiberationSans-Regular.ttf");
        d->bold = load_font(d, dir, "LiberationSans-Bold.ttf");
    }
    if (!d->pdf || !d->regular || !d->bold || d->failed) {
        snprintf(err, errlen, "không nạp được phông chữ Liberation Sans trong %s (gói fonts-liberation2)", dir);
        pdf_free(d);
        return NULL;
    }
    new_page(d);
    return d;
}

void pdf_free(pdf_doc *d)
{
    if (!d)
        return;
    if (d->pdf)
        HPDF_Free(d->pdf);
    free(d);
}

static float page_width(pdf_doc *d) { return HPDF_Page_GetWidth(d->page); }

/* Makes room for `height` points, on a new page if needed. */
static void room(pdf_doc *d, float height)
{
    if (d->y - height < MARGIN)
        new_page(d);
}

static void emit(pdf_doc *d, const char *line, float x, float width, HPDF_Font font, float size,
                 int align)
{
    room(d, size * LEADING);
    HPDF_Page_SetFontAndSize(d->page, font, size);
    float w = HPDF_Page_TextWidth(d->page, line);
    float at = align == 1 ? x + (width - w) / 2 : align == 2 ? x + width - w : x;
    HPDF_Page_BeginText(d->page);
    HPDF_Page_SetFontAndSize(d->page, font, size);
    HPDF_Page_TextOut(d->page, at, d->y - size, line);
    HPDF_Page_EndText(d->page);
    d->y -= size * LEADING;
}

/* The bytes of the first line of `text` (at most n bytes) that fit `width`:
 * at a space when it can, else as many whole characters as fit, else one. */
static size_t line_fit(pdf_doc *d, char *buf, const char *text, size_t n, float width)
{
    memcpy(buf, text, n);
    buf[n] = '\0';
    size_t fit = HPDF_Page_MeasureText(d->page, buf, width, HPDF_TRUE, NULL);
    if (fit == 0)
        fit = HPDF_Page_MeasureText(d->page, buf, width, HPDF_FALSE, NULL);
    if (fit == 0 && n > 0) {
        fit = 1;
        while (fit < n && ((unsigned char)text[fit] & 0xC0) == 0x80)
            fit++;
    }
    return fit;
}

/* Breaks text into lines that fit width (a newline starts a new line) and
 * writes each at x, aligned 0 left, 1 centre, 2 right; or, when measuring,
 * only counts them. Returns the number of lines. */
static int lay_out(pdf_doc *d, const char *text, float x, float width, HPDF_Font font, float size, int align,
                   bool draw)
{
    char line[LINE_MAX];
    const char *p = text ? text : "";
    int lines = 0;
    HPDF_Page_SetFontAndSize(d->page, font, size);
    for (;;) {
        const char *eol = strchr(p, '\n');
        size_t para = eol ? (size_t)(eol - p) : strlen(p), done = 0;
        do {
            size_t take = para - done < LINE_MAX - 1 ? para - done : LINE_MAX - 1;
            size_t fit = line_fit(d, line, p + done, take, width);
            line[fit] = '\0';
            if (draw)
                emit(d, line, x, width, font, size, align);
            lines++;
            done += fit;
            while (done < para && p[done] == ' ')
                done++;
        } while (done < para);
        if (!eol)
            return lines;
        p = eol + 1;
    }
}

static void wrapped(pdf_doc *d, const char *text, float x, float width, HPDF_Font font, float size,
                    int align)
{
    lay_out(d, text, x, width, font, size, align, true);
}

void pdf_heading(pdf_doc *d, const char *authority, const char *unit, const char *place_date)
{
    float width = page_width(d) - 2 * MARGIN, left = width * 0.42f, top = d->y;
    wrapped(d, authority, MARGIN, left, d->regular, 11, 1);
    wrapped(d, unit, MARGIN, left, d->bold, 11, 1);
    float left_end = d->y;
    d->y = top;
    float right_x = MARGIN + left + 10, right_w = width - left - 10;
    wrapped(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right_x, right_w, d->bold, 11, 1);
    wrapped(d, "Độc lập - Tự do - Hạnh phúc", right_x, right_w, d->bold, 11.5f, 1);
    HPDF_Page_SetLineWidth(d->page, 0.6f);
    float line_w = 150;
    HPDF_Page_MoveTo(d->page, right_x + (right_w - line_w) / 2, d->y + 3);
    HPDF_Page_LineTo(d->page, right_x + (right_w + line_w) / 2, d->y + 3);
    HPDF_Page_Stroke(d->page);
    d->y -= 6;
    wrapped(d, place_date, right_x, right_w, d->regular, 11, 1);
    if (left_end < d->y)
        d->y = left_end;
    d->y -= 18;
}

void pdf_title(pdf_doc *d, const char *title, const char *subtitle)
{
    float width = page_width(d) - 2 * MARGIN;
    room(d, 60);
    wrapped(d, title, MARGIN, width, d->bold, 14, 1);
    if (subtitle && *subtitle)
        wrapped(d, subtitle, MARGIN, width, d->regular, 10, 1);
    d->y -= 10;
}

void pdf_paragraph(pdf_doc *d, const char *text, bool bold, float size)
{
    float s = size > 0 ? size : BODY_SIZE;
    wrapped(d, text, MARGIN, page_width(d) - 2 * MARGIN, bold ? d->bold : d->regular, s, 0);
    d->y -= s * 0.25f;
}

void pdf_signatures(pdf_doc *d, const char *const *titles, const char *const *names, int count)
{
    if (count < 1)
        return;
    float width = (page_width(d) - 2 * MARGIN) / (float)count;
    room(d, 110);
    float top = d->y - 10, lowest = top;
    for (int i = 0; i < count; i++) {
        d->y = top;
        wrapped(d, titles[i], MARGIN + width * (float)i, width, d->bold, 11.5f, 1);
        wrapped(d, "(Ký và ghi rõ họ tên)", MARGIN + width * (float)i, width, d->regular, 9.5f, 1);
        d->y -= 52;
        wrapped(d, names[i], MARGIN + width * (float)i, width, d->bold, 11.5f, 1);
        if (d->y < lowest)
            lowest = d->y;
    }
    d->y = lowest - 10;
}

void pdf_qr(pdf_doc *d, const char *payload, const char *caption)
{
    QRcode *qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) {
        d->failed = true;
        return;
    }
    float module = 2.4f, quiet = 4 * module, size = (float)qr->width * module + 2 * quiet;
    room(d, size + 30);
    float x0 = MARGIN, y0 = d->y - size;
    HPDF_Page_SetRGBFill(d->page, 1, 1, 1);
    HPDF_Page_Rectangle(d->page, x0, y0, size, size);
    HPDF_Page_Fill(d->page);
    HPDF_Page_SetRGBFill(d->page, 0, 0, 0);
    for (int row = 0; row < qr->width; row++)
        for (int col = 0; col < qr->width; col++)
            if (qr->data[row * qr->width + col] & 1)
                HPDF_Page_Rectangle(d->page, x0 + quiet + (float)col * module,
                                    y0 + size - quiet - (float)(row + 1) * module, module, module);
    HPDF_Page_Fill(d->page);
    QRcode_free(qr);
    float text_top = d->y;
    d->y = text_top - size / 2 + 10;
    wrapped(d, caption, x0 + size + 10, page_width(d) - 2 * MARGIN - size - 10, d->regular, 10, 0);
    d->y = y0 - 8;
}

/* How many lines `wrapped` would use for text in width. */
static int line_count(pdf_doc *d, const char *text, float width, HPDF_Font font, float size)
{
    return lay_out(d, text, 0, width, font, size, 0, false);
}

enum { TABLE_COLUMNS_MAX = 16 };
static const float CELL_PAD = 3;

typedef struct {
    int ncols;
    float x[TABLE_COLUMNS_MAX], w[TABLE_COLUMNS_MAX], size;
    const char *titles[TABLE_COLUMNS_MAX];
} table_layout;

static float row_height(pdf_doc *d, const table_layout *t, const char *const *texts, HPDF_Font font)
{
    int lines = 1;
    for (int c = 0; c < t->ncols; c++) {
        int n = line_count(d, texts[c], t->w[c] - 2 * CELL_PAD, font, t->size);
        if (n > lines)
            lines = n;
    }
    return (float)lines * t->size * LEADING + 2 * CELL_PAD;
}

static void draw_row(pdf_doc *d, const table_layout *t, const char *const *texts, HPDF_Font font, float height)
{
    float top = d->y;
    HPDF_Page_SetLineWidth(d->page, 0.5f);
    for (int c = 0; c < t->ncols; c++) {
        HPDF_Page_Rectangle(d->page, t->x[c], top - height, t->w[c], height);
        HPDF_Page_Stroke(d->page);
        d->y = top - CELL_PAD;
        wrapped(d, texts[c], t->x[c] + CELL_PAD, t->w[c] - 2 * CELL_PAD, font, t->size, 0);
    }
    d->y = top - height;
}

static void draw_header(pdf_doc *d, const table_layout *t)
{
    draw_row(d, t, t->titles, d->bold, row_height(d, t, t->titles, d->bold));
}

void pdf_table(pdf_doc *d, const pdf_column *cols, int ncols, const char *const *cells, int nrows,
               float size)
{
    if (ncols < 1 || ncols > TABLE_COLUMNS_MAX)
        return;
    table_layout t = {.ncols = ncols, .size = size > 0 ? size : 9.5f};
    float total = 0, width = page_width(d) - 2 * MARGIN, at = MARGIN;
    for (int c = 0; c < ncols; c++)
        total += cols[c].share;
    for (int c = 0; c < ncols; c++) {
        t.x[c] = at;
        t.w[c] = width * cols[c].share / (total > 0 ? total : 1);
        at += t.w[c];
        t.titles[c] = cols[c].title ? cols[c].title : "";
    }
    float header = row_height(d, &t, t.titles, d->bold);
    room(d, header + t.size * 3);
    draw_header(d, &t);
    for (int r = 0; r < nrows; r++) {
        const char *const *row = cells + (size_t)r * (size_t)ncols;
        float height = row_height(d, &t, row, d->regular);
        if (d->y - height < MARGIN) {
            new_page(d);
            draw_header(d, &t);
        }
        draw_row(d, &t, row, d->regular, height);
    }
    d->y -= 8;
}

void *pdf_finish(pdf_doc *d, size_t *len)
{
    *len = 0;
    if (d->failed || HPDF_SaveToStream(d->pdf) != HPDF_OK)
        return NULL;
    HPDF_UINT32 size = HPDF_GetStreamSize(d->pdf);
    unsigned char *buf = malloc(size ? size : 1);
    if (!buf)
        return NULL;
    HPDF_UINT32 got = size;
    if (HPDF_ReadFromStream(d->pdf, buf, &got) != HPDF_OK && got != size) {
        free(buf);
        return NULL;
    }
    *len = got;
    return buf;
}
