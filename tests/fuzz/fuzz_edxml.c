/* edXML packages and status messages from any bytes: no crash, no leak, and
 * whatever reads writes back to a package that reads the same. */
#include "document/edxml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void same(const char *a, const char *b)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        abort();
}

static void same_organ(const edxml_organ *a, const edxml_organ *b)
{
    same(a->organ_id, b->organ_id);
    same(a->organ_name, b->organ_name);
    same(a->organ_in_charge, b->organ_in_charge);
    same(a->organ_add, b->organ_add);
    same(a->email, b->email);
}

static void package(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 0);
    edxml_package p, q;
    edxml_error err;
    if (edxml_read(&a, data, size, &p, &err) == 0) {
        size_t len;
        char *xml = edxml_write(&p, &len);
        if (!xml || edxml_read(&a, xml, len, &q, &err) != 0)
            abort();
        same_organ(&p.from, &q.from);
        if (p.to_count != q.to_count || p.attachment_count != q.attachment_count || p.priority != q.priority ||
            p.page_amount != q.page_amount || p.type != q.type)
            abort();
        for (size_t i = 0; i < p.to_count; i++)
            same_organ(&p.to[i], &q.to[i]);
        same(p.code_number, q.code_number);
        same(p.code_notation, q.code_notation);
        same(p.subject, q.subject);
        same(p.document_id, q.document_id);
        for (size_t i = 0; i < p.attachment_count; i++)
            if (p.attachments[i].len != q.attachments[i].len ||
                memcmp(p.attachments[i].data, q.attachments[i].data, p.attachments[i].len) != 0)
                abort();
        free(xml);
    } else if (!err.code || !err.message[0]) {
        abort();
    }
    arena_free(&a);
}

static void status(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a, 0);
    edxml_status s, t;
    edxml_error err;
    if (edxml_status_read(&a, data, size, &s, &err) == 0) {
        size_t len;
        char *xml = edxml_status_write(&s, &len);
        if (!xml || edxml_status_read(&a, xml, len, &t, &err) != 0)
            abort();
        same(s.status_code, t.status_code);
        same(s.response_for.document_id, t.response_for.document_id);
        same(s.description, t.description);
        free(xml);
    }
    arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    package(data, size);
    status(data, size);
    return 0;
}
