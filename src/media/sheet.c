/* See sheet.h. */
#include "media/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

static void *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    void *bytes = NULL;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size > 0 && fseek(f, 0, SEEK_SET) == 0 && (bytes = malloc((size_t)size)) &&
        fread(bytes, 1, (size_t)size, f) != (size_t)size) {
        free(bytes);
        bytes = NULL;
    }
    fclose(f);
    *len = bytes ? (size_t)size : 0;
    return bytes;
}

static void write_sheet(lxw_workbook *wb, const char *sheet_name, const char *title, const char *subtitle,
                        const sheet_column *cols, int ncols, const char *const *cells, int nrows)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name);
    lxw_format *heading = workbook_add_format(wb), *head = workbook_add_format(wb), *cell = workbook_add_format(wb);
    format_set_bold(heading);
    format_set_font_size(heading, 13);
    format_set_align(heading, LXW_ALIGN_CENTER);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(cell, LXW_BORDER_THIN);
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(ncols - 1), title, heading);
    worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(ncols - 1), subtitle ? subtitle : "", NULL);
    for (int c = 0; c < ncols; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
        worksheet_write_string(ws, 3, (lxw_col_t)c, cols[c].title, head);
    }
    for (int r = 0; r < nrows; r++)
        for (int c = 0; c < ncols; c++) {
            const char *text = cells[(size_t)r * (size_t)ncols + (size_t)c];
            worksheet_write_string(ws, (lxw_row_t)(4 + r), (lxw_col_t)c, text ? text : "", cell);
        }
    worksheet_freeze_panes(ws, 4, 0);
    worksheet_repeat_rows(ws, 3, 3);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
}

void *sheet_xlsx(const char *tmp_dir, const char *sheet_name, const char *title, const char *subtitle,
                 const sheet_column *cols, int ncols, const char *const *cells, int nrows, size_t *len)
{
    *len = 0;
    char path[1024];
    snprintf(path, sizeof path, "%s/sheet-XXXXXX", tmp_dir && *tmp_dir ? tmp_dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    close(fd);
    void *bytes = NULL;
    lxw_workbook *wb = workbook_new(path);
    if (wb) {
        write_sheet(wb, sheet_name, title, subtitle, cols, ncols, cells, nrows);
        if (workbook_close(wb) == LXW_NO_ERROR)
            bytes = read_all(path, len);
    }
    unlink(path);
    return bytes;
}
