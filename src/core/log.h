/* Structured logging: one JSON object per line on stderr, written with a single
 * write(2) so lines from different threads never interleave.
 *
 * This is the only I/O in core: every part logs through it, and nothing here
 * knows about HTTP or the database. Log lines never carry personal data
 * (names, CCCD, phone numbers, addresses): callers log ids and codes. */
#ifndef XASO_CORE_LOG_H
#define XASO_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF } log_level;

bool log_parse_level(const char *name, log_level *out);
void log_set_level(log_level level);
bool log_enabled(log_level level);

/* {"ts":"…","level":"info","event":EVENT,"msg":"…"} — msg is printf-formatted. */
void log_event(log_level level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes an already-built JSON object followed by a newline. */
void log_line(const char *json, size_t len);

/* Appends s to buf as the inside of a JSON string (no quotes), escaping as
 * RFC 8259 requires. Returns the length the escaped text needs; writes at most
 * cap-1 bytes and always NUL-terminates when cap > 0. */
size_t log_json_escape(char *buf, size_t cap, const char *s);

#endif
