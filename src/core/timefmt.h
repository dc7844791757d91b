/* Instants: milliseconds since the Unix epoch, stored and exchanged as UTC
 * ISO 8601 ("2026-07-14T02:30:00.000Z"). Local (Asia/Ho_Chi_Minh) display is
 * the calendar's business, not this file's. */
#ifndef XASO_CORE_TIMEFMT_H
#define XASO_CORE_TIMEFMT_H

#include <stdbool.h>
#include <stdint.h>

enum { TIMEFMT_ISO_LEN = 64 }; /* room for any year gmtime can give */

/* Wall-clock now. Code under test receives instants as arguments instead. */
int64_t timefmt_now_ms(void);
/* Monotonic clock, for durations only. */
int64_t timefmt_monotonic_ns(void);

/* Writes "YYYY-MM-DDTHH:MM:SS.mmmZ". */
void timefmt_iso_utc(int64_t ms, char out[TIMEFMT_ISO_LEN]);
/* Writes "YYYYMMDDTHHMMSSZ", safe in file names. */
void timefmt_compact_utc(int64_t ms, char out[TIMEFMT_ISO_LEN]);
/* Parses the form timefmt_iso_utc writes (milliseconds optional). */
bool timefmt_parse_iso_utc(const char *s, int64_t *ms);
/* The same, or with a "+07:00"-style offset instead of "Z" (up to ±14:59). */
bool timefmt_parse_iso_offset(const char *s, int64_t *ms);

#endif
