/* The electronic identification code of an agency (mã định danh điện tử),
 * QĐ 20/2020/QĐ-TTg as amended by QĐ 09/2025/QĐ-TTg: 13 characters
 * "VVV.ZZ.YY.Xnn", read right to left as levels 1 to 4.
 *   level 1 "Xnn": a letter and two digits (H40: a provincial People's Committee)
 *   level 2 "YY", level 3 "ZZ": two digits, "00" when unused
 *   level 4 "VVV": three digits, "000" when unused
 * A used level needs every level to its right used too ("000.05.00.H40" is not a
 * code). Codes are assigned by provinces and stored as data, never derived. */
#ifndef XASO_CORE_AGENCY_CODE_H
#define XASO_CORE_AGENCY_CODE_H

#include <stdbool.h>

enum { AGENCY_CODE_LEN = 13 };

/* true when code has the shape above. */
bool agency_code_valid(const char *code);

/* The number of levels in use (1 to 4), or 0 for an invalid code. */
int agency_code_depth(const char *code);

#endif
