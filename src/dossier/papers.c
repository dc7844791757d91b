/* The papers of a dossier as PDF, each from its template (src/dossier/papers,
 * one JSON per form: a change of the official model is a change of data).
 * A template is a title, the model it follows, and blocks: {"text"} with
 * {placeholders}, {"list":"documents"}, {"signatures","names"}, {"qr"}. */
#include "dossier/internal.h"

#include "core/template.h"
#include "core/timefmt.h"
#include "media/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct {
    const char *name, *content;
} dossier_paper_templates[];

static json_t *load_template(const char *paper)
{
    char file[64];
    snprintf(file, sizeof file, "%s.json", paper);
    for (int i = 0; dossier_paper_templates[i].name; i++)
        if (strcmp(dossier_paper_templates[i].name, file) == 0)
            return json_loads(dossier_paper_templates[i].content, 0, NULL);
    return NULL;
}

/* "17:00 ngày 24/11/2026" in Vietnam's time. */
static const char *local_text(arena *a, const char *iso)
{
    int64_t ms;
    if (!iso || !timefmt_parse_iso_utc(iso, &ms))
        return "";
    int32_t day = deadline_local_day(ms);
    int64_t minutes = (ms - deadline_instant(day, 0)) / 60000;
    civil_date d = civil_from_day_number(day);
    return arena_printf(a, "%02d:%02d ngày %02d/%02d/%04d", (int)(minutes / 60), (int)(minutes % 60),
                        d.day, d.month, d.year);
}

static const char *money_text(arena *a, json_int_t amount)
{
    if (amount <= 0)
        return "Không thu";
    char digits[32], grouped[48];
    snprintf(digits, sizeof digits, "%lld", (long long)amount);
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            grouped[o++] = '.';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    return arena_printf(a, "%s đồng", grouped);
}

typedef struct {
    template_value values[32];
    size_t count;
} context;

static void put(context *ctx, const char *name, const char *value)
{
    if (ctx->count < sizeof ctx->values / sizeof ctx->values[0])
        ctx->values[ctx->count++] = (template_value){name, value ? value : ""};
}

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* Facts the detail does not carry: the procedure's time limit, who received
 * it, and the body the receiving unit belongs to. */
static void database_facts(store_conn *c, arena *a, json_t *detail, context *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT p.time_unit, p.time_amount,"
           " (SELECT COALESCE(a.full_name, e.actor) FROM dossier_event e LEFT JOIN account a"
           "  ON a.username = e.actor WHERE e.dossier_id = d.id ORDER BY e.id LIMIT 1),"
           " (SELECT t.name FROM unit r JOIN unit t ON t.id = r.parent_id WHERE r.id = d.receiving_unit_id)"
           " FROM dossier d JOIN procedure p ON p.id = d.procedure_id WHERE d.code = ?");
    const char *time = "", *by = "", *authority = "";
    if (st) {
        store_bind_text(st, 1, str(detail, "code"));
        if (store_step(st) == STORE_ROW) {
            const char *unit = store_col_text(st, 0);
            int amount = (int)store_col_int64(st, 1);
            time = !unit ? "" : strcmp(unit, "same_day") == 0 ? "trong ngày"
                   : arena_printf(a, "%d %s", amount,
                                  strcmp(unit, "working_days") == 0    ? "ngày làm việc"
                                  : strcmp(unit, "working_hours") == 0 ? "giờ làm việc"
                                                                       : "ngày");
            by = arena_strdup(a, store_col_text(st, 2) ? store_col_text(st, 2) : "");
            authority = arena_strdup(a, store_col_text(st, 3) ? store_col_text(st, 3) : "");
        }
        store_reset(st);
    }
    put(ctx, "time_text", time);
    put(ctx, "received_by", by);
    put(ctx, "authority", authority);
}

static void build_context(store_conn *c, arena *a, json_t *detail, const char *lookup_base, context *ctx)
{
    json_t *applicant = json_object_get(detail, "applicant");
    const char *code = str(detail, "code");
    put(ctx, "code", code);
    put(ctx, "receiving_unit", str(json_object_get(detail, "receiving_unit"), "name"));
    put(ctx, "competent_unit", str(json_object_get(detail, "competent_unit"), "name"));
    put(ctx, "return_place", str(json_object_get(detail, "receiving_unit"), "name"));
    put(ctx, "applicant_name", str(applicant, "full_name"));
    put(ctx, "applicant_cccd", str(applicant, "cccd"));
    put(ctx, "applicant_address", str(applicant, "address"));
    put(ctx, "applicant_phone", str(applicant, "phone"));
    put(ctx, "applicant_email", str(applicant, "email"));
    put(ctx, "procedure_name", str(json_object_get(detail, "procedure"), "name"));
    put(ctx, "procedure_code", str(json_object_get(detail, "procedure"), "code"));
    put(ctx, "received_text", local_text(a, str(detail, "received_at")));
    put(ctx, "due_text", local_text(a, str(detail, "due_at")));
    put(ctx, "fee_text", money_text(a, json_integer_value(json_object_get(detail, "fee_amount"))));
    put(ctx, "lookup_url", arena_printf(a, "%s/dich-vu/?ma=%s", lookup_base, code));
    database_facts(c, a, detail, ctx);
}

static const char *document_line(arena *a, json_t *doc)
{
    static const char *const states[][2] = {{"original", "bản chính"}, {"copy", "bản sao"},
                                            {"digitized", "bản điện tử"}, {"reused", "khai thác từ dữ liệu sẵn có"},
                                            {"missing", "chưa nộp"}};
    const char *state = str(doc, "state");
    for (size_t i = 0; i < 5; i++)
        if (strcmp(state, states[i][0]) == 0)
            state = states[i][1];
    return arena_printf(a, "   – %s: %s", str(doc, "name"), state);
}

static const char *value_of(const context *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->count; i++)
        if (strcmp(ctx->values[i].name, name) == 0)
            return ctx->values[i].value;
    return "";
}

static void render_block(pdf_doc *pdf, arena *a, json_t *block, json_t *detail, const context *ctx)
{
    /* {"when": name}: the block only when that value is not empty. */
    const char *when = json_string_value(json_object_get(block, "when"));
    if (when && !*value_of(ctx, when))
        return;
    json_t *text = json_object_get(block, "text"), *qr = json_object_get(block, "qr");
    json_t *signatures = json_object_get(block, "signatures");
    if (json_is_string(text)) {
        json_t *size = json_object_get(block, "size");
        pdf_paragraph(pdf, template_render(a, json_string_value(text), ctx->values, ctx->count, NULL),
                      json_is_true(json_object_get(block, "bold")), (float)json_number_value(size));
    } else if (json_is_string(json_object_get(block, "list"))) {
        size_t i;
        json_t *doc;
        json_array_foreach(json_object_get(detail, "documents"), i, doc)
            pdf_paragraph(pdf, document_line(a, doc), false, 11);
    } else if (json_is_array(signatures)) {
        const char *titles[4], *names[4];
        int n = 0;
        for (; n < 4 && n < (int)json_array_size(signatures); n++) {
            titles[n] = json_string_value(json_array_get(signatures, (size_t)n));
            names[n] = template_render(a, json_string_value(json_array_get(json_object_get(block, "names"), (size_t)n)),
                                       ctx->values, ctx->count, NULL);
            if (!titles[n])
                titles[n] = "";
            if (!names[n])
                names[n] = "";
        }
        pdf_signatures(pdf, titles, names, n);
    } else if (json_is_string(qr)) {
        pdf_qr(pdf, template_render(a, json_string_value(qr), ctx->values, ctx->count, NULL),
               template_render(a, str(block, "caption"), ctx->values, ctx->count, NULL));
    }
}

void *dossier_paper(store *s, const char *code, const char *paper, const char *lookup_base,
                    const char *bank_bin, const char *bank_account, const dossier_actor *who,
                    int64_t now, size_t *len, int *status)
{
    json_t *template = load_template(paper);
    if (!template) {
        *status = 404;
        return NULL;
    }
    json_t *detail = dossier_detail(s, code, who, now, status);
    if (detail && json_is_null(json_object_get(detail, "applicant")))
        *status = 403; /* a paper carries personal data: only for who handles the dossier */
    void *bytes = NULL;
    char err[200];
    pdf_doc *pdf = detail && *status == 200 ? pdf_new(err, sizeof err) : NULL;
    if (detail && *status == 200 && !pdf)
        *status = 503;
    if (pdf) {
        arena a;
        arena_init(&a, 0);
        context ctx = {.count = 0};
        build_context(store_reader(s), &a, detail, lookup_base, &ctx);
        json_t *payment = dossier_payment_json(store_reader(s), code, bank_bin, bank_account);
        const char *qr = json_string_value(json_object_get(payment, "vietqr"));
        put(&ctx, "vietqr", qr ? arena_strdup(&a, qr) : "");
        put(&ctx, "due_amount", money_text(&a, json_integer_value(json_object_get(payment, "due"))));
        json_decref(payment);
        const char *received = str(detail, "received_at");
        int64_t ms = 0;
        civil_date day = civil_from_day_number(deadline_local_day(timefmt_parse_iso_utc(received, &ms) ? ms : now));
        const char *authority = value_of(&ctx, "authority");
        pdf_heading(pdf, authority, str(json_object_get(detail, "receiving_unit"), "name"),
                    arena_printf(&a, "ngày %02d tháng %02d năm %04d", day.day, day.month, day.year));
        pdf_title(pdf, str(template, "title"), NULL);
        size_t i;
        json_t *block;
        json_array_foreach(json_object_get(template, "blocks"), i, block)
            render_block(pdf, &a, block, detail, &ctx);
        bytes = pdf_finish(pdf, len);
        *status = bytes ? 200 : 503;
        pdf_free(pdf);
        arena_free(&a);
    }
    json_decref(detail);
    json_decref(template);
    return bytes;
}
