/* Inside the dossier part. */
#ifndef XASO_DOSSIER_INTERNAL_H
#define XASO_DOSSIER_INTERNAL_H

#include "core/arena.h"
#include "dossier/dossier.h"
#include "core/civil_date.h"
#include "core/template.h"
#include "org/calendar.h"

enum { REFUSED = 1 };

/* One dossier row as the write path needs it. */
typedef struct dossier_row {
    int64_t id, procedure_id, workflow_id, receiving_unit, competent_unit, citizen_id;
    char code[40];
    int channel, status, status_before_pause, step; /* step -1: none */
    char actor_role[16];
    int64_t actor_unit, assignee, transfer_unit;
    int64_t submitted_at, received_at, due_at, paused_ms; /* ms; 0 when unset */
    int64_t version;
    json_t *step_dues;                                    /* owned */
    /* the end */
    int64_t finished_at, returned_at, ended_at;
    int return_channel, paid, result_electronic, result_paper;
    const char *end_kind, *end_reason;                    /* static or request-owned */
} dossier_row;

/* A workflow step as stored. */
typedef struct step_info {
    char key[40], name[200], role[16];
    int64_t unit;       /* 0: the competent unit */
    int share;
    unsigned actions;   /* workflow_action bits */
} step_info;

/* The due instant and each step's due for a dossier received at `received`. */
int dossier_compute_due(store_conn *c, int64_t competent, int64_t workflow_id, const char *time_unit,
                        int amount, int64_t received, int64_t *due, json_t **step_dues);

/* Loads by code; 0 found, 1 not found, <0 store error. */
int dossier_load(store_conn *c, const char *code, dossier_row *row);
void dossier_row_release(dossier_row *row);
/* Steps of a workflow version; returns the count, -1 on error. */
int dossier_steps(store_conn *c, int64_t workflow_id, step_info *steps, int max);

/* The unit that acts at a step: a transfer's unit, the step's own unit, the
 * receiving unit for the first step, else the competent unit. */
int64_t dossier_step_unit(const dossier_row *row, const step_info *step, int position);

int dossier_refused(org_error *err, int status, const char *code, const char *field,
                    const char *message);
int dossier_store_failure(int rc, org_error *err);

/* Appends an event row. */
int dossier_event(store_conn *c, int64_t dossier_id, int64_t at, const char *actor,
                  const char *action, int from_status, int to_status, int from_step,
                  int to_step, int64_t unit, const char *note);

/* Validated applicant fields (pointers into the request JSON). */
typedef struct applicant {
    const char *cccd, *full_name, *birth_date, *phone, *email, *address;
} applicant_input;
int dossier_check_applicant(json_t *j, applicant_input *a, org_error *err);
/* Inside a write: creates or updates the profile (keeping the old version). */
int dossier_upsert_citizen(store_conn *c, const applicant_input *a, const char *actor, int64_t now,
                           int64_t *id);
int dossier_log_read(store_conn *c, int64_t citizen_id, const char *reader, int64_t dossier_id,
                     int64_t now);

/* A submission's files (upload.c). */
typedef struct upload {
    int64_t document_id;
    char name[256];
    const char *data;
    size_t len;
    char hash[65];
    bool written;  /* this request created the stored file */
} upload;

typedef struct submission {
    json_t *body;   /* owned */
    upload *files;  /* request arena */
    int count;
} submission;

/* Reads a JSON or multipart submission and stores its files; on a refusal
 * it replies and returns false (having removed what it stored). */
bool dossier_read_submission(web_request *req, store *s, const char *data_dir, submission *out);
/* Releases the body; when the dossier was not kept, removes the files this
 * request stored that no dossier refers to. */
void dossier_submission_done(store *s, const char *data_dir, submission *sub, bool kept);

void dossier_put_result(web_request *req, store *s, const char *data_dir, const char *code,
                        const dossier_actor *who);
int dossier_result_file(store_conn *c, const char *code, char hash[65], char *name, size_t cap);

/* A paper ("receipt", "supplement", ...) as PDF bytes (malloc'd); NULL with
 * *status, and for 409 (the paper does not apply yet) the reason in why. */
typedef struct paper_request {
    const char *code, *paper, *lookup_base, *bank_bin, *bank_account;
    const dossier_actor *who;
    int64_t now;
} paper_request;
void *dossier_paper(store *s, const paper_request *r, size_t *len, int *status, char *why, size_t whylen);
/* The papers that apply to a dossier now, from its detail: [{paper, name}]. */
json_t *dossier_paper_list(json_t *detail);

/* Sổ theo dõi hồ sơ (register.c): dossiers received in [from_day, to_day]
 * (local days, at most a year), optionally at one receiving unit or under one
 * body, as JSON, PDF or XLSX; the read is audited. Returns 200, 422 (the
 * period) or 503. */
typedef struct dossier_register_query {
    int32_t from_day, to_day;
    const char *unit, *format; /* format: "json", "pdf" or "xlsx" */
    int64_t now;
    int64_t account_id;        /* only dossiers received within its reach (dossier.register) */
} dossier_register_query;
typedef struct dossier_register_out {
    void *bytes; /* malloc'd PDF or XLSX */
    size_t len;
    json_t *json;
} dossier_register_out;
int dossier_register(store *s, const dossier_register_query *q, const char *actor, const char *tmp_dir,
                     dossier_register_out *out);
int dossier_register_rows(store_conn *c, arena *a, const dossier_register_query *q, const char ***cells);

/* Public figures without personal data (public_stats.c). */
json_t *dossier_popular_procedures(store_conn *c, int64_t now, int limit);

/* The values a paper's {placeholders} draw on (paper_facts.c). */
typedef struct paper_context {
    template_value values[64];
    size_t count;
} paper_context;
void paper_put(paper_context *ctx, const char *name, const char *value);
const char *paper_value(const paper_context *ctx, const char *name);
/* "17:00 ngày 24/11/2026" in Vietnam's time, "" for no instant. */
const char *paper_local_text(arena *a, const char *iso);
/* Who received it, the body above the unit, the time limit, the last
 * supplement request, the ending and the approved apology. */
void paper_database_facts(store_conn *c, arena *a, const char *code, paper_context *ctx);
/* The control slip: four cells per event (unit; time, who and what;
 * timeliness; note) in *cells (arena); returns the number of rows. */
int paper_event_rows(store_conn *c, arena *a, const char *code, json_t *step_dues, const char *due_at,
                     const char ***cells);

/* The signature check of a dossier's result; presented: a file to compare. */
json_t *dossier_verify(store_conn *c, const char *data_dir, const char *code, const void *presented,
                       size_t presented_len, int *status);

/* Fees (payment.c). */
int dossier_record_payment(store *s, const char *code, json_t *body, const dossier_actor *who,
                           int64_t now, org_error *err);
json_t *dossier_payment_json(store_conn *c, const char *code, const char *bank_bin, const char *bank_account);
/* Lines naming a dossier outside account_id's reach (payment.reconcile) are
 * left unmatched, as unknown codes are. */
json_t *dossier_import_statement(store *s, const char *text, size_t len, const char *actor, int64_t account_id,
                                 int64_t now, org_error *err);

/* Inside a write, after an event: the notification rows it announces and,
 * on a status change, the portal sync record (outbox.c). */
int dossier_outbox(store_conn *c, int64_t dossier_id, const char *action, int from_status,
                   int to_status, const char *note, int64_t now);

int dossier_notify_routes(web_server *w, org_state *st);

/* ISO text <-> ms; NULL column gives 0. */
int64_t dossier_instant(store_stmt *st, int col);
void dossier_bind_instant(store_stmt *st, int index, int64_t ms);

/* The working calendar of a unit over the years around now. */
bool dossier_clock(store_conn *c, arena *a, int64_t unit, int64_t now, org_calendar *cal);

/* The current state of a dossier for replies: code, status, title, step,
 * version, due. */
json_t *dossier_state_json(store_conn *c, const char *code);

#endif
