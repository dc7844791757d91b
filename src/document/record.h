/* Inside the document part: what the work-record files share (work_record.c,
 * record_filing.c, record_export.c) and the figures (stats.c). A work record
 * (hồ sơ công việc, NĐ 30/2020 Điều 28–31) is one entry of a unit's yearly
 * catalog (danh mục hồ sơ) with the documents filed into it in order. */
#ifndef XASO_DOCUMENT_RECORD_H
#define XASO_DOCUMENT_RECORD_H

#include "document/internal.h"

/* One work record as stored, with what is counted from its documents
 * (fields 9 and 10). Text is in the arena it was read into. */
typedef struct work_record_row {
    int64_t id, unit_id, creator_id;
    int year;
    const char *unit_code, *unit_name, *notation, *title, *maintenance, *rights, *creator, *creator_name,
        *language, *start_date, *end_date, *description, *status, *closed_at, *closed_by, *created_by,
        *created_at;
    int64_t doc_total, page_total;
} work_record_row;

/* Reads record id: 1 found, 0 none, or a negative STORE_ code. */
int work_record_read(store_conn *c, arena *a, int64_t id, work_record_row *out);

/* The record as the API gives it: the 11 fields of PL VI Phần II Mục III
 * (file_code with its three parts), status and who made and closed it. */
json_t *work_record_json(const work_record_row *r);

/* For the /work-records/{id} routes: the record of the path, read within the
 * caller's reach (document.records near its unit). Otherwise replies (404
 * not_found, or 403 out_of_scope for a change, as org_reply_outside) and
 * returns false. */
bool work_record_in_reach(web_request *req, org_state *st, bool change, work_record_row *out);

/* The documents filed into the record that the account may see, by ordinal,
 * as [{ordinal, id, direction, type_name, number, notation, issued_date,
 * organ_name, subject, page_amount, secrecy, description}]; *hidden counts
 * the confidential ones it may not (their place is kept, never their
 * content). NULL on a store error. */
json_t *work_record_documents(store_conn *c, int64_t account_id, int64_t record_id, int *hidden);

/* The route groups besides the catalog's own. */
int document_record_filing_routes(web_server *w, org_state *st); /* record_filing.c */
int document_record_export_routes(web_server *w, org_state *st); /* record_export.c */
int document_stats_routes(web_server *w, org_state *st);         /* stats.c */

#endif
