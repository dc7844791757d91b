/* multipart/form-data (RFC 7578) over a body already in memory: the parts
 * point into the body, nothing is copied. Used for online submissions with
 * files. */
#ifndef XASO_WEB_MULTIPART_H
#define XASO_WEB_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

typedef struct multipart_part {
    char name[64];           /* the form field's name */
    char filename[256];      /* "" when the part is not a file */
    char content_type[128];  /* "" when not given */
    const char *data;        /* into the body */
    size_t len;
} multipart_part;

/* The boundary from a Content-Type header value, into out; false when the
 * header is not multipart/form-data with a usable boundary. */
bool multipart_boundary(const char *content_type, char *out, size_t cap);

/* Splits body into at most max parts. Returns the number of parts, or -1
 * when the body is malformed (missing boundary lines, headers too long, a
 * part without a name, more than max parts). */
int multipart_parse(const char *body, size_t len, const char *boundary, multipart_part *parts,
                    int max);

#endif
