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
 * The PDF is rendered inside the write (tens of milliseconds on the
 * writer), because only there is its number known. */
#include "document/outgoing.h"

#include "core/civil_date.h"
#include "core/doc_number.h"
#include "core/doc_type.h"
#include "core/deadline.h"
#include "core/timefmt.h"
#include "org/signing.h"
#include "store/blob.h"

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
    const char *status, *type_code, *type_name, *subject, *content, *urgency, *secrecy, *organ;
    int64_t unit_id, drafting_unit_id, signer_id, parent_id; /* signer_id: the one named, or 0 */
    const char *authority;
} sign_row;

static int load(store_conn *c, document_sign_job *j, arena *a, sign_row *r)
{
    store_stmt *st = store_prepare(c, "SELECT d.status, d.type_code, d.type_name, d.subject, d.content, d.urgency,"
                                      " d.secrecy, d.organ_name, d.unit_id, d.drafting_unit_id, d.signer_account_id,"
                                      " p.name FROM document d JOIN unit u ON u.id = d.unit_id"
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

/* The account's current key, made now if it has none, so the block printed
 * on the page names the key that signs. */
static int current_key(store_conn *c, document_sign_job *j, const char *at, int64_t *key_id)
{
    store_stmt *st = store_prepare(c, "SELECT id FROM signing_key WHERE account_id = ? AND revoked_at IS NULL"
                                      " ORDER BY id DESC LIMIT 1");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->account_id);
    int rc = store_step(st);
    *key_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (rc == STORE_ROW)
        return 0;
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    char unused[SIGNATURE_HEX];
    rc = signing_sign(c, j->account_id, j->signing_key, "key", "", at, key_id, unused);
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

typedef struct numbered {
    document_register reg;
    int year;
    int64_t seq;
    char text[DOC_NOTATION_TEXT_MAX], number[16];
    const char *notation, *seq_type; /* seq_type: the sequence's type key, "" when shared */
} numbered;

/* Số và ký hiệu (Điều 15 khoản 1; PL I Phần I Mục II khoản 3). */
static int take_number(store_conn *c, document_sign_job *j, const sign_row *r, numbered *n)
{
    char organ[24], drafting[24] = "";
    bool per_type = false, unused;
    if (!document_unit_settings(c, r->unit_id, organ, &per_type))
        return document_refuse(j->e, 422, "no_abbreviation", "unit",
                               "Cơ quan ban hành chưa đặt chữ viết tắt (PUT /api/v1/documents/settings).");
    const doc_type *type = doc_type_by_code(r->type_code);
    bool has_drafting = r->drafting_unit_id != r->unit_id && document_unit_settings(c, r->drafting_unit_id, drafting, &unused);
    if (!type->abbr && !has_drafting)
        return document_refuse(j->e, 422, "no_abbreviation", "drafting_unit",
                               "Công văn ghi chữ viết tắt của đơn vị soạn thảo; đơn vị này chưa đặt chữ viết tắt.");
    n->reg = r->secrecy && r->secrecy[0] ? DOCUMENT_REGISTER_OUT_SECRET : DOCUMENT_REGISTER_OUT;
    n->year = document_local_year(j->now);
    n->seq_type = per_type ? r->type_code : "";
    int rc = document_sequence_next(c, r->unit_id, n->year, n->reg, n->seq_type, &n->seq);
    if (rc)
        return rc;
    doc_notation x;
    doc_notation_error e = doc_notation_make(&x, n->seq, type, organ, type->abbr ? NULL : drafting);
    if (e != DOC_NOTATION_OK || doc_notation_format(&x, n->text, sizeof n->text) < 0)
        return document_refuse(j->e, 422, doc_notation_error_code(e), "unit", doc_notation_error_message(e));
    char *slash = strchr(n->text, '/');
    snprintf(n->number, sizeof n->number, "%.*s", (int)(slash - n->text), n->text);
    n->notation = slash + 1;
    return 0;
}

static int save(store_conn *c, document_sign_job *j, const numbered *n, const char *date, const char *name,
                const char *position, const char *at, const char *file_sha, const char *file_name, int64_t key_id,
                const char *covered, const char *signature)
{
    store_stmt *st = store_prepare(c, "UPDATE document SET status = 'signed', register = ?, year = ?, seq = ?, seq_type = ?,"
                                      " code_number = ?, code_notation = ?, issued_date = ?, signer_account_id = ?,"
                                      " signer_position = ?, signer_full_name = ?, signed_at = ?, file_sha256 = ?,"
                                      " file_name = ?, updated_at = ? WHERE id = ? AND status = 'review'");
    if (!st)
        return STORE_ERROR;
    int i = 1;
    store_bind_text(st, i++, document_register_name(n->reg));
    store_bind_int64(st, i++, n->year);
    store_bind_int64(st, i++, n->seq);
    store_bind_text(st, i++, n->seq_type);
    store_bind_text(st, i++, n->number);
    store_bind_text(st, i++, n->notation);
    store_bind_text(st, i++, date);
    store_bind_int64(st, i++, j->account_id);
    store_bind_text(st, i++, position);
    store_bind_text(st, i++, name);
    store_bind_text(st, i++, at);
    store_bind_text(st, i++, file_sha);
    store_bind_text(st, i++, file_name);
    store_bind_text(st, i++, at);
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
    store_bind_int64(st, 2, key_id);
    store_bind_text(st, 3, covered);
    store_bind_text(st, 4, at);
    store_bind_text(st, 5, signature);
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

static int sign_loaded(store_conn *c, document_sign_job *j, arena *a, const sign_row *r)
{
    const char *name = NULL, *position = NULL;
    if (!signer_of(c, a, j->account_id, &name, &position))
        return STORE_ERROR;
    char at[TIMEFMT_ISO_LEN], date[11];
    timefmt_iso_utc(j->now, at);
    document_local_date(j->now, date);
    int64_t key_id = 0;
    numbered n = {0};
    int rc = current_key(c, j, at, &key_id);
    if (rc == 0)
        rc = take_number(c, j, r, &n);
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
        .number = n.text,
        /* PL I Phần I Mục II khoản 5: a day below 10 and the months 1 and 2
         * take a leading zero. */
        .place_date = arena_printf(a, day.month < 3 ? "%s, ngày %02d tháng %02d năm %04d" : "%s, ngày %02d tháng %d năm %04d",
                                   place_of(r->organ), day.day, day.month, day.year),
        .type_name = r->type_name,
        .subject = r->subject,
        .urgency = strcmp(r->urgency, "thuong") == 0 ? "" : document_urgency_name(r->urgency),
        .secrecy = document_secrecy_name(r->secrecy),
        .content = r->content,
        .signer_position = position,
        .signer_name = name,
        .signed_at_local = arena_printf(a, "%02d:%02d ngày %02d/%02d/%04d (giờ Việt Nam)", minute / 60, minute % 60,
                                        day.day, day.month, day.year),
        .key_id = key_id,
        .verify_url = arena_printf(a, "%s/xac-thuc/?vb=%lld&so=%s&ngay=%s", j->public_base, (long long)j->id,
                                   url_encode(a, n.text), date),
    };
    p.recipients = recipients(c, a, j->id, keep, &p.recipient_count);
    content_file(c, a, j->id, &p.content_file_name, &p.content_file_sha256);
    document_seal seal = {.code = arena_printf(a, "document %lld %s", (long long)j->id, n.text),
                          .signed_at = at, .key_id = key_id};
    char sig[SIGNATURE_HEX], file_sha[65];
    rc = make_file(c, j, &p, &seal, sig, file_sha);
    char file_name[DOC_NOTATION_TEXT_MAX + 8];
    snprintf(file_name, sizeof file_name, "%s.pdf", n.text);
    for (char *q = file_name; *q; q++)
        if (*q == '/')
            *q = '-';
    if (rc == 0)
        rc = save(c, j, &n, date, name, position, at, file_sha, file_name, key_id, seal.covered_sha256, sig);
    if (rc == 0)
        j->summary = json_pack("{s:s, s:s, s:s, s:I, s:s}", "number", n.text, "register",
                               document_register_name(n.reg), "issued_date", date, "key_id", (json_int_t)key_id,
                               "file_sha256", file_sha);
    return rc;
}

int document_sign_now(store_conn *c, document_sign_job *j)
{
    arena a;
    arena_init(&a, 0);
    sign_row r;
    int rc = load(c, j, &a, &r);
    /* Who may sign and from which status is steps.c's rule, which the
     * caller (outgoing_action.c) has applied in this same write. */
    if (rc == 0 && !j->signing_key)
        rc = document_refuse(j->e, 503, "signing_unavailable", NULL,
                             "Máy chủ chưa được cấu hình khóa ký (XASO_SIGNING_KEY).");
    if (rc == 0)
        rc = sign_loaded(c, j, &a, &r);
    arena_free(&a);
    return rc;
}
