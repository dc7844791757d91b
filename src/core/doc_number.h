/* Số và ký hiệu văn bản (Nghị định 30/2020/NĐ-CP Điều 15, Phụ lục I Phần I
 * Mục II khoản 3): "15/QĐ-UBND" — the number in its year, then the type's
 * abbreviation and the issuing organ's; a công văn has no type, so its
 * ký hiệu is the organ's then the drafting unit's or field's: "12/UBND-VX";
 * a copy names its kind: "05/SY-UBND".
 *
 * Written strictly (two digits at least, no spaces); read leniently, since
 * incoming paper documents are typed in by hand ("Số: 15 / QĐ - UBND"). */
#ifndef XASO_CORE_DOC_NUMBER_H
#define XASO_CORE_DOC_NUMBER_H

#include "core/doc_type.h"

#include <stddef.h>

enum {
    DOC_NUMBER_MAX = 9999999,
    DOC_NOTATION_GROUPS = 4,     /* after the type: the organ, then units or fields */
    DOC_NOTATION_GROUP_MAX = 24, /* bytes of one group, with its terminator */
    DOC_NOTATION_TEXT_MAX = 128, /* a formatted notation fits in this */
};

typedef struct doc_notation {
    long number;                 /* 1 … DOC_NUMBER_MAX */
    const doc_type *type;        /* named by the ký hiệu; NULL: công văn or thư công */
    const doc_type *copy;        /* a copy's kind (then type is NULL) */
    int groups;                  /* at least 1: group[0] is the issuing organ */
    char group[DOC_NOTATION_GROUPS][DOC_NOTATION_GROUP_MAX];
} doc_notation;

typedef enum {
    DOC_NOTATION_OK,
    DOC_NOTATION_NO_NUMBER,       /* no number before the '/' */
    DOC_NOTATION_NUMBER_RANGE,    /* 0, or more than DOC_NUMBER_MAX */
    DOC_NOTATION_NO_SLASH,        /* the number is not followed by '/' */
    DOC_NOTATION_BAD_GROUP,       /* an empty, too long or ill-lettered group */
    DOC_NOTATION_NO_ORGAN,        /* a type or copy kind without the organ */
    DOC_NOTATION_TOO_MANY_GROUPS,
    DOC_NOTATION_NEEDS_UNIT,      /* making a công văn's: the drafting unit is missing */
} doc_notation_error;

/* Reads "[Số:] 15/QĐ-UBND". Letters of a group: A–Z, a–z, 0–9 and Đ/đ. */
doc_notation_error doc_notation_parse(const char *text, size_t len, doc_notation *out);

/* The notation an issuing organ gives its document number `number` of
 * `type`: TYPE-ORGAN, or for a type without abbreviation ORGAN-UNIT (unit
 * required); unit is otherwise optional and appended. */
doc_notation_error doc_notation_make(doc_notation *out, long number, const doc_type *type,
                                     const char *organ, const char *unit);

/* The decree's written form; returns its length, or -1 if n is too small. */
int doc_notation_format(const doc_notation *x, char *out, size_t n);

/* For refusals: a stable code ("notation_number") and a Vietnamese message. */
const char *doc_notation_error_code(doc_notation_error e);
const char *doc_notation_error_message(doc_notation_error e);

#endif
