/* The written forms of a work record (hồ sơ công việc) under Nghị định
 * 30/2020 Phụ lục VI Phần II Mục III: its code (Mã hồ sơ, field 1), its
 * number and notation in the unit's yearly catalog (1.3), and its retention
 * period (Thời hạn bảo quản, field 3). Pure text rules, no I/O. */
#ifndef XASO_CORE_RECORD_CODE_H
#define XASO_CORE_RECORD_CODE_H

#include <stdbool.h>
#include <stddef.h>

enum {
    RECORD_NOTATION_MAX = 20, /* 1.3 Số và ký hiệu hồ sơ: String(20) */
    /* agency code (13) + "." + year (4) + "." + notation (20) + NUL */
    RECORD_FILE_CODE_LEN = 13 + 1 + 4 + 1 + RECORD_NOTATION_MAX + 1,
};

/* "01.VP", "12-TCKT", "05/VX": 1 to 20 characters, beginning with a digit,
 * of ASCII letters, digits and the separators . - / (no space). As the
 * catalog numbers them (Điều 28 khoản 2: số và ký hiệu của hồ sơ). */
bool record_notation_valid(const char *notation);

/* "Vĩnh viễn", or "N năm" with N from 1 to 100 (no leading zero): the two
 * forms a retention period takes in the lists of retention periods. */
bool record_maintenance_valid(const char *maintenance);

/* Mã hồ sơ: the three parts of field 1 (1.1 the agency code of the organ
 * whose catalog holds the record, 1.2 the year, 1.3 the notation) joined by
 * ".", e.g. "000.00.01.H42.2026.01.VP". The decree lists the parts but no
 * joiner; "." is the one the agency code itself uses, and the form stays
 * readable back: the code is 13 characters, the year 4. Returns false
 * (out "") when a part is not of its form or out is too small. */
bool record_file_code(const char *agency_code, int year, const char *notation, char *out, size_t len);

#endif
