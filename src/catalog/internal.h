/* Inside the catalog part: a validated procedure, and helpers its files
 * share. Nothing here is for other parts. */
#ifndef XASO_CATALOG_INTERNAL_H
#define XASO_CATALOG_INTERNAL_H

#include "catalog/catalog.h"
#include "catalog/workflow_rules.h"

enum { PROC_MAX_DOCUMENTS = 200, PROC_MAX_FEES = 20, REFUSED = 1 };

typedef struct proc_document {
    int64_t id;             /* 0: a new document */
    const char *name, *kind, *reusable_from;
    int originals, copies;
} proc_document;

typedef struct proc_fee {
    const char *kind, *description, *exempt;
    int64_t amount;
} proc_fee;

/* Strings point into the JSON the procedure came from, which must outlive it. */
typedef struct proc_input {
    const char *code, *name, *field, *level, *competent_unit;
    const char *time_unit;   /* NULL when not known */
    int time_amount;
    const char *online_level, *result_type, *result_name, *status;
    const char *effective_from, *effective_to;
    json_t *legal_basis, *channels, *form, *public_parts;
    proc_document documents[PROC_MAX_DOCUMENTS];
    size_t document_count;
    proc_fee fees[PROC_MAX_FEES];
    size_t fee_count;
    const char *review_status;
    json_t *review_reasons;
    const char *source_kind, *source_url;
    json_t *source_raw;
    json_t *workflow;        /* NULL: keep (or, when new, the default template) */
} proc_input;

/* Validates j into in; -1 with err (field = a JSON path) on refusal. */
int catalog_check_procedure(json_t *j, proc_input *in, org_error *err);

/* A workflow given as {"template"} or {"steps"}, validated, in steps (up to
 * WF_MAX_STEPS; strings point into the JSON or the template). */
typedef struct workflow_input {
    const char *template_name;
    wf_step steps[WF_MAX_STEPS];
    size_t count;
} workflow_input;
int catalog_check_workflow(json_t *j, workflow_input *in, org_error *err);

/* Inserts the next version for procedure_id inside a write; sets *version. */
int catalog_insert_workflow(store_conn *c, int64_t procedure_id, const workflow_input *wf,
                            const char *actor, int *version, org_error *err);

/* The procedure's id by code: 0 when none, negative on error. */
int64_t catalog_procedure_id(store_conn *c, const char *code);

/* A store_write callback's refusal. */
int catalog_refused(org_error *err, int status, const char *code, const char *field,
                    const char *message);
/* -1 with err for a store_write failure (REFUSED keeps the callback's err). */
int catalog_store_failure(int rc, org_error *err);

#endif
