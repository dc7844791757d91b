/* catalog: the administrative procedures (thủ tục hành chính) a commune
 * serves, what each needs, and the versioned workflow that moves its
 * dossiers through the offices.
 *
 * A procedure travels as JSON in one shape everywhere — the admin API, the
 * export, the import:
 *   {"code":"1.001193", "name", "field", "level", "competent_unit": CODE|null,
 *    "legal_basis":[codes], "time":{"unit":"working_days|working_hours|
 *    calendar_days|same_day","amount":N,"raw"?}|null, "channels":[...],
 *    "fees":[{"kind":"fee|charge","amount":đồng,"description","exempt"}],
 *    "online_level":"full|partial|none", "result_type":"paper|electronic|both",
 *    "result_name", "public":{"steps","channels","documents","time",
 *    "applicants","agency","result","conditions"},
 *    "documents":[{"id"?,"name","kind":"submit|present","originals","copies",
 *    "reusable_from":null|"cccd"|"residence"|"profile"}],
 *    "form":[{"key","label","type","required","prefill"?,"min"?,"max"?,
 *    "pattern"?,"choices"?}], "status":"active|inactive",
 *    "effective_from"?, "effective_to"?, "review"?:{"status","reasons"},
 *    "source"?:{"kind","url","raw"}, "workflow"?:{"template"}|{"steps":[...]}}
 * A procedure takes dossiers only when active, effective, reviewed and with
 * a known time limit. */
#ifndef XASO_CATALOG_CATALOG_H
#define XASO_CATALOG_CATALOG_H

#include "org/account.h"
#include "org/org.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Creates a procedure, or replaces the one with the same code when replace
 * is true (documents that disappear are retired, a changed workflow becomes
 * a new version). *created tells which happened. -1 with err on refusal:
 * err->field is a JSON path such as "documents[2].name". */
int catalog_procedure_save(store *s, json_t *procedure, const char *actor, bool replace,
                           int64_t *id, bool *created, org_error *err);

/* Saves {"template":NAME} or {"steps":[{"key","name","role","unit"?,"share",
 * "actions":[...]}]} as the next workflow version of a procedure. */
int catalog_workflow_save(store *s, const char *code, json_t *workflow, const char *actor,
                          int *version, org_error *err);

int catalog_set_status(store *s, const char *code, const char *status, const char *actor,
                       org_error *err);
/* The administrator confirms the parsed values of an imported procedure. */
int catalog_confirm_review(store *s, const char *code, const char *actor, org_error *err);

/* Everything a citizen needs about one procedure; staff also get the review
 * state and the source record. NULL when there is no such code (or the
 * database failed: *failed is set). */
json_t *catalog_procedure_json(store_conn *c, const char *code, bool staff, bool *failed);

typedef struct catalog_query {
    const char *q;          /* free text or a code; folded like the index */
    const char *field;      /* lĩnh vực, exact */
    const char *online;     /* "full", "partial", "none", or NULL */
    const char *review;     /* staff only: "pending" lists the review list */
    bool include_inactive;  /* staff only */
    int limit, offset;
} catalog_query;

/* {"items":[{"code","name","field","level","time","online_level",...}],
 * "total"}. NULL on a database error. */
json_t *catalog_search(store_conn *c, const catalog_query *query);

/* The fields (lĩnh vực) with how many active procedures each has. */
json_t *catalog_fields(store_conn *c);

/* A workflow version as JSON; version 0 for the current one. */
json_t *catalog_workflow_json(store_conn *c, const char *code, int version, bool *failed);

/* Every procedure in the shape above, for export; and the same as CSV (the
 * columns catalog_import_file reads; malloc'd, the caller frees). */
json_t *catalog_export(store_conn *c);
char *catalog_export_csv(store_conn *c);

typedef struct catalog_import_report {
    int created, replaced, skipped, refused, pending_review;
    json_t *problems;   /* [{"row","code","message"}], owned by the caller */
} catalog_import_report;

/* Imports a JSON file (an array of procedures in xaso's shape or of portal
 * records, or {"procedures":[...]}) or a CSV file (export's columns). Each
 * procedure is its own transaction; a refused one is reported and the rest
 * go on. Existing codes are skipped unless replace. Returns -1 when the file
 * cannot be read at all. */
int catalog_import_file(store *s, const char *path, const char *actor, bool replace,
                        catalog_import_report *report, char *err, size_t errlen);

/* Attaches a blank form to one of a procedure's documents: a PDF, DOC, DOCX,
 * ODT, XLS or XLSX whose content matches its name's extension. */
int catalog_set_form_file(store *s, const char *data_dir, const char *code, int64_t document_id,
                          const char *name, const void *data, size_t len, const char *actor,
                          org_error *err);
/* The form of a document: 0 with its hash (file store) and name, 1 when it
 * has none, -1 on a database error. */
int catalog_form_file(store_conn *c, const char *code, int64_t document_id, char hash[65],
                      char *name, size_t name_cap);
/* The content type for a file name whose content matches it, else NULL. */
const char *catalog_form_content_type(const char *name, const void *data, size_t len);

int catalog_routes(web_server *w, org_state *st);

#endif
