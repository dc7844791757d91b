#include "core/timefmt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t timefmt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t timefmt_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void split(int64_t ms, struct tm *tm, int *millis)
{
    int64_t secs = ms / 1000;
    int64_t rem = ms % 1000;
    if (rem < 0) {
        rem += 1000;
        secs -= 1;
    }
    time_t t = (time_t)secs;
    gmtime_r(&t, tm);
    *millis = (int)rem;
}

void timefmt_iso_utc(int64_t ms, char out[TIMEFMT_ISO_LEN])
{
    struct tm tm;
    int millis;
    split(ms, &tm, &millis);
    snprintf(out, TIMEFMT_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
             tm.tm_sec, millis);
}

void timefmt_compact_utc(int64_t ms, char out[TIMEFMT_ISO_LEN])
{
    struct tm tm;
    int millis;
    split(ms, &tm, &millis);
    snprintf(out, TIMEFMT_ISO_LEN, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

bool timefmt_parse_iso_utc(const char *s, int64_t *ms)
{
    int y, mo, d, h, mi, sec, millis = 0, used = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6)
        return false;
    const char *rest = s + used;
    if (*rest == '.') {
        int n = 0;
        if (sscanf(rest, ".%3d%n", &millis, &n) != 1 || n != 4)
            return false;
        rest += n;
    }
    if (strcmp(rest, "Z") != 0)
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return false;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
                    .tm_hour = h, .tm_min = mi, .tm_sec = sec};
    time_t t = timegm(&tm);
    *ms = (int64_t)t * 1000 + millis;
    return true;
}

static int two_digits(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

bool timefmt_parse_iso_offset(const char *s, int64_t *ms)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 7 || n > 40 || (s[n - 6] != '+' && s[n - 6] != '-') || s[n - 3] != ':')
        return timefmt_parse_iso_utc(s, ms);
    int hours = two_digits(s + n - 5), minutes = two_digits(s + n - 2);
    if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59)
        return false;
    char utc[48];
    snprintf(utc, sizeof utc, "%.*sZ", (int)(n - 6), s);
    if (!timefmt_parse_iso_utc(utc, ms))
        return false;
    int64_t offset = ((int64_t)hours * 60 + minutes) * 60 * 1000;
    *ms += s[n - 6] == '+' ? -offset : offset;
    return true;
}
