/* Writing an edXML package and a status message (QCVN 102:2016), in the
 * element order the public builders agree on (data/edxml-qcvn102.json). */
#include "document/edxml.h"

#include <libxml/xmlwriter.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct writer {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    bool ok;
} writer;

static bool writer_open(writer *x)
{
    x->ok = false;
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w)
        return false;
    xmlTextWriterSetIndent(x->w, 1);
    xmlTextWriterSetIndentString(x->w, BAD_CAST " ");
    x->ok = xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) >= 0;
    return x->ok;
}

/* The document's bytes, malloc'd, or NULL; frees the writer either way. */
static char *writer_close(writer *x, size_t *len)
{
    char *out = NULL;
    if (x->w) {
        if (x->ok)
            x->ok = xmlTextWriterEndDocument(x->w) >= 0 && xmlTextWriterFlush(x->w) >= 0;
        xmlFreeTextWriter(x->w);
    }
    if (x->ok && x->buf) {
        size_t n = (size_t)xmlBufferLength(x->buf);
        out = malloc(n + 1);
        if (out) {
            memcpy(out, xmlBufferContent(x->buf), n);
            out[n] = '\0';
            *len = n;
        }
    }
    if (x->buf)
        xmlBufferFree(x->buf);
    return out;
}

static void open_el(writer *x, const char *name)
{
    if (x->ok)
        x->ok = xmlTextWriterStartElementNS(x->w, BAD_CAST "edXML", BAD_CAST name, NULL) >= 0;
}

static void close_el(writer *x)
{
    if (x->ok)
        x->ok = xmlTextWriterEndElement(x->w) >= 0;
}

/* <edXML:name>value</edXML:name>, nothing for NULL. The writer escapes
 * &, <, > and carriage returns. */
static void text_el(writer *x, const char *name, const char *value)
{
    if (!value || !x->ok)
        return;
    x->ok = xmlTextWriterWriteElementNS(x->w, BAD_CAST "edXML", BAD_CAST name, NULL, BAD_CAST value) >= 0;
}

static void int_el(writer *x, const char *name, int64_t value)
{
    if (value < 0)
        return;
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)value);
    text_el(x, name, text);
}

static void organ(writer *x, const char *name, const edxml_organ *o)
{
    open_el(x, name);
    text_el(x, "OrganId", o->organ_id);
    text_el(x, "OrganizationInCharge", o->organ_in_charge);
    text_el(x, "OrganName", o->organ_name);
    text_el(x, "OrganAdd", o->organ_add);
    text_el(x, "Email", o->email);
    text_el(x, "Telephone", o->telephone);
    text_el(x, "Fax", o->fax);
    text_el(x, "Website", o->website);
    close_el(x);
}

static void response_for(writer *x, const edxml_response_for *r)
{
    if (!r->organ_id && !r->code && !r->promulgation_date && !r->document_id)
        return;
    open_el(x, "ResponseFor");
    text_el(x, "OrganId", r->organ_id);
    text_el(x, "Code", r->code);
    text_el(x, "PromulgationDate", r->promulgation_date);
    text_el(x, "DocumentId", r->document_id);
    close_el(x);
}

static void staff(writer *x, const edxml_staff *s)
{
    if (!s->department && !s->staff && !s->mobile && !s->email)
        return;
    open_el(x, "StaffInfo");
    text_el(x, "Department", s->department);
    text_el(x, "Staff", s->staff);
    text_el(x, "Mobile", s->mobile);
    text_el(x, "Email", s->email);
    close_el(x);
}

/* 1.1–1.14 in their numbered order. */
static void message_header(writer *x, const edxml_package *p)
{
    open_el(x, "MessageHeader");
    organ(x, "From", &p->from);
    for (size_t i = 0; i < p->to_count; i++)
        organ(x, "To", &p->to[i]);
    open_el(x, "Code");
    text_el(x, "CodeNumber", p->code_number);
    text_el(x, "CodeNotation", p->code_notation);
    close_el(x);
    open_el(x, "PromulgationInfo");
    text_el(x, "Place", p->place);
    text_el(x, "PromulgationDate", p->promulgation_date);
    close_el(x);
    open_el(x, "DocumentType");
    int_el(x, "Type", p->type);
    text_el(x, "TypeName", p->type_name);
    close_el(x);
    text_el(x, "Subject", p->subject);
    text_el(x, "Content", p->content);
    if (p->competence || p->signer_position || p->signer_full_name) {
        open_el(x, "SignerInfo");
        text_el(x, "Competence", p->competence);
        text_el(x, "Position", p->signer_position);
        text_el(x, "FullName", p->signer_full_name);
        close_el(x);
    }
    text_el(x, "DueDate", p->due_date);
    if (p->to_places_count) {
        open_el(x, "ToPlaces");
        for (size_t i = 0; i < p->to_places_count; i++)
            text_el(x, "Place", p->to_places[i]);
        close_el(x);
    }
    open_el(x, "OtherInfo");
    int_el(x, "Priority", p->priority);
    text_el(x, "SphereOfPromulgation", p->sphere);
    text_el(x, "TyperNotation", p->typer_notation);
    int_el(x, "PromulgationAmount", p->promulgation_amount);
    int_el(x, "PageAmount", p->page_amount);
    close_el(x);
    response_for(x, &p->response_for);
    int_el(x, "SteeringType", p->steering_type);
    text_el(x, "DocumentId", p->document_id);
    close_el(x);
}

static void trace_header_list(writer *x, const edxml_package *p)
{
    open_el(x, "TraceHeaderList");
    if (p->trace_organ_id || p->trace_timestamp) {
        open_el(x, "TraceHeader");
        text_el(x, "OrganId", p->trace_organ_id);
        text_el(x, "Timestamp", p->trace_timestamp);
        close_el(x);
    }
    open_el(x, "Bussiness"); /* spelled so by the standard's SDK */
    int_el(x, "BussinessDocType", p->bussiness_doc_type < 0 ? 0 : p->bussiness_doc_type);
    text_el(x, "BussinessDocReason", p->bussiness_doc_reason);
    staff(x, &p->staff);
    close_el(x);
    close_el(x);
}

static void manifest(writer *x, const edxml_package *p)
{
    open_el(x, "edXMLBody");
    open_el(x, "edXMLManifest");
    if (x->ok)
        x->ok = xmlTextWriterWriteAttribute(x->w, BAD_CAST "version", BAD_CAST "1.0") >= 0;
    for (size_t i = 0; i < p->attachment_count; i++) {
        const edxml_attachment *f = &p->attachments[i];
        open_el(x, "Reference");
        if (x->ok)
            x->ok = xmlTextWriterWriteFormatAttribute(x->w, BAD_CAST "xlink:href", "cid:%s", f->content_id) >= 0;
        text_el(x, "ContentId", f->content_id);
        text_el(x, "ContentType", f->content_type);
        text_el(x, "AttachmentName", f->name);
        text_el(x, "Description", f->description);
        close_el(x);
    }
    close_el(x);
    close_el(x);
}

/* The files, unprefixed as the builders write them (in the root's default
 * namespace), each in base64 without line breaks. */
static void attachments(writer *x, const edxml_package *p)
{
    if (!p->attachment_count || !x->ok)
        return;
    x->ok = xmlTextWriterStartElement(x->w, BAD_CAST "AttachmentEncoded") >= 0;
    for (size_t i = 0; i < p->attachment_count && x->ok; i++) {
        const edxml_attachment *f = &p->attachments[i];
        size_t cap = sodium_base64_ENCODED_LEN(f->len, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = malloc(cap);
        if (!b64) {
            x->ok = false;
            break;
        }
        sodium_bin2base64(b64, cap, f->data, f->len, sodium_base64_VARIANT_ORIGINAL);
        const char *fields[][2] = {{"ContentId", f->content_id},
                                   {"ContentType", f->content_type},
                                   {"Description", f->description},
                                   {"AttachmentName", f->name},
                                   {"ContentTransferEncoded", b64}};
        x->ok = xmlTextWriterStartElement(x->w, BAD_CAST "Attachment") >= 0;
        for (size_t k = 0; k < sizeof fields / sizeof fields[0] && x->ok; k++)
            if (fields[k][1])
                x->ok = xmlTextWriterWriteElement(x->w, BAD_CAST fields[k][0], BAD_CAST fields[k][1]) >= 0;
        free(b64);
        close_el(x);
    }
    close_el(x);
}

static bool given(const char *s)
{
    return s && *s;
}

char *edxml_write(const edxml_package *p, size_t *len)
{
    if (!given(p->from.organ_id) || !p->to_count || !given(p->code_number) || !given(p->code_notation) ||
        !given(p->subject) || !given(p->document_id))
        return NULL;
    for (size_t i = 0; i < p->attachment_count; i++)
        if (!given(p->attachments[i].content_id) || (!p->attachments[i].data && p->attachments[i].len))
            return NULL;
    writer x;
    if (writer_open(&x)) {
        x.ok = xmlTextWriterStartElementNS(x.w, NULL, BAD_CAST "edXML", BAD_CAST EDXML_NS) >= 0 &&
               xmlTextWriterWriteAttribute(x.w, BAD_CAST "xmlns:edXML", BAD_CAST EDXML_NS) >= 0 &&
               xmlTextWriterWriteAttribute(x.w, BAD_CAST "xmlns:xlink", BAD_CAST "http://www.w3.org/1999/xlink") >= 0;
        open_el(&x, "edXMLEnvelope");
        open_el(&x, "edXMLHeader");
        message_header(&x, p);
        trace_header_list(&x, p);
        close_el(&x);
        manifest(&x, p);
        close_el(&x);
        attachments(&x, p);
        close_el(&x);
    }
    return writer_close(&x, len);
}

/* The SDK builds a status as Status > Header > MessageStatus; its XML root
 * in the QCVN 102 form was not seen (UNCERTAIN, nd30-edxml.md §6). */
char *edxml_status_write(const edxml_status *s, size_t *len)
{
    if (!given(s->response_for.document_id) || !given(s->from.organ_id) || !edxml_status_name(s->status_code))
        return NULL;
    writer x;
    if (writer_open(&x)) {
        x.ok = xmlTextWriterStartElementNS(x.w, BAD_CAST "edXML", BAD_CAST "Status", BAD_CAST EDXML_NS) >= 0;
        open_el(&x, "Header");
        open_el(&x, "MessageStatus");
        response_for(&x, &s->response_for);
        organ(&x, "From", &s->from);
        text_el(&x, "StatusCode", s->status_code);
        text_el(&x, "Description", s->description);
        text_el(&x, "Timestamp", s->timestamp);
        staff(&x, &s->staff);
        close_el(&x);
        close_el(&x);
        close_el(&x);
    }
    return writer_close(&x, len);
}
