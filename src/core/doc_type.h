/* The kinds of administrative document of Nghị định 30/2020/NĐ-CP (Điều 7)
 * with the abbreviations of its Phụ lục III, and the three kinds of copy.
 * data/nd30-document-types.json holds the same list with its sources; a unit
 * test keeps the two equal. */
#ifndef XASO_CORE_DOC_TYPE_H
#define XASO_CORE_DOC_TYPE_H

#include <stddef.h>

typedef struct doc_type {
    const char *code;   /* stable key: "quyet_dinh" */
    const char *name;   /* "Quyết định (cá biệt)" */
    const char *abbr;   /* "QĐ"; NULL for công văn and thư công, which have none */
} doc_type;

/* The 29 kinds in the decree's order. */
size_t doc_type_count(void);
const doc_type *doc_type_at(size_t i);
const doc_type *doc_type_by_code(const char *code);
/* By abbreviation, exactly as written ("QyĐ" is quy định, "QĐ" quyết định). */
const doc_type *doc_type_by_abbr(const char *abbr, size_t len);

/* Bản sao y (SY), bản trích sao (TrS), bản sao lục (SL): numbered in one
 * yearly sequence of their own. */
size_t doc_copy_kind_count(void);
const doc_type *doc_copy_kind_at(size_t i);
const doc_type *doc_copy_kind_by_abbr(const char *abbr, size_t len);

#endif
