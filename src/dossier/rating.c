/* The applicant's rating of the service, once, after the result is returned:
 * each criterion of the evaluation set scored 0, 1 or 2, an overall verdict
 * and a comment. The criteria are rows (rating_criterion), so the list can
 * follow the regulation without a rebuild. */
#include "dossier/internal.h"

#include "core/dossier_status.h"
#include "org/audit.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *code;
    json_t *body;
    int64_t now;
    org_error *err;
} rate_job;

static int check_scores(store_conn *c, json_t *scores, org_error *err)
{
    if (!json_is_object(scores))
        return dossier_refused(err, 422, "invalid_field", "scores", "Cần điểm cho từng tiêu chí (0, 1 hoặc 2).");
    /* In code order (SQLite's, the table's key), so the first wrong score
     * named is the same on PostgreSQL. */
    store_stmt *st = store_prepare(c, "SELECT code FROM rating_criterion WHERE active = 1 ORDER BY code");
    if (!st)
        return STORE_ERROR;
    size_t active = 0;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        active++;
        json_t *v = json_object_get(scores, store_col_text(st, 0));
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 2) {
            org_refuse_at(err, 422, "invalid_field", "Mỗi tiêu chí được chấm 0, 1 hoặc 2.",
                          "scores.%s", store_col_text(st, 0));
            store_reset(st);
            return REFUSED;
        }
    }
    store_reset(st);
    if (rc != STORE_DONE)
        return rc;
    return json_object_size(scores) == active
               ? 0
               : dossier_refused(err, 422, "invalid_field", "scores", "Có tiêu chí không thuộc bộ tiêu chí đánh giá.");
}

static int write_rating(store_conn *c, void *ctx)
{
    rate_job *j = ctx;
    dossier_row row;
    int rc = dossier_load(c, j->code, &row);
    if (rc != 0)
        return rc < 0 ? rc : dossier_refused(j->err, 404, "not_found", "code", "Không có hồ sơ với mã này.");
    int status = row.status;
    dossier_row_release(&row);
    if (status != DOSSIER_RETURNED)
        return dossier_refused(j->err, 422, "not_returned", NULL, "Chỉ đánh giá sau khi đã nhận kết quả.");
    const char *overall = json_string_value(json_object_get(j->body, "overall"));
    if (!overall || (strcmp(overall, "very_satisfied") != 0 && strcmp(overall, "satisfied") != 0 &&
                     strcmp(overall, "unsatisfied") != 0))
        return dossier_refused(j->err, 422, "invalid_field", "overall",
                               "Mức hài lòng là very_satisfied (rất hài lòng), satisfied hoặc unsatisfied.");
    json_t *comment = json_object_get(j->body, "comment");
    if (comment && (!json_is_string(comment) || json_string_length(comment) > 2000))
        return dossier_refused(j->err, 422, "invalid_field", "comment", "Ý kiến tối đa 2000 byte.");
    json_t *scores = json_object_get(j->body, "scores");
    if ((rc = check_scores(c, scores, j->err)) != 0)
        return rc;
    char *scores_text = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
    store_stmt *st = store_prepare(c, "INSERT INTO dossier_rating (dossier_id, overall, scores, comment, rated_at) "
                                      "VALUES ((SELECT id FROM dossier WHERE code = ?), ?, ?, ?, ?) "
                                      "RETURNING dossier_id");
    if (!st || !scores_text) {
        free(scores_text);
        return STORE_ERROR;
    }
    store_bind_text(st, 1, j->code);
    store_bind_text(st, 2, overall);
    store_bind_text(st, 3, scores_text);
    store_bind_text(st, 4, comment ? json_string_value(comment) : "");
    dossier_bind_instant(st, 5, j->now);
    rc = store_step(st);
    int64_t dossier_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    if (rc == STORE_ROW)
        rc = store_step(st);
    store_reset(st);
    free(scores_text);
    if (rc == STORE_CONSTRAINT)
        return dossier_refused(j->err, 409, "already_rated", NULL, "Hồ sơ này đã được đánh giá.");
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return audit_record(c, "applicant", "dossier.rate", "dossier", dossier_id,
                        json_pack("{s:s, s:s}", "code", j->code, "overall", overall));
}

int dossier_rate(store *s, const char *code, json_t *body, int64_t now, org_error *err)
{
    rate_job j = {code, body, now, err};
    if (!json_is_object(body))
        return org_refuse(err, 422, "invalid_field", "overall", "Cần nội dung đánh giá.");
    int rc = store_write(s, write_rating, &j);
    return rc == 0 ? 0 : dossier_store_failure(rc, err);
}

json_t *dossier_rating_criteria(store_conn *c)
{
    store_stmt *st = store_prepare(c, "SELECT code, text FROM rating_criterion WHERE active = 1 ORDER BY position");
    if (!st)
        return NULL;
    json_t *items = json_array();
    while (store_step(st) == STORE_ROW)
        json_array_append_new(items, json_pack("{s:s, s:s}", "code", store_col_text(st, 0), "text",
                                               store_col_text(st, 1)));
    store_reset(st);
    return json_pack("{s:o}", "items", items);
}
