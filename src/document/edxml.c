/* Reading an edXML package and a status message (QCVN 102:2016) from an
 * outside sender, who is not trusted: no DOCTYPE (hence no entity, no DTD,
 * no external subset), no network, limited size and depth, base64 checked;
 * and the codes and dates both ways. */
#include "document/edxml.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    arena *a;
    edxml_error *err;
    xmlDocPtr doc;
} reader;

static int fail(reader *r, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(reader *r, const char *code, const char *field, const char *fmt, ...)
{
    r->err->code = code;
    r->err->field = field;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err->message, sizeof r->err->message, fmt, ap);
    va_end(ap);
    return -1;
}

static int missing(reader *r, const char *field)
{
    return fail(r, "edxml_missing", field, "Gói tin edXML thiếu phần tử bắt buộc %s.", field);
}

/* --- parsing --------------------------------------------------------- */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static _Thread_local bool doctype_seen;

static void init_libxml(void)
{
    xmlInitParser();
}

/* Called as soon as <!DOCTYPE name ...> is read, before its internal subset:
 * parsing stops there, so no declaration in it is ever looked at. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    doctype_seen = true;
    xmlStopParser(ctx);
}

static void no_error_output(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* What the parser has read so far (on the context's _private): the SAX2
 * handlers below count before the tree grows, and stop the parser past a
 * limit, so a flood of nodes never becomes a tree. */
typedef struct parse_count {
    int depth;
    size_t nodes;
    bool too_deep, too_many;
} parse_count;

static bool count_node(xmlParserCtxtPtr ctxt, size_t n)
{
    parse_count *pc = ctxt->_private;
    if (!pc)
        return true;
    pc->nodes += n;
    if (pc->nodes > EDXML_MAX_NODES) {
        pc->too_many = true;
        xmlStopParser(ctxt);
        return false;
    }
    return true;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_count *pc = ctxt->_private;
    if (pc && ++pc->depth > EDXML_MAX_DEPTH) {
        pc->too_deep = true;
        xmlStopParser(ctxt);
        return;
    }
    if (!count_node(ctxt, 1 + (size_t)(nb_attributes > 0 ? nb_attributes : 0) +
                              (size_t)(nb_namespaces > 0 ? nb_namespaces : 0)))
        return;
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                          attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_count *pc = ctxt->_private;
    if (pc)
        pc->depth--;
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

static void on_comment(void *ctx, const xmlChar *value)
{
    if (count_node(ctx, 1))
        xmlSAX2Comment(ctx, value);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    if (count_node(ctx, 1))
        xmlSAX2ProcessingInstruction(ctx, target, data);
}

static int parse(reader *r, const void *bytes, size_t len, const char *root_name, xmlNodePtr *root)
{
    if (len > EDXML_MAX_BYTES)
        return fail(r, "edxml_too_large", NULL, "Gói tin edXML vượt quá %u MB.", (unsigned)(EDXML_MAX_BYTES >> 20));
    if (len == 0 || len > INT32_MAX)
        return fail(r, "edxml_malformed", NULL, "Gói tin edXML rỗng.");
    pthread_once(&init_once, init_libxml);
    xmlSetGenericErrorFunc(NULL, no_error_output);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return fail(r, "edxml_malformed", NULL, "Không đủ bộ nhớ để đọc gói tin edXML.");
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->externalSubset = NULL;
    ctxt->sax->startElementNs = on_start;
    ctxt->sax->endElementNs = on_end;
    ctxt->sax->comment = on_comment;
    ctxt->sax->processingInstruction = on_pi;
    parse_count pc = {0};
    ctxt->_private = &pc;
    doctype_seen = false;
    /* XML_PARSE_NOENT is not set: an entity is never substituted; a file of
     * 20 MB in base64 is one text node, past libxml2's 10 MB without HUGE,
     * which the size cap above already bounds. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE | XML_PARSE_NOCDATA;
    r->doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, NULL, NULL, options);
    int line = ctxt->lastError.line;
    ctxt->_private = NULL;
    xmlFreeParserCtxt(ctxt);
    if (pc.too_many || pc.too_deep) {
        if (r->doc) {
            xmlFreeDoc(r->doc);
            r->doc = NULL;
        }
        if (pc.too_many)
            return fail(r, "edxml_too_large", NULL, "Gói tin edXML có quá %d phần tử, thuộc tính hoặc chú thích.",
                        EDXML_MAX_NODES);
        return fail(r, "edxml_malformed", NULL, "Gói tin edXML lồng quá %d cấp.", EDXML_MAX_DEPTH);
    }
    if (doctype_seen || (r->doc && (r->doc->intSubset || r->doc->extSubset)))
        return fail(r, "edxml_doctype", NULL,
                    "Gói tin edXML không được chứa khai báo DOCTYPE (DTD, thực thể).");
    if (!r->doc)
        return fail(r, "edxml_malformed", NULL, "Gói tin edXML không phải XML hợp lệ (lỗi ở dòng %d).", line);
    *root = xmlDocGetRootElement(r->doc);
    if (!*root)
        return fail(r, "edxml_malformed", NULL, "Gói tin edXML không có phần tử gốc.");
    if (!(*root)->ns || !(*root)->ns->href || strcmp((const char *)(*root)->ns->href, EDXML_NS) != 0)
        return fail(r, "edxml_namespace", "xmlns",
                    "Gói tin edXML phải dùng không gian tên " EDXML_NS " (QCVN 102:2016).");
    if (strcmp((const char *)(*root)->name, root_name) != 0)
        return fail(r, "edxml_missing", root_name, "Phần tử gốc của gói tin phải là %s.", root_name);
    return 0;
}

/* --- elements -------------------------------------------------------- */

/* Children are in the edXML namespace, or in none (AttachmentEncoded is
 * written unprefixed by some builders without a default namespace). */
static bool ours(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE &&
           (!n->ns || (n->ns->href && strcmp((const char *)n->ns->href, EDXML_NS) == 0));
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (ours(c) && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

static xmlNodePtr next_named(xmlNodePtr n, const char *name)
{
    for (n = n ? n->next : NULL; n; n = n->next)
        if (ours(n) && strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

/* The element's text, trimmed, in the arena; NULL when absent or empty. */
static const char *text_of(reader *r, xmlNodePtr n)
{
    if (!n)
        return NULL;
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    const char *s = (const char *)t, *e = s + strlen(s);
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
    const char *out = e > s ? arena_strndup(r->a, s, (size_t)(e - s)) : NULL;
    xmlFree(t);
    return out;
}

static const char *get(reader *r, xmlNodePtr parent, const char *name)
{
    return text_of(r, child(parent, name));
}

/* A whole number of the element, within [0, max]; -1 when absent. */
static int number(reader *r, xmlNodePtr parent, const char *name, int64_t max, int64_t *out)
{
    const char *t = get(r, parent, name);
    *out = -1;
    if (!t)
        return 0;
    if (strlen(t) > 12 || strspn(t, "0123456789") != strlen(t) || strtoll(t, NULL, 10) > max)
        return fail(r, "edxml_invalid", name, "Phần tử %s phải là số nguyên không âm (tối đa %lld).", name,
                    (long long)max);
    *out = strtoll(t, NULL, 10);
    return 0;
}

static int small_number(reader *r, xmlNodePtr parent, const char *name, int max, int *out)
{
    int64_t v;
    int rc = number(r, parent, name, max, &v);
    *out = (int)v;
    return rc;
}

static void read_organ(reader *r, xmlNodePtr n, edxml_organ *o)
{
    o->organ_id = get(r, n, "OrganId");
    o->organ_in_charge = get(r, n, "OrganizationInCharge");
    o->organ_name = get(r, n, "OrganName");
    o->organ_add = get(r, n, "OrganAdd");
    o->email = get(r, n, "Email");
    o->telephone = get(r, n, "Telephone");
    o->fax = get(r, n, "Fax");
    o->website = get(r, n, "Website");
}

static void read_response_for(reader *r, xmlNodePtr n, edxml_response_for *f)
{
    f->organ_id = get(r, n, "OrganId");
    f->code = get(r, n, "Code");
    f->promulgation_date = get(r, n, "PromulgationDate");
    f->document_id = get(r, n, "DocumentId");
}

static void read_staff(reader *r, xmlNodePtr n, edxml_staff *s)
{
    s->department = get(r, n, "Department");
    s->staff = get(r, n, "Staff");
    s->mobile = get(r, n, "Mobile");
    s->email = get(r, n, "Email");
}

static int read_from_to(reader *r, xmlNodePtr mh, edxml_package *p)
{
    xmlNodePtr from = child(mh, "From");
    if (!from)
        return missing(r, "From");
    read_organ(r, from, &p->from);
    if (!p->from.organ_id)
        return missing(r, "From/OrganId");
    if (!p->from.organ_name)
        return missing(r, "From/OrganName");
    size_t n = 0;
    for (xmlNodePtr t = child(mh, "To"); t; t = next_named(t, "To"))
        n++;
    if (!n)
        return missing(r, "To");
    if (n > EDXML_MAX_ORGANS)
        return fail(r, "edxml_invalid", "To", "Gói tin có quá %d nơi nhận.", EDXML_MAX_ORGANS);
    edxml_organ *to = arena_calloc(r->a, n, sizeof *to);
    if (!to)
        return fail(r, "edxml_too_large", NULL, "Không đủ bộ nhớ để đọc gói tin edXML.");
    size_t i = 0;
    for (xmlNodePtr t = child(mh, "To"); t; t = next_named(t, "To")) {
        read_organ(r, t, &to[i]);
        if (!to[i++].organ_id)
            return missing(r, "To/OrganId");
    }
    p->to = to;
    p->to_count = n;
    return 0;
}

static int read_places(reader *r, xmlNodePtr places, edxml_package *p)
{
    size_t n = 0;
    for (xmlNodePtr t = child(places, "Place"); t; t = next_named(t, "Place"))
        n++;
    if (n > EDXML_MAX_ORGANS)
        return fail(r, "edxml_invalid", "ToPlaces", "Gói tin có quá %d dòng nơi nhận.", EDXML_MAX_ORGANS);
    const char **lines = n ? arena_calloc(r->a, n, sizeof *lines) : NULL;
    size_t k = 0;
    for (xmlNodePtr t = child(places, "Place"); t && lines; t = next_named(t, "Place"))
        if ((lines[k] = text_of(r, t)))
            k++;
    p->to_places = lines;
    p->to_places_count = k;
    return 0;
}

static int read_message_header(reader *r, xmlNodePtr mh, edxml_package *p)
{
    if (read_from_to(r, mh, p))
        return -1;
    xmlNodePtr code = child(mh, "Code");
    if (!code)
        return missing(r, "Code");
    if (!(p->code_number = get(r, code, "CodeNumber")))
        return missing(r, "Code/CodeNumber");
    if (!(p->code_notation = get(r, code, "CodeNotation")))
        return missing(r, "Code/CodeNotation");
    xmlNodePtr prom = child(mh, "PromulgationInfo");
    p->place = get(r, prom, "Place");
    if (!(p->promulgation_date = get(r, prom, "PromulgationDate")))
        return missing(r, "PromulgationInfo/PromulgationDate");
    xmlNodePtr type = child(mh, "DocumentType");
    if (small_number(r, type, "Type", 9999, &p->type))
        return -1;
    p->type_name = get(r, type, "TypeName");
    if (!(p->subject = get(r, mh, "Subject")))
        return missing(r, "Subject");
    p->content = get(r, mh, "Content");
    xmlNodePtr signer = child(mh, "SignerInfo");
    p->competence = get(r, signer, "Competence");
    p->signer_position = get(r, signer, "Position");
    p->signer_full_name = get(r, signer, "FullName");
    p->due_date = get(r, mh, "DueDate");
    if (read_places(r, child(mh, "ToPlaces"), p))
        return -1;
    xmlNodePtr other = child(mh, "OtherInfo");
    if (small_number(r, other, "Priority", 9, &p->priority) ||
        number(r, other, "PromulgationAmount", 1000000, &p->promulgation_amount) ||
        number(r, other, "PageAmount", 1000000, &p->page_amount))
        return -1;
    p->sphere = get(r, other, "SphereOfPromulgation");
    p->typer_notation = get(r, other, "TyperNotation");
    read_response_for(r, child(mh, "ResponseFor"), &p->response_for);
    if (small_number(r, mh, "SteeringType", 9, &p->steering_type))
        return -1;
    if (!(p->document_id = get(r, mh, "DocumentId")))
        return missing(r, "DocumentId");
    return 0;
}

static int read_trace(reader *r, xmlNodePtr list, edxml_package *p)
{
    /* The newest hop is the last one. */
    for (xmlNodePtr t = child(list, "TraceHeader"); t; t = next_named(t, "TraceHeader")) {
        p->trace_organ_id = get(r, t, "OrganId");
        p->trace_timestamp = get(r, t, "Timestamp");
    }
    xmlNodePtr b = child(list, "Bussiness");
    if (small_number(r, b, "BussinessDocType", 3, &p->bussiness_doc_type))
        return -1;
    p->bussiness_doc_reason = get(r, b, "BussinessDocReason");
    read_staff(r, child(b, "StaffInfo"), &p->staff);
    return 0;
}

/* --- attachments ----------------------------------------------------- */

/* "cid:abc" and "<abc>" are "abc". */
static const char *bare_cid(const char *id)
{
    if (id && strncasecmp(id, "cid:", 4) == 0)
        id += 4;
    return id;
}

/* The manifest's Reference for a content id, to fill what an Attachment
 * leaves out. */
static xmlNodePtr manifest_ref(reader *r, xmlNodePtr manifest, const char *cid)
{
    for (xmlNodePtr ref = child(manifest, "Reference"); ref && cid; ref = next_named(ref, "Reference")) {
        const char *id = bare_cid(get(r, ref, "ContentId"));
        if (id && strcmp(id, cid) == 0)
            return ref;
    }
    return NULL;
}

static bool b64_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int decode(reader *r, xmlNodePtr enc, edxml_attachment *f, size_t *total)
{
    xmlChar *t = xmlNodeGetContent(enc);
    if (!t)
        return fail(r, "edxml_attachment", "ContentTransferEncoded", "Tệp đính kèm %s rỗng.", f->name);
    size_t len = strlen((const char *)t), chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += !b64_space((char)t[i]);
    size_t most = chars / 4 * 3 + 3;
    int rc = 0;
    if (chars == 0)
        rc = fail(r, "edxml_attachment", "ContentTransferEncoded", "Tệp đính kèm %s rỗng.", f->name);
    else if (chars / 4 * 3 > (size_t)EDXML_MAX_ATTACHMENT + 2)
        rc = fail(r, "edxml_too_large", "ContentTransferEncoded", "Tệp đính kèm %s vượt quá %u MB.", f->name,
                  (unsigned)(EDXML_MAX_ATTACHMENT >> 20));
    unsigned char *bin = rc ? NULL : arena_alloc(r->a, most);
    if (!rc && !bin)
        rc = fail(r, "edxml_too_large", NULL, "Không đủ bộ nhớ để đọc gói tin edXML.");
    const char *end = NULL;
    if (!rc && (sodium_base642bin(bin, most, (const char *)t, len, " \t\r\n", &f->len, &end,
                                  sodium_base64_VARIANT_ORIGINAL) != 0 ||
                end != (const char *)t + len))
        rc = fail(r, "edxml_attachment", "ContentTransferEncoded",
                  "Tệp đính kèm %s không phải dữ liệu base64 hợp lệ.", f->name);
    xmlFree(t);
    if (rc)
        return rc;
    if (f->len > EDXML_MAX_ATTACHMENT || (*total += f->len) > EDXML_MAX_DECODED)
        return fail(r, "edxml_too_large", "ContentTransferEncoded", "Các tệp đính kèm vượt quá %u MB.",
                    (unsigned)(EDXML_MAX_DECODED >> 20));
    f->data = bin;
    return 0;
}

static int read_attachment(reader *r, xmlNodePtr at, xmlNodePtr manifest, edxml_attachment *f, size_t *total)
{
    f->content_id = bare_cid(get(r, at, "ContentId"));
    if (!f->content_id)
        return missing(r, "Attachment/ContentId");
    xmlNodePtr ref = manifest_ref(r, manifest, f->content_id);
    f->content_type = get(r, at, "ContentType");
    f->name = get(r, at, "AttachmentName");
    f->description = get(r, at, "Description");
    if (!f->content_type)
        f->content_type = get(r, ref, "ContentType");
    if (!f->name)
        f->name = get(r, ref, "AttachmentName");
    if (!f->description)
        f->description = get(r, ref, "Description");
    if (!f->name)
        return missing(r, "Attachment/AttachmentName");
    xmlNodePtr enc = child(at, "ContentTransferEncoded");
    if (!enc) /* some write it in a namespace of its own */
        for (xmlNodePtr c = at->children; c && !enc; c = c->next)
            if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "ContentTransferEncoded") == 0)
                enc = c;
    if (!enc)
        return missing(r, "Attachment/ContentTransferEncoded");
    return decode(r, enc, f, total);
}

static int read_attachments(reader *r, xmlNodePtr root, xmlNodePtr manifest, edxml_package *p)
{
    xmlNodePtr list = child(root, "AttachmentEncoded");
    size_t n = 0;
    for (xmlNodePtr a = child(list, "Attachment"); a; a = next_named(a, "Attachment"))
        n++;
    if (n > EDXML_MAX_ATTACHMENTS)
        return fail(r, "edxml_too_large", "Attachment", "Gói tin có quá %d tệp đính kèm.", EDXML_MAX_ATTACHMENTS);
    edxml_attachment *files = n ? arena_calloc(r->a, n, sizeof *files) : NULL;
    if (n && !files)
        return fail(r, "edxml_too_large", NULL, "Không đủ bộ nhớ để đọc gói tin edXML.");
    size_t i = 0, total = 0;
    for (xmlNodePtr a = child(list, "Attachment"); a; a = next_named(a, "Attachment"))
        if (read_attachment(r, a, manifest, &files[i++], &total))
            return -1;
    for (size_t j = 0; j < n; j++)
        for (size_t k = j + 1; k < n; k++)
            if (strcmp(files[j].content_id, files[k].content_id) == 0)
                return fail(r, "edxml_attachment", "ContentId", "Hai tệp đính kèm cùng mã %s.", files[j].content_id);
    p->attachments = files;
    p->attachment_count = n;
    return 0;
}

/* --- entry points ---------------------------------------------------- */

static int read_package(reader *r, const void *bytes, size_t len, edxml_package *p)
{
    xmlNodePtr root;
    if (parse(r, bytes, len, "edXML", &root))
        return -1;
    xmlNodePtr env = child(root, "edXMLEnvelope");
    if (!env)
        return missing(r, "edXMLEnvelope");
    xmlNodePtr header = child(env, "edXMLHeader");
    if (!header)
        return missing(r, "edXMLHeader");
    xmlNodePtr mh = child(header, "MessageHeader");
    if (!mh)
        return missing(r, "MessageHeader");
    if (read_message_header(r, mh, p) || read_trace(r, child(header, "TraceHeaderList"), p))
        return -1;
    xmlNodePtr manifest = child(child(env, "edXMLBody"), "edXMLManifest");
    return read_attachments(r, root, manifest, p);
}

int edxml_read(arena *a, const void *bytes, size_t len, edxml_package *out, edxml_error *err)
{
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    reader r = {.a = a, .err = err};
    int rc = read_package(&r, bytes, len, out);
    if (r.doc)
        xmlFreeDoc(r.doc);
    return rc;
}

static int read_status(reader *r, const void *bytes, size_t len, edxml_status *s)
{
    xmlNodePtr root;
    if (parse(r, bytes, len, "Status", &root))
        return -1;
    /* Status > Header > MessageStatus as written here; the fields directly
     * under Status or Header are taken too, the root being uncertain. */
    xmlNodePtr box = root, header = child(root, "Header");
    if (header)
        box = child(header, "MessageStatus") ? child(header, "MessageStatus") : header;
    xmlNodePtr rf = child(box, "ResponseFor");
    if (!rf)
        return missing(r, "ResponseFor");
    read_response_for(r, rf, &s->response_for);
    if (!s->response_for.document_id)
        return missing(r, "ResponseFor/DocumentId");
    xmlNodePtr from = child(box, "From");
    if (!from)
        return missing(r, "From");
    read_organ(r, from, &s->from);
    if (!s->from.organ_id)
        return missing(r, "From/OrganId");
    if (!(s->status_code = get(r, box, "StatusCode")))
        return missing(r, "StatusCode");
    if (!edxml_status_name(s->status_code))
        return fail(r, "edxml_invalid", "StatusCode", "Mã trạng thái phải là 01 đến 06 (QCVN 102:2016).");
    s->description = get(r, box, "Description");
    s->timestamp = get(r, box, "Timestamp");
    read_staff(r, child(box, "StaffInfo"), &s->staff);
    return 0;
}

int edxml_status_read(arena *a, const void *bytes, size_t len, edxml_status *out, edxml_error *err)
{
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    reader r = {.a = a, .err = err};
    int rc = read_status(&r, bytes, len, out);
    if (r.doc)
        xmlFreeDoc(r.doc);
    return rc;
}

/* --- codes and dates ------------------------------------------------- */

const char *edxml_status_name(const char *code)
{
    static const char *const names[] = {"Đã đến", "Từ chối tiếp nhận", "Đã tiếp nhận",
                                        "Phân công", "Đang xử lý", "Hoàn thành"};
    if (!code || code[0] != '0' || code[1] < '1' || code[1] > '6' || code[2])
        return NULL;
    return names[code[1] - '1'];
}

int edxml_priority_from_urgency(const char *urgency)
{
    static const char *const order[] = {"thuong", "khan", "thuong_khan", "hoa_toc"};
    for (int i = 0; urgency && i < 4; i++)
        if (strcmp(urgency, order[i]) == 0)
            return i;
    return 0;
}

const char *edxml_urgency_from_priority(int priority)
{
    switch (priority) {
    case 1: return "khan";
    case 2: return "thuong_khan";
    case 3:
    case 4: return "hoa_toc"; /* 4: hỏa tốc hẹn giờ, which NĐ 30 does not name */
    default: return "thuong";
    }
}

static bool date_valid(int y, int m, int d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* yyyy?MM?dd with sep, or dd/MM/yyyy. */
static bool date_parse(const char *t, int *y, int *m, int *d)
{
    if (!t || strlen(t) != 10)
        return false;
    if (digits(t, 4) && (t[4] == '/' || t[4] == '-') && t[7] == t[4] && digits(t + 5, 2) && digits(t + 8, 2)) {
        *y = atoi(t), *m = atoi(t + 5), *d = atoi(t + 8);
    } else if (digits(t, 2) && t[2] == '/' && t[5] == '/' && digits(t + 3, 2) && digits(t + 6, 4)) {
        *d = atoi(t), *m = atoi(t + 3), *y = atoi(t + 6);
    } else {
        return false;
    }
    return date_valid(*y, *m, *d);
}

bool edxml_date_out(const char *iso, char out[11])
{
    int y, m, d;
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || !date_parse(iso, &y, &m, &d))
        return false;
    snprintf(out, 11, "%04d/%02d/%02d", y, m, d);
    return true;
}

bool edxml_date_in(const char *text, char out[11])
{
    int y, m, d;
    if (!date_parse(text, &y, &m, &d))
        return false;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return true;
}

bool edxml_document_id(const char *organ_id, const char *date_iso, const char *number, const char *notation,
                       char *out, size_t size)
{
    char date[11];
    if (!organ_id || !number || !notation || !edxml_date_out(date_iso, date))
        return false;
    int n = snprintf(out, size, "%s,%s,%s/%s", organ_id, date, number, notation);
    return n > 0 && (size_t)n < size;
}
