/* Text templates with {placeholders}, for papers and notifications that the
 * administrator edits: "Hồ sơ {code} của Ông/Bà {applicant_name} đã có kết
 * quả." Values come from a flat set of names; "{{" writes a brace. */
#ifndef XASO_CORE_TEMPLATE_H
#define XASO_CORE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

typedef struct template_value {
    const char *name, *value;
} template_value;

/* The rendered text in a, or NULL when out of memory. A placeholder with no
 * value renders as empty and is reported through *missing (the first one),
 * when missing is not NULL. */
char *template_render(arena *a, const char *text, const template_value *values, size_t count,
                      const char **missing);

/* Whether every placeholder in text is one of names (for checking a template
 * before it is saved); *unknown gets the first stranger. */
bool template_check(const char *text, const char *const *names, size_t count, const char **unknown,
                    arena *a);

#endif
