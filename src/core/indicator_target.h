/* The target an official writes inside an indicator's text: "≥ 85%.",
 * "đạt 80%", "đến 30% địa bàn", "100% cơ sở dữ liệu ...", "≤ 5%", "= 100%",
 * "không quá 5%". The first comparator sign with a number wins; else a word
 * with a percentage ("không quá", "tối đa", "dưới": at most; "đạt", "đến",
 * "trên": at least); else a percentage anywhere, meant as at least. */
#ifndef XASO_CORE_INDICATOR_TARGET_H
#define XASO_CORE_INDICATOR_TARGET_H

#include <stdbool.h>

typedef enum { TARGET_AT_LEAST, TARGET_AT_MOST, TARGET_EQUAL } target_comparator;

typedef struct indicator_target {
    target_comparator comparator;
    double value;
    bool percent;
} indicator_target;

/* false when the text names no number to reach. */
bool indicator_target_parse(const char *text, indicator_target *out);
/* "≥", "≤" or "=". */
const char *indicator_comparator_sign(target_comparator c);
/* Whether actual meets the target. */
bool indicator_target_met(const indicator_target *t, double actual);

#endif
