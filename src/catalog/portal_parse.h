/* Reading a procedure as the national public-service portal publishes it
 * (the records of tthc-cap-xa.json), where table cells were flattened into
 * text. What is unambiguous is parsed; the raw text is kept beside every
 * parsed value; whatever is ambiguous is named in the review reasons, and
 * the procedure waits for an administrator's confirmation. Pure: jansson
 * in, jansson out.
 *
 * The result is a procedure in xaso's own JSON form (see catalog.h), with
 * "review": {"status": "pending"|"confirmed", "reasons": [...]} and
 * "source": {"kind": "portal", "url": ..., "raw": the record}. */
#ifndef XASO_CATALOG_PORTAL_PARSE_H
#define XASO_CATALOG_PORTAL_PARSE_H

#include <jansson.h>
#include <stddef.h>

/* The procedure, or NULL with a Vietnamese reason in err when the record
 * has no usable code or name. The caller owns the result. */
json_t *portal_record_to_procedure(json_t *record, char *err, size_t errlen);

/* The parts, exposed for tests. Each returns a new JSON value. */
/* "Trực tiếp5 Ngày làm việcMiễn phí..." -> [{"channel","time_raw","time_unit",
 * "time_amount","fee_raw","fee_amount","description"}] */
json_t *portal_parse_channels(const char *text);
/* "* Giấy tờ phải nộp:...- Tờ khai...1 bản chính..." -> [{"name","kind","originals","copies"}] */
json_t *portal_parse_documents(const char *text);
/* The document codes ("123/2015/NĐ-CP") in order of appearance, once each. */
json_t *portal_parse_legal_basis(const char *text);

#endif
