/* The online form of a procedure: its schema (a list of fields) and the
 * check of a filled form against it. The server's check is the one that
 * counts; web/ runs the same rules in the browser for convenience. Pure. */
#ifndef XASO_CATALOG_FORM_RULES_H
#define XASO_CATALOG_FORM_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* A field: {"key":[a-z0-9_]{1,40}, "label", "type":"text|number|date|choice|
 * cccd|phone|address|file", "required":bool, "prefill"?:"full_name|cccd|
 * phone|email|address|birth_date", "min"?, "max"? (number value, or text
 * length), "choices"?:[strings] (choice)}. At most 60 fields. */
enum { FORM_MAX_FIELDS = 60 };

/* NULL when the schema is valid; else a Vietnamese message, with *index the
 * field at fault (-1 for the whole) and *part the property ("key", ...). */
const char *form_schema_problem(json_t *schema, int *index, const char **part);

/* true when values (an object key -> value) satisfy the schema; else false
 * with a Vietnamese message naming the field in message and *key set to the
 * field's key. Keys the schema does not know are refused too. */
bool form_values_ok(json_t *schema, json_t *values, const char **key, char *message,
                    size_t cap);

/* Vietnamese mobile or landline numbers: 0 and 9-10 more digits, or +84. */
bool form_phone_valid(const char *s);

/* A mail address as one local@domain with a dotted domain and nothing a mail
 * header could be split by (spaces, controls, <>, commas, quotes). */
bool form_email_valid(const char *s);

#endif
