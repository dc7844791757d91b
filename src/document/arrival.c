/* Registering an incoming document (Điều 22): one số đến per unit and year,
 * paper and electronic alike, given by the system with the arrival date
 * (PL VI Phần I Mục III k 1 đ. g); a confidential one in its own register. */
#include "document/internal.h"

#include "core/doc_type.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <string.h>

/* How it came, as the trace says it. */
static const char *via_name(const char *via)
{
    if (!via)
        return NULL;
    if (strcmp(via, "paper") == 0)
        return "vào sổ từ bản giấy hoặc bản chụp";
    if (strcmp(via, "direct") == 0)
        return "nhận trực tiếp từ đơn vị trong hệ thống";
    if (strcmp(via, "edxml") == 0)
        return "nhận qua gói tin edXML";
    return NULL;
}

int document_arrival_register(store_conn *c, const document_arrival *in, int64_t *id, int64_t *arrival_number)
{
    bool secret = in->secrecy && in->secrecy[0];
    document_register reg = secret ? DOCUMENT_REGISTER_IN_SECRET : DOCUMENT_REGISTER_IN;
    int year = document_local_year(in->now);
    int rc = document_sequence_next(c, in->unit_id, year, reg, "", arrival_number);
    if (rc)
        return rc;
    const doc_type *type = doc_type_by_code(in->type_code);
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(in->now, at);
    store_stmt *st = store_prepare(
        c, "INSERT INTO document (direction, unit_id, status, type_code, type_name, code_number, code_notation,"
           " issued_date, organ_name, organ_id, subject, language, page_amount, description, signer_position,"
           " signer_full_name, urgency, secrecy, due_date, register, year, seq, arrival_date, received_via, to_places,"
           " file_sha256, file_name, source_document_id, edxml_document_id, created_by, created_at, updated_at)"
           " VALUES ('in', ?, 'registered', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
           " ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return STORE_ERROR;
    int i = 1;
    store_bind_int64(st, i++, in->unit_id);
    store_bind_text(st, i++, in->type_code);
    store_bind_text(st, i++, in->type_name ? in->type_name : type ? type->name : in->type_code);
    store_bind_text(st, i++, in->code_number);
    store_bind_text(st, i++, in->code_notation);
    store_bind_text(st, i++, in->issued_date);
    store_bind_text(st, i++, in->organ_name);
    store_bind_text(st, i++, in->organ_id);
    store_bind_text(st, i++, in->subject);
    store_bind_text(st, i++, in->language ? in->language : "Tiếng Việt");
    if (in->page_amount > 0)
        store_bind_int64(st, i++, in->page_amount);
    else
        store_bind_null(st, i++);
    store_bind_text(st, i++, in->description);
    store_bind_text(st, i++, in->signer_position);
    store_bind_text(st, i++, in->signer_full_name);
    store_bind_text(st, i++, in->urgency ? in->urgency : "thuong");
    store_bind_text(st, i++, in->secrecy ? in->secrecy : "");
    store_bind_text(st, i++, in->due_date);
    store_bind_text(st, i++, document_register_name(reg));
    store_bind_int64(st, i++, year);
    store_bind_int64(st, i++, *arrival_number);
    store_bind_text(st, i++, at);
    store_bind_text(st, i++, via_name(in->via) ? in->via : "paper");
    store_bind_text(st, i++, in->to_places);
    store_bind_text(st, i++, in->file_sha256);
    store_bind_text(st, i++, in->file_name);
    if (in->source_document_id > 0)
        store_bind_int64(st, i++, in->source_document_id);
    else
        store_bind_null(st, i++);
    store_bind_text(st, i++, in->edxml_document_id);
    store_bind_text(st, i++, in->actor);
    store_bind_text(st, i++, at);
    store_bind_text(st, i++, at);
    rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_int64(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return rc < 0 ? rc : STORE_ERROR;
    /* Điều 21 khoản 2: the sender learns the same day that it arrived (01);
     * registering it is its acceptance (03). */
    char note[160];
    snprintf(note, sizeof note, "Số đến %lld, %s", (long long)*arrival_number,
             via_name(in->via) ? via_name(in->via) : via_name("paper"));
    return document_event_add(c, *id, at, in->actor, "register", NULL, "registered", "03", note);
}

json_t *document_arrival_duplicates(store_conn *c, int64_t account_id, int64_t unit_id, const char *code_number,
                                    const char *code_notation, const char *organ_name)
{
    store_stmt *st = store_prepare(c, "SELECT id, seq, year, arrival_date FROM document WHERE direction = 'in'"
                                      " AND unit_id = ? AND code_number = ? AND code_notation = ? AND organ_name = ?"
                                      " ORDER BY id");
    if (!st)
        return NULL;
    store_bind_int64(st, 1, unit_id);
    store_bind_text(st, 2, code_number);
    store_bind_text(st, 3, code_notation);
    store_bind_text(st, 4, organ_name);
    json_t *out = json_array();
    int64_t ids[64];
    int n = 0, rc;
    while ((rc = store_step(st)) == STORE_ROW && n < 64) {
        ids[n++] = store_col_int64(st, 0);
        json_array_append_new(out, json_pack("{s:I, s:I, s:I, s:s?}", "id", (json_int_t)store_col_int64(st, 0),
                                             "arrival_number", (json_int_t)store_col_int64(st, 1), "year",
                                             (json_int_t)store_col_int64(st, 2), "arrival_date",
                                             store_col_text(st, 3)));
    }
    store_reset(st);
    if (rc != STORE_DONE && rc != STORE_ROW) {
        json_decref(out);
        return NULL;
    }
    /* One the caller may not see (a confidential one) is not named, nor
     * counted: the warning must not confirm that it exists. */
    for (int i = n - 1; account_id > 0 && i >= 0; i--)
        if (!document_visible(c, account_id, ids[i]))
            json_array_remove(out, (size_t)i);
    return out;
}
