/* The papers of a dossier as PDF, each from its template (src/dossier/papers,
 * one JSON per form: a change of the official model is a change of data).
 * A template is a title, a short name, the model it follows, when it applies
 * ("available": an event the dossier has had, or the kinds of ending), and
 * blocks: {"text"} with {placeholders}, {"list":"documents"},
 * {"table":"events"}, {"signatures","names"}, {"qr"}; any block may say
 * "when" a value must be present. */
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

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static void build_context(store_conn *c, arena *a, json_t *detail, const char *lookup_base, paper_context *ctx)
{
    json_t *applicant = json_object_get(detail, "applicant");
    const char *code = str(detail, "code");
    paper_put(ctx, "code", code);
    paper_put(ctx, "receiving_unit", str(json_object_get(detail, "receiving_unit"), "name"));
    paper_put(ctx, "competent_unit", str(json_object_get(detail, "competent_unit"), "name"));
    paper_put(ctx, "return_place", str(json_object_get(detail, "receiving_unit"), "name"));
    paper_put(ctx, "applicant_name", str(applicant, "full_name"));
    paper_put(ctx, "applicant_cccd", str(applicant, "cccd"));
    paper_put(ctx, "applicant_address", str(applicant, "address"));
    paper_put(ctx, "applicant_phone", str(applicant, "phone"));
    paper_put(ctx, "applicant_email", str(applicant, "email"));
    paper_put(ctx, "procedure_name", str(json_object_get(detail, "procedure"), "name"));
    paper_put(ctx, "procedure_code", str(json_object_get(detail, "procedure"), "code"));
    paper_put(ctx, "received_text", paper_local_text(a, str(detail, "received_at")));
    paper_put(ctx, "due_text", paper_local_text(a, str(detail, "due_at")));
    paper_put(ctx, "fee_text", money_text(a, json_integer_value(json_object_get(detail, "fee_amount"))));
    paper_put(ctx, "lookup_url", arena_printf(a, "%s/dich-vu/?ma=%s", lookup_base, code));
    paper_database_facts(c, a, code, ctx);
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

static void render_block(pdf_doc *pdf, store_conn *c, arena *a, json_t *block, json_t *detail,
                         const paper_context *ctx)
{
    /* {"when": name}: the block only when that value is not empty. */
    const char *when = json_string_value(json_object_get(block, "when"));
    if (when && !*paper_value(ctx, when))
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
    } else if (json_is_string(json_object_get(block, "table"))) {
        static const pdf_column columns[] = {{"TÊN CƠ QUAN, ĐƠN VỊ", 2.2f},
                                             {"THỜI GIAN, NGƯỜI GIAO, NHẬN HỒ SƠ", 3.2f},
                                             {"KẾT QUẢ GIẢI QUYẾT HỒ SƠ (trước hạn/đúng hạn/quá hạn)", 1.6f},
                                             {"GHI CHÚ", 2.0f}};
        const char **cells = NULL;
        int rows = paper_event_rows(c, a, str(detail, "code"), json_object_get(detail, "step_dues"),
                                    str(detail, "due_at"), &cells);
        pdf_table(pdf, columns, 4, cells, rows, 9);
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

static bool has_event(json_t *detail, const char *action)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(detail, "events"), i, e) if (strcmp(str(e, "action"), action) == 0) return true;
    return false;
}

/* {"available": {"event": "request_supplement"}} or {"end_kind": [...]};
 * no "available" means always. */
static bool applies(json_t *template, json_t *detail)
{
    json_t *rule = json_object_get(template, "available");
    if (!rule)
        return true;
    const char *event = json_string_value(json_object_get(rule, "event"));
    if (event && !has_event(detail, event))
        return false;
    json_t *kinds = json_object_get(rule, "end_kind");
    if (!kinds)
        return true;
    size_t i;
    json_t *k;
    json_array_foreach(kinds, i, k) if (strcmp(json_string_value(k) ? json_string_value(k) : "", str(detail, "end_kind")) == 0) return true;
    return false;
}

json_t *dossier_paper_list(json_t *detail)
{
    json_t *list = json_array();
    for (int i = 0; dossier_paper_templates[i].name; i++) {
        json_t *template = json_loads(dossier_paper_templates[i].content, 0, NULL);
        char paper[64];
        snprintf(paper, sizeof paper, "%s", dossier_paper_templates[i].name);
        char *dot = strrchr(paper, '.');
        if (dot)
            *dot = '\0';
        if (template && applies(template, detail))
            json_array_append_new(list, json_pack("{s:s, s:s, s:i}", "paper", paper, "name", str(template, "name"),
                                                  "order", (int)json_integer_value(json_object_get(template, "order"))));
        json_decref(template);
    }
    return list;
}

static void render(pdf_doc *pdf, store *s, const paper_request *r, json_t *template, json_t *detail)
{
    arena a;
    arena_init(&a, 0);
    store_conn *c = store_reader(s);
    paper_context ctx = {.count = 0};
    build_context(c, &a, detail, r->lookup_base, &ctx);
    json_t *payment = dossier_payment_json(c, r->code, r->bank_bin, r->bank_account);
    const char *qr = json_string_value(json_object_get(payment, "vietqr"));
    paper_put(&ctx, "vietqr", qr ? arena_strdup(&a, qr) : "");
    paper_put(&ctx, "due_amount", money_text(&a, json_integer_value(json_object_get(payment, "due"))));
    json_decref(payment);
    /* Dated the day of the event it records ("dated": "received"), else today. */
    int64_t at = r->now, received;
    if (strcmp(str(template, "dated"), "received") == 0 && timefmt_parse_iso_utc(str(detail, "received_at"), &received))
        at = received;
    civil_date day = civil_from_day_number(deadline_local_day(at));
    paper_put(&ctx, "today_text", arena_printf(&a, "ngày %02d tháng %02d năm %04d", day.day, day.month, day.year));
    pdf_heading(pdf, paper_value(&ctx, "authority"), str(json_object_get(detail, "receiving_unit"), "name"),
                paper_value(&ctx, "today_text"));
    pdf_title(pdf, str(template, "title"), NULL);
    size_t i;
    json_t *block;
    json_array_foreach(json_object_get(template, "blocks"), i, block)
        render_block(pdf, c, &a, block, detail, &ctx);
    arena_free(&a);
}

void *dossier_paper(store *s, const paper_request *r, size_t *len, int *status, char *why, size_t whylen)
{
    json_t *template = load_template(r->paper);
    if (!template) {
        *status = 404;
        return NULL;
    }
    json_t *detail = dossier_detail(s, r->code, r->who, r->now, status);
    if (detail && json_is_null(json_object_get(detail, "applicant")))
        *status = 403; /* a paper carries personal data: only for who handles the dossier */
    if (detail && *status == 200 && !applies(template, detail)) {
        *status = 409;
        snprintf(why, whylen, "%s", str(template, "unavailable"));
    }
    void *bytes = NULL;
    char err[200];
    pdf_doc *pdf = detail && *status == 200 ? pdf_new(err, sizeof err) : NULL;
    if (detail && *status == 200 && !pdf)
        *status = 503;
    if (pdf) {
        if (json_is_true(json_object_get(template, "landscape")))
            pdf_landscape(pdf);
        render(pdf, s, r, template, detail);
        bytes = pdf_finish(pdf, len);
        *status = bytes ? 200 : 503;
        pdf_free(pdf);
    }
    json_decref(detail);
    json_decref(template);
    return bytes;
}
