/* UTF-8 helpers for text that is already valid UTF-8 (jansson checks what
 * arrives as JSON). */
#ifndef XASO_CORE_UTF8_H
#define XASO_CORE_UTF8_H

#include <stddef.h>

/* Code points in s: what a person counts as characters ("Đức" is 3). */
size_t utf8_chars(const char *s);

#endif
