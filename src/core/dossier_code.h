/* The dossier code (mã hồ sơ), printed on every paper and used for lookup:
 * the receiving unit's agency code, the local date of receipt as YYMMDD,
 * and that unit's sequence for the day, at least four digits:
 * "000.00.12.H40-260714-0001". */
#ifndef XASO_CORE_DOSSIER_CODE_H
#define XASO_CORE_DOSSIER_CODE_H

#include <stdbool.h>

#include "core/civil_date.h"

enum { DOSSIER_CODE_LEN = 32, DOSSIER_SEQUENCE_MAX = 999999 };

/* Writes the code; false when an input is out of range. */
bool dossier_code_format(const char *agency_code, civil_date day, int sequence,
                         char out[DOSSIER_CODE_LEN]);

/* true when s has the shape above (a valid agency code, a real date). */
bool dossier_code_valid(const char *s);

#endif
