/* Arena: a bump allocator for memory that lives exactly as long as one unit of
 * work (an HTTP request, a CLI command). Everything allocated from an arena is
 * released together by arena_free(); nothing inside is freed one by one.
 *
 * Owner: whoever called arena_init(). For requests that is web/server.c, which
 * frees the arena when libmicrohttpd reports the request completed. */
#ifndef XASO_CORE_ARENA_H
#define XASO_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head;   /* newest block first */
    size_t block_size;   /* default size of a new block */
    size_t total;        /* bytes handed out, for metrics and tests */
} arena;

/* block_size 0 picks a default suited to one HTTP request (8 KiB). */
void arena_init(arena *a, size_t block_size);
void arena_free(arena *a);

/* Returns zeroed memory aligned for any type, or NULL when out of memory or
 * when size overflows. */
void *arena_alloc(arena *a, size_t size);
void *arena_calloc(arena *a, size_t count, size_t size);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

#endif
