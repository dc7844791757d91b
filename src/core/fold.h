/* Folding Vietnamese text for search: lower case, no tone marks or vowel
 * marks, đ -> d, and y -> i (so the spelling variants "kí"/"ký", "lí"/"lý"
 * meet). Both the indexed text and the query are folded the same way, so
 * "dang ki khai sinh", "Đăng ký khai sinh" and an NFD-encoded "Đăng ký"
 * all fold to "dang ki khai sinh". SQLite's unicode61 tokenizer leaves đ
 * alone, hence this. */
#ifndef XASO_CORE_FOLD_H
#define XASO_CORE_FOLD_H

#include <stddef.h>

/* Writes the folded form of the UTF-8 text s into out (cap bytes, always
 * NUL-terminated when cap > 0). Characters it does not know are copied as
 * they are; invalid bytes become '?'. Runs of white space become one space
 * and the ends are trimmed. Returns the length the full result needs (like
 * snprintf), never more than strlen(s). */
size_t text_fold(const char *s, char *out, size_t cap);

#endif
