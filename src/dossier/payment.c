/* Fees: the amount due, payments (cash with a receipt number, bank
 * transfer, online gateway), the VietQR code for a transfer, and matching a
 * bank statement's lines to dossiers by their code. */
#include "dossier/internal.h"

#include "core/csv.h"
#include "core/dossier_status.h"
#include "core/fold.h"
#include "core/timefmt.h"
#include "core/vietqr.h"
#include "org/audit.h"
#include "org/permission.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sum paid so far. */
static int64_t paid_total(store_conn *c, int64_t dossier_id)
{
    store_stmt *st = store_prepare(c, "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM dossier_payment WHERE dossier_id = ?");
    if (!st)
        return -1;
    store_bind_int64(st, 1, dossier_id);
    int64_t sum = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : -1;
    store_reset(st);
    return sum;
}

typedef struct {
    int64_t id, fee;
    int status;
    bool paid;
    char code[40];
} fee_row;

static int load_fee(store_conn *c, const char *code, fee_row *f)
{
    store_stmt *st = store_prepare(c, "SELECT id, fee_amount, status, paid, code FROM dossier WHERE code = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, code);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        f->id = store_col_int64(st, 0);
        f->fee = store_col_int64(st, 1);
        f->status = (int)store_col_int64(st, 2);
        f->paid = store_col_int64(st, 3) != 0;
        snprintf(f->code, sizeof f->code, "%s", store_col_text(st, 4));
    }
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : rc;
}

/* Inserts a payment and marks the dossier paid once the fee is covered. */
static int add_payment(store_conn *c, const fee_row *f, const char *method, int64_t amount,
                       const char *receipt_no, int gateway, const char *statement_line,
                       const char *actor, int64_t now)
{
    store_stmt *st = store_prepare(c, "INSERT INTO dossier_payment (dossier_id, method, amount, receipt_no, "
                                      "gateway, statement_line, paid_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, f->id);
    store_bind_text(st, 2, method);
    store_bind_int64(st, 3, amount);
    if (receipt_no)
        store_bind_text(st, 4, receipt_no);
    else
        store_bind_null(st, 4);
    if (gateway)
        store_bind_int64(st, 5, gateway);
    else
        store_bind_null(st, 5);
    if (statement_line)
        store_bind_text(st, 6, statement_line);
    else
        store_bind_null(st, 6);
    dossier_bind_instant(st, 7, now);
    store_bind_text(st, 8, actor);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    int64_t total = paid_total(c, f->id);
    if (total < 0)
        return STORE_ERROR;
    st = store_prepare(c, "UPDATE dossier SET paid = ?, version = version + 1 WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, total >= f->fee ? 1 : 0);
    store_bind_int64(st, 2, f->id);
    rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    if ((rc = dossier_event(c, f->id, now, actor, "payment", 0, 0, -1, -1, 0, method)) != 0)
        return rc;
    return audit_record(c, actor, "dossier.payment", "dossier", f->id,
                        json_pack("{s:s, s:s, s:I, s:s?}", "code", f->code, "method", method,
                                  "amount", (json_int_t)amount, "receipt_no", receipt_no));
}

/* --- a payment recorded by an official ---------------------------------------- */

typedef struct {
    const char *code;
    json_t *body;
    const dossier_actor *who;
    int64_t now;
    org_error *err;
} pay_job;

static int record(store_conn *c, void *ctx)
{
    pay_job *j = ctx;
    fee_row f;
    int rc = load_fee(c, j->code, &f);
    if (rc != 0)
        return rc < 0 ? rc : dossier_refused(j->err, 404, "not_found", "code", "Không có hồ sơ với mã này.");
    store_stmt *st = store_prepare(c, "SELECT receiving_unit_id FROM dossier WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, f.id);
    int64_t unit = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (!org_has_role_near(c, j->who->account_id, "reception", unit))
        return dossier_refused(j->err, 403, "not_your_turn", NULL, "Chỉ bộ phận một cửa nơi nhận hồ sơ ghi nhận việc nộp phí.");
    if (dossier_status_final(f.status))
        return dossier_refused(j->err, 422, "action_not_allowed", NULL, "Hồ sơ đã kết thúc.");
    const char *method = json_string_value(json_object_get(j->body, "method"));
    json_t *amount = json_object_get(j->body, "amount");
    const char *receipt = json_string_value(json_object_get(j->body, "receipt_no"));
    int gateway = (int)json_integer_value(json_object_get(j->body, "gateway"));
    if (!method || (strcmp(method, "cash") != 0 && strcmp(method, "transfer") != 0 && strcmp(method, "gateway") != 0))
        return dossier_refused(j->err, 422, "invalid_field", "method", "Hình thức nộp là cash (tiền mặt), transfer (chuyển khoản) hoặc gateway (cổng thanh toán).");
    if (!json_is_integer(amount) || json_integer_value(amount) <= 0 || json_integer_value(amount) > 1000000000)
        return dossier_refused(j->err, 422, "invalid_field", "amount", "Số tiền là số nguyên đồng, lớn hơn 0.");
    if (strcmp(method, "cash") == 0 && (!receipt || !*receipt || strlen(receipt) > 60))
        return dossier_refused(j->err, 422, "invalid_field", "receipt_no", "Nộp tiền mặt cần số biên lai.");
    if (strcmp(method, "gateway") == 0 && gateway != 1 && gateway != 2)
        return dossier_refused(j->err, 422, "invalid_field", "gateway", "Cổng thanh toán: 1 Cổng dịch vụ công quốc gia, 2 cổng của địa phương.");
    if (f.fee <= 0)
        return dossier_refused(j->err, 422, "invalid_field", "amount", "Hồ sơ này không phải nộp phí.");
    return add_payment(c, &f, method, json_integer_value(amount), receipt, gateway, NULL, j->who->name, j->now);
}

int dossier_record_payment(store *s, const char *code, json_t *body, const dossier_actor *who,
                           int64_t now, org_error *err)
{
    pay_job j = {code, body, who, now, err};
    if (!json_is_object(body))
        return org_refuse(err, 422, "invalid_field", "method", "Cần nội dung khoản nộp.");
    int rc = store_write(s, record, &j);
    return rc == 0 ? 0 : dossier_store_failure(rc, err);
}

/* --- VietQR ---------------------------------------------------------------------- */

/* The amount still due and, when a bank account is configured, the VietQR
 * payload for it with the dossier code as the reference. */
json_t *dossier_payment_json(store_conn *c, const char *code, const char *bank_bin, const char *bank_account)
{
    fee_row f;
    if (load_fee(c, code, &f) != 0)
        return NULL;
    int64_t paid = paid_total(c, f.id), due = f.fee - (paid > 0 ? paid : 0);
    if (due < 0)
        due = 0;
    char qr[VIETQR_MAX];
    bool has_qr = due > 0 && !f.paid && bank_bin && bank_account &&
                  vietqr_payload(bank_bin, bank_account, due, f.code, qr);
    return json_pack("{s:I, s:I, s:I, s:b, s:s?}", "fee", (json_int_t)f.fee, "paid_amount",
                     (json_int_t)(paid > 0 ? paid : 0), "due", (json_int_t)due, "paid", f.paid,
                     "vietqr", has_qr ? qr : NULL);
}

/* --- a bank statement ------------------------------------------------------------- */

/* Letters and digits only, upper case: banks drop the dots and dashes of a
 * reference, so codes are compared in this form. */
static void squeeze(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    for (; *in && o + 1 < cap; in++)
        if ((*in >= '0' && *in <= '9') || (*in >= 'A' && *in <= 'Z') || (*in >= 'a' && *in <= 'z'))
            out[o++] = (char)(*in >= 'a' && *in <= 'z' ? *in - 'a' + 'A' : *in);
    out[o] = '\0';
}

/* The first dossier code in a squeezed description: 7 digits, a letter, 2
 * digits, 6 digits of date and 4-6 of sequence. */
static bool find_code(store_conn *c, const char *squeezed, fee_row *f)
{
    size_t n = strlen(squeezed);
    for (size_t i = 0; i + 20 <= n; i++) {
        const char *p = squeezed + i;
        bool shape = true;
        for (int k = 0; k < 20 && shape; k++)
            shape = k == 7 ? (p[k] >= 'A' && p[k] <= 'Z') : (p[k] >= '0' && p[k] <= '9');
        if (!shape)
            continue;
        for (size_t len = 22; len >= 20; len--) {
            if (i + len > n)
                continue;
            char candidate[32];
            memcpy(candidate, p, len);
            candidate[len] = '\0';
            store_stmt *st = store_prepare(c, "SELECT code FROM dossier WHERE replace(replace(code, '.', ''), '-', '') = ?");
            if (!st)
                return false;
            store_bind_text(st, 1, candidate);
            char code[40] = "";
            if (store_step(st) == STORE_ROW)
                snprintf(code, sizeof code, "%s", store_col_text(st, 0));
            store_reset(st);
            if (code[0] && load_fee(c, code, f) == 0)
                return true;
        }
    }
    return false;
}

typedef struct {
    const char *text;
    size_t len;
    const char *actor;
    int64_t account_id, now;
    json_t *report;
    org_error *err;
} statement_job;

/* May the importer reconcile the dossier's fees: payment.reconcile within
 * reach of its receiving unit? A dossier outside is treated as not found. */
static bool reconciles(store_conn *c, int64_t account_id, int64_t dossier_id)
{
    store_stmt *st = store_prepare(c, "SELECT receiving_unit_id FROM dossier WHERE id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, dossier_id);
    int64_t unit = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return unit && org_may_near(c, account_id, "payment.reconcile", unit);
}

static int column(char **header, int n, const char *const *names)
{
    for (int i = 0; i < n; i++) {
        char folded[64];
        text_fold(header[i], folded, sizeof folded);
        for (const char *const *name = names; *name; name++)
            if (strcmp(folded, *name) == 0)
                return i;
    }
    return -1;
}

static int64_t parse_amount(const char *s)
{
    int64_t v = 0;
    bool digits = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s - '0');
            digits = true;
            if (v > 100000000000LL)
                return -1;
        } else if (*s == ',' || *s == '.' || *s == ' ') {
            continue; /* thousands separators: bank amounts are whole đồng */
        } else {
            return -1;
        }
    }
    return digits ? v : -1;
}

static void note(json_t *list, int line, const char *key, const char *value)
{
    json_array_append_new(list, json_pack("{s:i, s:s}", "line", line, key, value));
}

static int import_statement(store_conn *c, void *ctx)
{
    statement_job *j = ctx;
    static const char *const amount_names[] = {"amount", "so tien", "so_tien", "credit", "ghi co", NULL};
    static const char *const text_names[] = {"description", "noi dung", "noi_dung", "content", "dien giai", NULL};
    csv_reader r;
    csv_reader_init(&r, j->text, j->len);
    arena a;
    arena_init(&a, 0);
    char *fields[32];
    int n = csv_read_record(&r, &a, fields, 32);
    int amount_col = n > 0 ? column(fields, n, amount_names) : -1;
    int text_col = n > 0 ? column(fields, n, text_names) : -1;
    if (amount_col < 0 || text_col < 0) {
        arena_free(&a);
        return dossier_refused(j->err, 422, "invalid_field", "statement",
                               "Dòng đầu của sao kê cần cột số tiền (amount/Số tiền) và nội dung (description/Nội dung).");
    }
    json_t *matched = json_array(), *unmatched = json_array(), *duplicates = json_array();
    j->report = json_pack("{s:o, s:o, s:o}", "matched", matched, "unmatched", unmatched, "duplicates", duplicates);
    int rc = 0;
    while (rc == 0 && (n = csv_read_record(&r, &a, fields, 32)) != CSV_END) {
        int line = r.line;
        if (n == CSV_ERROR) {
            note(unmatched, line, "reason", "Dòng sai cú pháp CSV.");
            break;
        }
        if (n <= amount_col || n <= text_col) {
            note(unmatched, line, "reason", "Dòng thiếu cột.");
            continue;
        }
        int64_t amount = parse_amount(fields[amount_col]);
        char squeezed[512], hash_hex[65];
        unsigned char hash[crypto_hash_sha256_BYTES];
        /* The line, as printed, is its identity: imported twice, it counts once. */
        char *raw = arena_printf(&a, "%s|%s", fields[amount_col], fields[text_col]);
        for (int k = 0; k < n; k++)
            raw = arena_printf(&a, "%s|%s", raw, fields[k]);
        crypto_hash_sha256(hash, (const unsigned char *)raw, strlen(raw));
        sodium_bin2hex(hash_hex, sizeof hash_hex, hash, sizeof hash);
        squeeze(fields[text_col], squeezed, sizeof squeezed);
        fee_row f;
        if (amount <= 0) {
            note(unmatched, line, "reason", "Số tiền không hợp lệ.");
            continue;
        }
        if (!find_code(c, squeezed, &f) || !reconciles(c, j->account_id, f.id)) {
            json_array_append_new(unmatched, json_pack("{s:i, s:s, s:s}", "line", line, "reason",
                                                       "Không tìm thấy mã hồ sơ trong nội dung.", "text", fields[text_col]));
            continue;
        }
        store_stmt *seen = store_prepare(c, "SELECT 1 FROM dossier_payment WHERE statement_line = ?");
        if (!seen) {
            rc = STORE_ERROR;
            break;
        }
        store_bind_text(seen, 1, hash_hex);
        bool duplicate = store_step(seen) == STORE_ROW;
        store_reset(seen);
        if (duplicate) {
            note(duplicates, line, "code", f.code);
            continue;
        }
        rc = add_payment(c, &f, "transfer", amount, NULL, 0, hash_hex, j->actor, j->now);
        if (rc == 0)
            json_array_append_new(matched, json_pack("{s:i, s:s, s:I}", "line", line, "code", f.code,
                                                     "amount", (json_int_t)amount));
    }
    arena_free(&a);
    return rc;
}

json_t *dossier_import_statement(store *s, const char *text, size_t len, const char *actor, int64_t account_id,
                                 int64_t now, org_error *err)
{
    statement_job j = {text, len, actor, account_id, now, NULL, err};
    int rc = store_write(s, import_statement, &j);
    if (rc != 0) {
        json_decref(j.report);
        dossier_store_failure(rc, err);
        return NULL;
    }
    return j.report;
}
