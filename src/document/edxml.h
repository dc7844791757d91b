/* The edXML package of QCVN 102:2016/BTTTT (văn bản điện tử between the
 * document systems of state organs) and its status message, written and
 * read. Pure: no SQL, no HTTP; libxml2 reads, libsodium does base64.
 *
 * What the element names, their order and their codes rest on, and what is
 * still uncertain, is in docs/reference/nd30-edxml.md section 6 and
 * data/edxml-qcvn102.json.
 *
 * Memory: edxml_read and edxml_status_read put every string and every
 * attachment's bytes in the caller's arena; edxml_write and
 * edxml_status_write return malloc'd bytes the caller frees with free(). */
#ifndef XASO_DOCUMENT_EDXML_H
#define XASO_DOCUMENT_EDXML_H

#include "core/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EDXML_NS "http://www.mic.gov.vn/TBT/QCVN_102_2016"

/* Limits: one file, all files of a package (decoded), and the package's
 * XML as a whole (the files in base64 are 4/3 of their size, plus the
 * header). Override at build time with -D. */
#ifndef EDXML_MAX_ATTACHMENT
#define EDXML_MAX_ATTACHMENT (20u << 20)
#endif
#ifndef EDXML_MAX_DECODED
#define EDXML_MAX_DECODED (30u << 20)
#endif
#ifndef EDXML_MAX_BYTES
#define EDXML_MAX_BYTES (EDXML_MAX_DECODED / 3 * 4 + (2u << 20))
#endif
#define EDXML_MAX_ATTACHMENTS 50
#define EDXML_MAX_ORGANS 100 /* To, and ToPlaces lines */
/* Nesting deeper than any package needs is refused (the package is at most
 * 6 deep; libxml2's own limit, 2048 with large text allowed, comes after). */
#define EDXML_MAX_DEPTH 32
/* Elements, attributes, comments and processing instructions a package may
 * hold, counted while it is parsed: a package has a few hundred, and the
 * count stops a flood of small nodes (40 MB of <a/>) before the tree it
 * would build takes a gigabyte. */
#define EDXML_MAX_NODES 20000

/* An organ (1.1 From, 1.2 To); NULL for an element not given. */
typedef struct edxml_organ {
    const char *organ_id;        /* mã định danh, 000.00.01.H42 */
    const char *organ_in_charge; /* OrganizationInCharge: cơ quan chủ quản */
    const char *organ_name, *organ_add, *email, *telephone, *fax, *website;
} edxml_organ;

/* ResponseFor: the earlier document a package or a status is about. */
typedef struct edxml_response_for {
    const char *organ_id, *code, *promulgation_date, *document_id;
} edxml_response_for;

/* StaffInfo: the official responsible. */
typedef struct edxml_staff {
    const char *department, *staff, *mobile, *email;
} edxml_staff;

typedef struct edxml_attachment {
    const char *content_id;   /* written bare, without "cid:" */
    const char *content_type, *name, *description;
    const unsigned char *data;
    size_t len;
} edxml_attachment;

typedef struct edxml_package {
    edxml_organ from;
    const edxml_organ *to;                 /* at least one */
    size_t to_count;
    const char *code_number, *code_notation; /* 1.3 */
    const char *place, *promulgation_date;   /* 1.4, the date as written (yyyy/MM/dd) */
    int type;                                /* 1.5 DocumentType/Type; -1 absent (code list uncertain) */
    const char *type_name;
    const char *subject, *content;           /* 1.6, 1.7 */
    const char *competence, *signer_position, *signer_full_name; /* 1.8 */
    const char *due_date;                    /* 1.9, as written */
    const char *const *to_places;            /* 1.10 */
    size_t to_places_count;
    int priority;                            /* 1.11.1; -1 absent (see edxml_priority_*) */
    const char *sphere, *typer_notation;     /* 1.11.2, 1.11.3 */
    int64_t promulgation_amount, page_amount; /* 1.11.4, 1.11.5; -1 absent */
    edxml_response_for response_for;         /* 1.12; all NULL: none */
    int steering_type;                       /* 1.13; -1 absent (code list uncertain) */
    const char *document_id;                 /* 1.14, kept as written */
    /* TraceHeaderList: this hop, and the business action. */
    const char *trace_organ_id, *trace_timestamp; /* yyyy/MM/dd HH:mm:ss */
    int bussiness_doc_type;                  /* 0 new, 1 revoke, 2 update, 3 replace; -1 absent */
    const char *bussiness_doc_reason;
    edxml_staff staff;
    const edxml_attachment *attachments;
    size_t attachment_count;
} edxml_package;

/* The status message a receiver sends back. */
typedef struct edxml_status {
    edxml_response_for response_for;
    edxml_organ from;
    const char *status_code;   /* "01".."06" */
    const char *description;
    const char *timestamp;     /* yyyy/MM/dd HH:mm:ss */
    edxml_staff staff;
} edxml_status;

/* Why a package was refused: code is stable (edxml_malformed, edxml_doctype,
 * edxml_namespace, edxml_missing, edxml_invalid, edxml_too_large,
 * edxml_attachment), field the element concerned or NULL, message in
 * Vietnamese. */
typedef struct edxml_error {
    const char *code;
    const char *field;
    char message[240];
} edxml_error;

/* The package as XML (UTF-8), *len its length; NULL when out of memory or
 * when a required value (From/OrganId, a To, Code, DocumentId, Subject) is
 * missing. */
char *edxml_write(const edxml_package *p, size_t *len);

/* Reads a package: 0, or -1 with err filled and *out unspecified. Refuses a
 * DOCTYPE (so no entity and no DTD is ever read), the network, more than
 * EDXML_MAX_BYTES, a nesting deeper than EDXML_MAX_DEPTH or more than
 * EDXML_MAX_NODES nodes (both stop the parser as it reads), a root outside
 * EDXML_NS, a required element missing, bad base64, files over the limits. */
int edxml_read(arena *a, const void *bytes, size_t len, edxml_package *out, edxml_error *err);

char *edxml_status_write(const edxml_status *s, size_t *len);
int edxml_status_read(arena *a, const void *bytes, size_t len, edxml_status *out, edxml_error *err);

/* The Vietnamese name of a status code 01–06; NULL for another. */
const char *edxml_status_name(const char *code);

/* Độ khẩn ↔ Priority. UNCERTAIN (nd30-edxml.md §6): 0 thường, 1 khẩn,
 * 2 thượng khẩn, 3 hỏa tốc, from one family of sources; 4 (hỏa tốc hẹn giờ)
 * reads as hỏa tốc, another value as thường. */
int edxml_priority_from_urgency(const char *urgency);
const char *edxml_urgency_from_priority(int priority);

/* A date as the package writes it (yyyy/MM/dd) from YYYY-MM-DD, and back;
 * reading also takes YYYY-MM-DD and dd/MM/yyyy. out has 11 bytes. False
 * for anything else or an impossible date. */
bool edxml_date_out(const char *iso, char out[11]);
bool edxml_date_in(const char *text, char out[11]);

/* DocumentId as this system writes it: "OrganId,yyyy/MM/dd,số/ký hiệu"
 * (one of two forms seen; UNCERTAIN). Into out; false when it does not fit. */
bool edxml_document_id(const char *organ_id, const char *date_iso, const char *number, const char *notation,
                       char *out, size_t size);

#endif
