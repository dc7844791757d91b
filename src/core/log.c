#include "core/log.h"

#include "core/timefmt.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static atomic_int current_level = LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

bool log_parse_level(const char *name, log_level *out)
{
    for (int i = 0; i <= LOG_OFF; i++) {
        if (strcmp(name, level_names[i]) == 0) {
            *out = (log_level)i;
            return true;
        }
    }
    return false;
}

void log_set_level(log_level level) { atomic_store(&current_level, (int)level); }

bool log_enabled(log_level level)
{
    return level != LOG_OFF && (int)level >= atomic_load(&current_level);
}

size_t log_json_escape(char *buf, size_t cap, const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char tmp[8];
        const char *piece = tmp;
        size_t len;
        switch (*p) {
        case '"': piece = "\\\""; len = 2; break;
        case '\\': piece = "\\\\"; len = 2; break;
        case '\n': piece = "\\n"; len = 2; break;
        case '\r': piece = "\\r"; len = 2; break;
        case '\t': piece = "\\t"; len = 2; break;
        default:
            if (*p < 0x20) {
                len = (size_t)snprintf(tmp, sizeof tmp, "\\u%04x", *p);
            } else {
                tmp[0] = (char)*p;
                len = 1;
            }
        }
        for (size_t i = 0; i < len; i++, n++)
            if (cap && n < cap - 1)
                buf[n] = piece[i];
    }
    if (cap)
        buf[n < cap ? n : cap - 1] = '\0';
    return n;
}

void log_line(const char *json, size_t len)
{
    char buf[4096];
    if (len + 1 <= sizeof buf) {
        memcpy(buf, json, len);
        buf[len] = '\n';
        ssize_t unused = write(STDERR_FILENO, buf, len + 1);
        (void)unused;
    } else {
        ssize_t unused = write(STDERR_FILENO, json, len);
        unused = write(STDERR_FILENO, "\n", 1);
        (void)unused;
    }
}

void log_event(log_level level, const char *event, const char *fmt, ...)
{
    if (!log_enabled(level))
        return;
    char msg[1024], esc[2048], ts[TIMEFMT_ISO_LEN], line[3072];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_json_escape(esc, sizeof esc, msg);
    timefmt_iso_utc(timefmt_now_ms(), ts);
    int n = snprintf(line, sizeof line,
                     "{\"ts\":\"%s\",\"level\":\"%s\",\"event\":\"%s\",\"msg\":\"%s\"}",
                     ts, level_names[level], event, esc);
    if (n > 0)
        log_line(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}
