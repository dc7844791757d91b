/* A budget in million đồng as an official types it: blank, "250", "1.500"
 * (the Vietnamese thousands dot), "2,5" (the Vietnamese decimal comma),
 * "1.500,5", and the English "2.5". */
#ifndef XASO_CORE_BUDGET_TEXT_H
#define XASO_CORE_BUDGET_TEXT_H

#include <stdbool.h>

/* true with *has false for a blank text; false when it is not a number. A
 * ',' is the decimal mark; a '.' groups thousands when every group after it
 * has three digits ("1.500", "1.250.000") unless it follows a lone 0
 * ("0.125"), else it is the decimal mark. */
bool budget_text_parse(const char *text, bool *has, double *million);

#endif
