/* Signing a văn bản đi (NĐ 30/2020 Điều 13 khoản 1, Điều 15): in one
 * write the document takes the next number of its unit's register for the
 * local year (the secret register for a confidential one, Điều 15 khoản 2;
 * one sequence per type when the unit numbers so, khoản 1 điểm c), its
 * ký hiệu, the date of issue, and the signed PDF that prints them — so a
 * rolled-back signing gives its number back and no number is printed
 * twice.
 *
 * A content uploaded as a scan (PDF or image) stays the content: the
 * signed document that xaso renders carries the heading, the number, the
 * signature block and the scan's name and SHA-256, so the signature covers
 * the scan too, and both travel together to the recipients. A văn thư
 * sees a numbered, signed document whose body is the scanned file, as a
 * paper original with its annex.
 *
 * Rendering, signing and storing the file take tens of milliseconds, too
 * long to hold the single writer (every intake in the commune waits on
 * it). So they run before the write, for the number the register will give
 * next; the write then takes the number and keeps the file only if it is
 * that one. When another signing in the same register got there first, the
 * file is thrown away and made again for the next number: optimistic, as
 * two leaders of one unit rarely sign in the same instant, and never a gap
 * or a twin either way. */
#include "document/outgoing.h"

#include "core/civil_date.h"
#include "core/doc_number.h"
#include "core/doc_type.h"
#include "core/deadline.h"
#include "core/timefmt.h"
#include "org/signing.h"
#include "store/blob.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void document_forget_blob(store *s, const char *data_dir, const char *hash)
{
    if (!hash || !hash[0])
        return;
    store_conn *c = store_reader(s);
    store_stmt *st = c ? store_prepare(c, "SELECT 1 FROM document WHERE file_sha256 = ? UNION ALL"
                                          " SELECT 1 FROM document_file WHERE sha256 = ?")
                       : NULL;
    if (!st)
        return;
    store_bind_text(st, 1, hash);
    store_bind_text(st, 2, hash);
    bool used = store_step(st) == STORE_ROW;
    store_reset(st);
    char path[4096];
    if (!used && blob_path(data_dir, hash, path, sizeof path) == 0)
        unlink(path);
}

typedef struct sign_row {
    const char *updated_at;
    const char *status, *type_code, *type_name, *subject, *content, *urgency, *secrecy, *organ;
    int64_t unit_id, drafting_unit_id, signer_id, parent_id; /* signer_id: the one named, or 0 */
    const char *authority;
} sign_row;

static int load(store_conn *c, const document_sign_job *j, arena *a, sign_row *r)
{
    store_stmt *st = store_prepare(c, "SELECT d.status, d.type_code, d.type_name, d.subject, d.content, d.urgency,"
                                      " d.secrecy, d.organ_name, d.unit_id, d.drafting_unit_id, d.signer_account_id,"
                                      " p.name, d.updated_at FROM document d JOIN unit u ON u.id = d.unit_id"
                                      " LEFT JOIN unit p ON p.id = u.parent_id WHERE d.id = ? AND d.direction = 'out'");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        const char **texts[] = {&r->status, &r->type_code, &r->type_name, &r->subject, &r->content,
                                &r->urgency, &r->secrecy, &r->organ};
        for (int i = 0; i < 8; i++)
            *texts[i] = store_col_is_null(st, i) ? NULL : arena_strdup(a, store_col_text(st, i));
        r->unit_id = store_col_int64(st, 8);
        r->drafting_unit_id = store_col_int64(st, 9);
        r->signer_id = store_col_int64(st, 10);
        r->authority = store_col_is_null(st, 11) ? "" : arena_strdup(a, store_col_text(st, 11));
        r->updated_at = arena_strdup(a, store_col_text(st, 12));
    }
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* The place in "Thượng Đức, ngày …" (PL I Phần I Mục II khoản 5): the
 * commune's name without "Ủy ban nhân dân xã". */
static const char *place_of(const char *organ)
{
    static const char *const prefixes[] = {"Ủy ban nhân dân xã ", "Ủy ban nhân dân phường ",
                                           "Ủy ban nhân dân đặc khu ", "Ủy ban nhân dân "};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(organ, prefixes[i], strlen(prefixes[i])) == 0)
            return organ + strlen(prefixes[i]);
    return organ;
}

static char *url_encode(arena *a, const char *s)
{
    char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '.' || *p == '_')
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = '\0';
    return out;
}

/* The account's current key, so the block printed on the page names the
 * key that signs: 0 with *key_id, DOCUMENT_SIGN_NO_KEY when it has none. */
static int current_key(store_conn *c, int64_t account_id, int64_t *key_id)
{
    store_stmt *st = store_prepare(c, "SELECT id FROM signing_key WHERE account_id = ? AND revoked_at IS NULL"
                                      " ORDER BY id DESC LIMIT 1");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, account_id);
    int rc = store_step(st);
    *key_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? DOCUMENT_SIGN_NO_KEY : rc < 0 ? rc : STORE_ERROR;
}

int document_sign_key(store_conn *c, void *job)
{
    document_sign_job *j = job;
    int64_t key_id;
    int rc = current_key(c, j->account_id, &key_id);
    if (rc != DOCUMENT_SIGN_NO_KEY)
        return rc;
    /* signing_sign makes the key on first use; what it signs here is thrown away. */
    char at[TIMEFMT_ISO_LEN], unused[SIGNATURE_HEX];
    timefmt_iso_utc(j->now, at);
    rc = signing_sign(c, j->account_id, j->signing_key, "key", "", at, &key_id, unused);
    return rc == 1 ? document_refuse(j->e, 503, "signing_unavailable", NULL,
                                     "Không mở được khóa ký: khóa của máy chủ (XASO_SIGNING_KEY) đã đổi.")
                   : rc;
}

static const char **recipients(store_conn *c, arena *a, int64_t id, const char *keep, int *count)
{
    store_stmt *st = store_prepare(c, "SELECT organ_name FROM document_recipient WHERE document_id = ? ORDER BY id");
    const char **out = arena_calloc(a, 202, sizeof *out);
    *count = 0;
    if (!st || !out)
        return out;
    store_bind_int64(st, 1, id);
    while (store_step(st) == STORE_ROW && *count < 200)
        out[(*count)++] = arena_strdup(a, store_col_text(st, 0));
    store_reset(st);
    out[(*count)++] = keep; /* "Lưu: VT, VX." (PL I Phần I Mục II khoản 10) */
    return out;
}

/* The newest content file, when it is a scan the document's body is. */
static void content_file(store_conn *c, arena *a, int64_t id, const char **name, const char **sha)
{
    store_stmt *st = store_prepare(c, "SELECT name, sha256 FROM document_file WHERE document_id = ? AND role = 'content'"
                                      " ORDER BY id DESC LIMIT 1");
    *name = *sha = NULL;
    if (!st)
        return;
    store_bind_int64(st, 1, id);
    if (store_step(st) == STORE_ROW) {
        *name = arena_strdup(a, store_col_text(st, 0));
        *sha = arena_strdup(a, store_col_text(st, 1));
    }
    store_reset(st);
}

static bool signer_of(store_conn *c, arena *a, int64_t account, const char **name, const char **position)
{
    store_stmt *st = store_prepare(c, "SELECT full_name, position FROM account WHERE id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, account);
    bool found = store_step(st) == STORE_ROW;
    if (found) {
        *name = arena_strdup(a, store_col_text(st, 0));
        *position = store_col_is_null(st, 1) ? "Thủ trưởng cơ quan" : arena_strdup(a, store_col_text(st, 1));
    }
    store_reset(st);
    return found;
}

/* The register and sequence a document numbers in (Điều 15 khoản 1 điểm c,
 * khoản 2), and the next number there: peeked on the reader, taken in the
 * write. */
static int register_of(store_conn *c, document_sign_job *j, const sign_row *r, document_sign_made *m)
{
    char organ[24];
    bool per_type = false;
    if (!document_unit_settings(c, r->unit_id, organ, &per_type))
        return document_refuse(j->e, 422, "no_abbreviation", "unit",
                               "Cơ quan ban hành chưa đặt chữ viết tắt (PUT /api/v1/documents/settings).");
    m->reg = r->secrecy && r->secrecy[0] ? DOCUMENT_REGISTER_OUT_SECRET : DOCUMENT_REGISTER_OUT;
    m->year = document_local_year(j->now);
    m->seq_type = per_type ? r->type_code : "";
    return 0;
}

static int peek_seq(store_conn *c, const sign_row *r, const document_sign_made *m, int64_t *next)
{
    store_stmt *st = store_prepare(c, "SELECT last FROM document_sequence WHERE unit_id = ? AND year = ?"
                                      " AND register = ? AND type_code = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, r->unit_id);
    store_bind_int64(st, 2, m->year);
    store_bind_text(st, 3, document_register_name(m->reg));
    store_bind_text(st, 4, m->seq_type);
    int rc = store_step(st);
    *next = rc == STORE_ROW ? store_col_int64(st, 0) + 1 : 1;
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* Số và ký hiệu of number seq (PL I Phần I Mục II khoản 3): TYPE-ORGAN, or
 * ORGAN-DRAFTINGUNIT for a công văn. */
static int number_text(store_conn *c, document_sign_job *j, const sign_row *r, document_sign_made *m)
{
    char organ[24], drafting[24] = "";
    bool unused;
    document_unit_settings(c, r->unit_id, organ, &unused);
    const doc_type *type = doc_type_by_code(r->type_code);
    bool has_drafting = r->drafting_unit_id != r->unit_id && document_unit_settings(c, r->drafting_unit_id, drafting, &unused);
    if (!type->abbr && !has_drafting)
        return document_refuse(j->e, 422, "no_abbreviation", "drafting_unit",
                               "Công văn ghi chữ viết tắt của đơn vị soạn thảo; đơn vị này chưa đặt chữ viết tắt.");
    doc_notation x;
    char text[DOC_NOTATION_TEXT_MAX];
    doc_notation_error e = doc_notation_make(&x, m->seq, type, organ, type->abbr ? NULL : drafting);
    if (e != DOC_NOTATION_OK || doc_notation_format(&x, text, sizeof text) < 0)
        return document_refuse(j->e, 422, doc_notation_error_code(e), "unit", doc_notation_error_message(e));
    char *slash = strchr(text, '/');
    m->text = arena_strdup(j->a, text);
    m->number = arena_printf(j->a, "%.*s", (int)(slash - text), text);
    m->notation = arena_strdup(j->a, slash + 1);
    return 0;
}

static int save(store_conn *c, document_sign_job *j)
{
    const document_sign_made *m = &j->made;
    store_stmt *st = store_prepare(c, "UPDATE document SET status = 'signed', register = ?, year = ?, seq = ?, seq_type = ?,"
                                      " code_number = ?, code_notation = ?, issued_date = ?, signer_account_id = ?,"
                                      " signer_position = ?, signer_full_name = ?, signed_at = ?, file_sha256 = ?,"
                                      " file_name = ?, updated_at = ? WHERE id = ? AND status = 'review'");
    if (!st)
        return STORE_ERROR;
    int i = 1;
    store_bind_text(st, i++, document_register_name(m->reg));
    store_bind_int64(st, i++, m->year);
    store_bind_int64(st, i++, m->seq);
    store_bind_text(st, i++, m->seq_type);
    store_bind_text(st, i++, m->number);
    store_bind_text(st, i++, m->notation);
    store_bind_text(st, i++, m->date);
    store_bind_int64(st, i++, j->account_id);
    store_bind_text(st, i++, m->signer_position);
    store_bind_text(st, i++, m->signer_name);
    store_bind_text(st, i++, m->at);
    store_bind_text(st, i++, m->file_sha);
    store_bind_text(st, i++, m->file_name);
    store_bind_text(st, i++, m->at);
    store_bind_int64(st, i++, j->id);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE || store_changes(c) != 1)
        return rc < 0 ? rc : STORE_ERROR;
    st = store_prepare(c, "INSERT INTO document_signature (document_id, key_id, file_sha256, signed_at, signature)"
                          " VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    store_bind_int64(st, 2, m->key_id);
    store_bind_text(st, 3, m->covered);
    store_bind_text(st, 4, m->at);
    store_bind_text(st, 5, m->signature);
    rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* Renders, signs, seals and stores the file: fills seal (its signature
 * into sig), the whole file's hash and j->blob. */
static int make_file(store_conn *c, document_sign_job *j, const document_print *p, document_seal *seal,
                     char sig[SIGNATURE_HEX], char file_sha[65])
{
    char err[256];
    size_t len = 0, tail_len = 0;
    char *pdf = document_print_pdf(p, &len, err, sizeof err);
    if (!pdf)
        return document_refuse(j->e, 503, "unavailable", NULL, "Không tạo được tệp PDF của văn bản.");
    document_sha256_hex(pdf, len, seal->covered_sha256);
    seal->covered = len;
    int64_t used_key = 0;
    int rc = signing_sign(c, j->account_id, j->signing_key, seal->code, seal->covered_sha256, seal->signed_at,
                          &used_key, sig);
    if (rc == 1)
        rc = document_refuse(j->e, 503, "signing_unavailable", NULL,
                             "Không mở được khóa ký: khóa của máy chủ (XASO_SIGNING_KEY) đã đổi.");
    else if (rc == 0 && used_key != seal->key_id)
        rc = STORE_ERROR;
    seal->signature = sig;
    char *tail = rc == 0 ? document_seal_tail(pdf, len, seal, &tail_len) : NULL;
    char *whole = tail ? realloc(pdf, len + tail_len) : NULL;
    if (whole) {
        pdf = whole;
        memcpy(pdf + len, tail, tail_len);
        document_sha256_hex(pdf, len + tail_len, file_sha);
        if (blob_put(j->data_dir, pdf, len + tail_len, j->blob, err, sizeof err) != 0) {
            j->blob[0] = '\0';
            rc = document_refuse(j->e, 503, "unavailable", NULL, "Không lưu được tệp đã ký; vui lòng thử lại.");
        }
    } else if (rc == 0) {
        rc = STORE_ERROR;
    }
    free(tail);
    free(pdf);
    return rc;
}

/* The page as it will be printed with number m->seq, rendered, signed,
 * sealed and stored (on the reader). */
static int prepare_loaded(store_conn *c, document_sign_job *j, const sign_row *r)
{
    arena *a = j->a;
    document_sign_made *m = &j->made;
    if (!signer_of(c, a, j->account_id, &m->signer_name, &m->signer_position))
        return STORE_ERROR;
    timefmt_iso_utc(j->now, m->at);
    document_local_date(j->now, m->date);
    int rc = current_key(c, j->account_id, &m->key_id);
    if (rc == 0)
        rc = register_of(c, j, r, m);
    if (rc == 0)
        rc = peek_seq(c, r, m, &m->seq);
    if (rc == 0)
        rc = number_text(c, j, r, m);
    if (rc)
        return rc;
    civil_date day = civil_from_day_number(deadline_local_day(j->now));
    int minute = (int)(((j->now / 60000 + 7 * 60) % 1440 + 1440) % 1440);
    char drafting[24] = "", keep[64];
    bool unused;
    document_unit_settings(c, r->drafting_unit_id, drafting, &unused);
    snprintf(keep, sizeof keep, "Lưu: VT%s%s.", drafting[0] ? ", " : "", drafting);
    document_print p = {
        .authority = r->authority,
        .organ = r->organ,
        .number = m->text,
        /* PL I Phần I Mục II khoản 5: a day below 10 and the months 1 and 2
         * take a leading zero. */
        .place_date = arena_printf(a, day.month < 3 ? "%s, ngày %02d tháng %02d năm %04d" : "%s, ngày %02d tháng %d năm %04d",
                                   place_of(r->organ), day.day, day.month, day.year),
        .type_name = r->type_name,
        .subject = r->subject,
        .urgency = strcmp(r->urgency, "thuong") == 0 ? "" : document_urgency_name(r->urgency),
        .secrecy = document_secrecy_name(r->secrecy),
        .content = r->content,
        .signer_position = m->signer_position,
        .signer_name = m->signer_name,
        .signed_at_local = arena_printf(a, "%02d:%02d ngày %02d/%02d/%04d (giờ Việt Nam)", minute / 60, minute % 60,
                                        day.day, day.month, day.year),
        .key_id = m->key_id,
        .verify_url = arena_printf(a, "%s/xac-thuc/?vb=%lld&so=%s&ngay=%s", j->public_base, (long long)j->id,
                                   url_encode(a, m->text), m->date),
    };
    p.recipients = recipients(c, a, j->id, keep, &p.recipient_count);
    content_file(c, a, j->id, &p.content_file_name, &p.content_file_sha256);
    document_seal seal = {.code = arena_printf(a, "document %lld %s", (long long)j->id, m->text),
                          .signed_at = m->at, .key_id = m->key_id};
    rc = make_file(c, j, &p, &seal, m->signature, m->file_sha);
    if (rc)
        return rc;
    snprintf(m->covered, sizeof m->covered, "%s", seal.covered_sha256);
    snprintf(m->file_name, sizeof m->file_name, "%s.pdf", m->text);
    for (char *q = m->file_name; *q; q++)
        if (*q == '/')
            *q = '-';
    m->ready = true;
    return 0;
}

/* The refusals both steps make besides steps.c's (who, from which status,
 * applied by the caller): the status again, since the turn may have come
 * after another signing of this very document, and the key. */
static int refusal(document_sign_job *j, const sign_row *r)
{
    if (strcmp(r->status, "review") != 0)
        return document_refuse(j->e, 409, "invalid_state", "status", "Chỉ ký văn bản đang trình ký (review).");
    if (!j->signing_key)
        return document_refuse(j->e, 503, "signing_unavailable", NULL,
                               "Máy chủ chưa được cấu hình khóa ký (XASO_SIGNING_KEY).");
    return 0;
}

/* The turns of signing, by issuing unit (striped: two units sharing a
 * stripe only wait for each other). */
#define TURN PTHREAD_MUTEX_INITIALIZER
static pthread_mutex_t turns[16] = {TURN, TURN, TURN, TURN, TURN, TURN, TURN, TURN,
                                    TURN, TURN, TURN, TURN, TURN, TURN, TURN, TURN};
#undef TURN

static void take_turn(document_sign_job *j, int64_t unit_id)
{
    pthread_mutex_t *turn = &turns[(uint64_t)unit_id % (sizeof turns / sizeof turns[0])];
    if (j->held == turn)
        return;
    document_sign_release(j);
    pthread_mutex_lock(turn);
    j->held = turn;
}

void document_sign_release(document_sign_job *j)
{
    if (j->held)
        pthread_mutex_unlock(j->held);
    j->held = NULL;
}

int document_sign_prepare(store_conn *reader, document_sign_job *j)
{
    j->made = (document_sign_made){0};
    j->blob[0] = '\0';
    sign_row r;
    int rc = load(reader, j, j->a, &r);
    if (rc == 0)
        rc = refusal(j, &r);
    if (rc)
        return rc;
    take_turn(j, r.unit_id);
    /* Read again now that it is this signing's turn: the one before may
     * have just taken the next number, or signed this very document. */
    rc = load(reader, j, j->a, &r);
    if (rc == 0)
        rc = refusal(j, &r);
    if (rc == 0)
        j->made.updated_at = r.updated_at;
    return rc ? rc : prepare_loaded(reader, j, &r);
}

int document_sign_now(store_conn *c, document_sign_job *j)
{
    sign_row r;
    int rc = load(c, j, j->a, &r);
    if (rc == 0)
        rc = refusal(j, &r);
    if (rc)
        return rc;
    if (!j->made.ready)
        return STORE_ERROR;
    /* Returned, edited and submitted again since the file was made: the
     * file shows the old text, so it is made again. */
    if (strcmp(r.updated_at, j->made.updated_at) != 0)
        return DOCUMENT_SIGN_STALE;
    int64_t seq;
    rc = document_sequence_next(c, r.unit_id, j->made.year, j->made.reg, j->made.seq_type, &seq);
    if (rc)
        return rc;
    if (seq != j->made.seq)
        return DOCUMENT_SIGN_STALE;
    rc = save(c, j);
    if (rc == 0)
        j->summary = json_pack("{s:s, s:s, s:s, s:I, s:s}", "number", j->made.text, "register",
                               document_register_name(j->made.reg), "issued_date", j->made.date, "key_id",
                               (json_int_t)j->made.key_id, "file_sha256", j->made.file_sha);
    return rc;
}

static int write_sign(store_conn *c, void *job)
{
    return document_sign_now(c, job);
}

int document_sign(store *s, document_sign_job *j)
{
    store_conn *c = store_reader(s);
    if (!c)
        return STORE_ERROR;
    int rc = DOCUMENT_SIGN_STALE;
    for (int tries = 0; tries < 8 && rc == DOCUMENT_SIGN_STALE; tries++) {
        rc = document_sign_prepare(c, j);
        if (rc == DOCUMENT_SIGN_NO_KEY && (rc = store_write(s, document_sign_key, j)) == 0)
            rc = document_sign_prepare(c, j);
        if (rc == 0)
            rc = store_write(s, write_sign, j);
        document_sign_release(j);
        if (rc != 0)
            document_forget_blob(s, j->data_dir, j->blob);
    }
    return rc;
}
