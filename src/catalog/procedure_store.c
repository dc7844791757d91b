/* Writing procedures: create or replace with documents, fees and the search
 * index in one transaction, with the audit entry; status and review. */
#include "catalog/internal.h"

#include "core/fold.h"
#include "core/timefmt.h"
#include "org/audit.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    proc_input *in;
    const char *actor;
    bool replace, created;
    int64_t id;
    org_error *err;
} save_job;

/* JSON text of a value, "" default; freed by the caller. */
static char *dump(json_t *v, const char *fallback)
{
    return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : strdup(fallback);
}

static void bind_text_or_null(store_stmt *st, int i, const char *v)
{
    if (v)
        store_bind_text(st, i, v);
    else
        store_bind_null(st, i);
}

static int step_done(store_stmt *st)
{
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

static int unit_id(store_conn *c, const char *code, int64_t *id)
{
    *id = 0;
    if (!code)
        return 0;
    store_stmt *st = store_prepare(c, "SELECT id FROM unit WHERE agency_code = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, code);
    int rc = store_step(st);
    *id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? 0 : rc;
}

/* The columns shared by INSERT and UPDATE, bound from ?2 on. */
#define PROCEDURE_COLUMNS                                                                   \
    "name = ?2, field = ?3, level = ?4, competent_unit_id = ?5, time_unit = ?6, "           \
    "time_amount = ?7, online_level = ?8, result_type = ?9, result_name = ?10, "            \
    "legal_basis = ?11, channels = ?12, form_schema = ?13, public_parts = ?14, status = ?15, " \
    "review_status = ?16, review_reasons = ?17, effective_from = ?18, effective_to = ?19, "  \
    "source_kind = COALESCE(?20, source_kind), source_url = COALESCE(?21, source_url), "     \
    "source_raw = COALESCE(?22, source_raw), updated_at = ?23"

static int bind_procedure(store_stmt *st, const proc_input *in, int64_t competent,
                          const char *now)
{
    char *texts[6] = {
        dump(in->legal_basis, "[]"), dump(in->channels, "[]"), dump(in->form, "[]"),
        dump(in->public_parts, "{}"), dump(in->review_reasons, "[]"),
        in->source_raw ? dump(in->source_raw, "null") : NULL,
    };
    int rc = texts[0] && texts[1] && texts[2] && texts[3] && texts[4] ? 0 : STORE_ERROR;
    store_bind_text(st, 1, in->code);
    store_bind_text(st, 2, in->name);
    store_bind_text(st, 3, in->field);
    store_bind_text(st, 4, in->level);
    if (competent)
        store_bind_int64(st, 5, competent);
    else
        store_bind_null(st, 5);
    bind_text_or_null(st, 6, in->time_unit);
    if (in->time_unit)
        store_bind_int64(st, 7, in->time_amount);
    else
        store_bind_null(st, 7);
    store_bind_text(st, 8, in->online_level);
    store_bind_text(st, 9, in->result_type);
    store_bind_text(st, 10, in->result_name);
    for (int i = 0; i < 5 && rc == 0; i++)
        store_bind_text(st, 11 + (i < 4 ? i : 6), texts[i]);
    store_bind_text(st, 15, in->status);
    store_bind_text(st, 16, in->review_status);
    bind_text_or_null(st, 18, in->effective_from);
    bind_text_or_null(st, 19, in->effective_to);
    bind_text_or_null(st, 20, in->source_kind);
    bind_text_or_null(st, 21, in->source_url);
    bind_text_or_null(st, 22, texts[5]);
    store_bind_text(st, 23, now);
    for (int i = 0; i < 6; i++)
        free(texts[i]);
    return rc;
}

static int write_row(store_conn *c, save_job *j, int64_t existing, int64_t competent)
{
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st =
        existing ? store_prepare(c, "UPDATE procedure SET " PROCEDURE_COLUMNS " WHERE code = ?1")
                 : store_prepare(c, "INSERT INTO procedure (code, name, field, level, "
                                    "competent_unit_id, time_unit, time_amount, online_level, "
                                    "result_type, result_name, legal_basis, channels, form_schema, "
                                    "public_parts, status, review_status, review_reasons, "
                                    "effective_from, effective_to, source_kind, source_url, "
                                    "source_raw, updated_at, created_at) VALUES (?1, ?2, ?3, ?4, "
                                    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                                    "?18, ?19, COALESCE(CAST(?20 AS TEXT), 'manual'), ?21, ?22, ?23, ?23) "
                                    "RETURNING id");
    if (!st)
        return STORE_ERROR;
    int rc = bind_procedure(st, j->in, competent, now);
    if (rc != 0) {
        store_reset(st);
        return rc;
    }
    if (existing) {
        j->id = existing;
        return step_done(st);
    }
    rc = store_step(st);
    j->id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* Documents keep their ids: a listed id is updated, a new one inserted, and
 * one no longer listed is retired. */
static int write_documents(store_conn *c, const save_job *j)
{
    store_stmt *retire = store_prepare(c, "UPDATE procedure_document SET retired = 1 "
                                          "WHERE procedure_id = ?");
    if (!retire)
        return STORE_ERROR;
    store_bind_int64(retire, 1, j->id);
    int rc = step_done(retire);
    for (size_t i = 0; rc == 0 && i < j->in->document_count; i++) {
        const proc_document *d = &j->in->documents[i];
        /* On a new procedure an id can only come from another database. */
        int64_t doc_id = j->created ? 0 : d->id;
        /* Numbered without gaps (PostgreSQL types every $n it is given). */
        store_stmt *st =
            doc_id ? store_prepare(c, "UPDATE procedure_document SET position = ?2, name = ?3, "
                                     "kind = ?4, originals = ?5, copies = ?6, reusable_from = ?7, "
                                     "retired = 0 WHERE id = ?8 AND procedure_id = ?1")
                  : store_prepare(c, "INSERT INTO procedure_document (procedure_id, position, "
                                     "name, kind, originals, copies, reusable_from) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!st)
            return STORE_ERROR;
        store_bind_int64(st, 1, j->id);
        store_bind_int64(st, 2, (int64_t)i);
        store_bind_text(st, 3, d->name);
        store_bind_text(st, 4, d->kind);
        store_bind_int64(st, 5, d->originals);
        store_bind_int64(st, 6, d->copies);
        bind_text_or_null(st, 7, d->reusable_from);
        if (doc_id)
            store_bind_int64(st, 8, doc_id);
        rc = step_done(st);
        if (rc == 0 && doc_id && store_changes(c) == 0) {
            org_refuse_at(j->err, 422, "invalid_field", "Giấy tờ này không thuộc thủ tục.",
                          "documents[%zu].id", i);
            return REFUSED;
        }
    }
    return rc;
}

static int write_fees(store_conn *c, const save_job *j)
{
    store_stmt *del = store_prepare(c, "DELETE FROM procedure_fee WHERE procedure_id = ?");
    if (!del)
        return STORE_ERROR;
    store_bind_int64(del, 1, j->id);
    int rc = step_done(del);
    for (size_t i = 0; rc == 0 && i < j->in->fee_count; i++) {
        const proc_fee *f = &j->in->fees[i];
        store_stmt *st = store_prepare(c, "INSERT INTO procedure_fee (procedure_id, position, "
                                          "kind, amount, description, exempt) "
                                          "VALUES (?, ?, ?, ?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        store_bind_int64(st, 1, j->id);
        store_bind_int64(st, 2, (int64_t)i);
        store_bind_text(st, 3, f->kind);
        store_bind_int64(st, 4, f->amount);
        store_bind_text(st, 5, f->description);
        store_bind_text(st, 6, f->exempt);
        rc = step_done(st);
    }
    return rc;
}

/* The search index holds folded text (core/fold.h). On PostgreSQL it is a
 * plain table whose rowid is a real column, so these statements serve both. */
static int write_search(store_conn *c, const save_job *j)
{
    store_stmt *del = store_prepare(c, "DELETE FROM procedure_search WHERE rowid = ?");
    if (!del)
        return STORE_ERROR;
    store_bind_int64(del, 1, j->id);
    int rc = step_done(del);
    if (rc != 0)
        return rc;
    size_t n = strlen(j->in->name) + strlen(j->in->field) + 2;
    char *name = malloc(n), *field = malloc(n);
    store_stmt *st = store_prepare(c, "INSERT INTO procedure_search (rowid, code, name, field) "
                                      "VALUES (?, ?, ?, ?)");
    if (!st || !name || !field) {
        free(name);
        free(field);
        return STORE_ERROR;
    }
    text_fold(j->in->name, name, n);
    text_fold(j->in->field, field, n);
    store_bind_int64(st, 1, j->id);
    store_bind_text(st, 2, j->in->code);
    store_bind_text(st, 3, name);
    store_bind_text(st, 4, field);
    rc = step_done(st);
    free(name);
    free(field);
    return rc;
}

static int write_workflow_if_given(store_conn *c, save_job *j, int *version)
{
    *version = 0;
    json_t *given = j->in->workflow;
    json_t *fallback = NULL;
    if (!given && !j->created)
        return 0;
    if (!given)
        given = fallback = json_pack("{s:s}", "template", "counter_specialist_leader");
    workflow_input wf;
    int rc = catalog_check_workflow(given, &wf, j->err) == 0
                 ? catalog_insert_workflow(c, j->id, &wf, j->actor, version, j->err)
                 : REFUSED;
    json_decref(fallback);
    return rc;
}

static int save_procedure(store_conn *c, void *ctx)
{
    save_job *j = ctx;
    int64_t existing = catalog_procedure_id(c, j->in->code), competent;
    if (existing < 0)
        return STORE_ERROR;
    if (existing && !j->replace)
        return catalog_refused(j->err, 409, "duplicate", "code", "Đã có thủ tục với mã này.");
    int rc = unit_id(c, j->in->competent_unit, &competent);
    if (rc != 0)
        return rc;
    if (j->in->competent_unit && !competent)
        return catalog_refused(j->err, 422, "invalid_field", "competent_unit",
                               "Không có đơn vị với mã định danh này.");
    j->created = existing == 0;
    int version;
    if ((rc = write_row(c, j, existing, competent)) != 0 || (rc = write_documents(c, j)) != 0 ||
        (rc = write_fees(c, j)) != 0 || (rc = write_search(c, j)) != 0 ||
        (rc = write_workflow_if_given(c, j, &version)) != 0)
        return rc;
    return audit_record(c, j->actor, j->created ? "procedure.create" : "procedure.update",
                        "procedure", j->id,
                        json_pack("{s:s, s:s?, s:s, s:i}", "code", j->in->code, "source",
                                  j->in->source_kind, "review", j->in->review_status,
                                  "workflow_version", version));
}

int catalog_procedure_save(store *s, json_t *procedure, const char *actor, bool replace,
                           int64_t *id, bool *created, org_error *err)
{
    proc_input *in = malloc(sizeof *in);
    if (!in)
        return org_refuse(err, 503, "unavailable", NULL, "Hết bộ nhớ.");
    int result = -1;
    if (catalog_check_procedure(procedure, in, err) == 0) {
        save_job j = {.in = in, .actor = actor, .replace = replace, .err = err};
        int rc = store_write(s, save_procedure, &j);
        if (rc == 0) {
            *id = j.id;
            *created = j.created;
            result = 0;
        } else {
            catalog_store_failure(rc, err);
        }
    }
    free(in);
    return result;
}

/* --- status and review ---------------------------------------------------- */

typedef struct {
    const char *code, *value, *actor;
    bool review;
    org_error *err;
} flag_job;

static int write_flag(store_conn *c, void *ctx)
{
    flag_job *j = ctx;
    char now[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(timefmt_now_ms(), now);
    store_stmt *st =
        j->review
            ? store_prepare(c, "UPDATE procedure SET review_status = 'confirmed', reviewed_by = ?2, "
                               "reviewed_at = ?3, updated_at = ?3 WHERE code = ?1 "
                               "RETURNING id, CASE WHEN time_unit IS NOT NULL THEN 1 ELSE 0 END")
            : store_prepare(c, "UPDATE procedure SET status = ?2, updated_at = ?3 WHERE code = ?1 "
                               "RETURNING id, 1");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, j->code);
    store_bind_text(st, 2, j->review ? j->actor : j->value);
    store_bind_text(st, 3, now);
    int rc = store_step(st);
    int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    bool has_time = rc == STORE_ROW && store_col_int64(st, 1);
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if (!id)
        return catalog_refused(j->err, 404, "not_found", "code", "Không có thủ tục với mã này.");
    if (j->review && !has_time)
        return catalog_refused(j->err, 422, "invalid_field", "time",
                               "Cần ghi thời hạn giải quyết trước khi xác nhận.");
    return audit_record(c, j->actor, j->review ? "procedure.review" : "procedure.status",
                        "procedure", id,
                        json_pack("{s:s, s:s}", "code", j->code, j->review ? "review" : "status",
                                  j->review ? "confirmed" : j->value));
}

int catalog_set_status(store *s, const char *code, const char *status, const char *actor,
                       org_error *err)
{
    if (!status || (strcmp(status, "active") != 0 && strcmp(status, "inactive") != 0))
        return org_refuse(err, 422, "invalid_field", "status", "Trạng thái là active hoặc inactive.");
    flag_job j = {code, status, actor, false, err};
    int rc = store_write(s, write_flag, &j);
    return rc == 0 ? 0 : catalog_store_failure(rc, err);
}

int catalog_confirm_review(store *s, const char *code, const char *actor, org_error *err)
{
    flag_job j = {code, NULL, actor, true, err};
    int rc = store_write(s, write_flag, &j);
    return rc == 0 ? 0 : catalog_store_failure(rc, err);
}
