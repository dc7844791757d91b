/* The edXML package and status message (QCVN 102:2016): what is written
 * reads back field for field and byte for byte, and every hostile or broken
 * package is refused with its stable code. */
#include "document/edxml.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <cmocka.h>

static const unsigned char pdf[] = {'%', 'P', 'D', 'F', '-', '1', '.', '7', '\n', 0, 1, 2, 0xff, 0xfe, '\r', '\n'};

static edxml_organ to_organs[2] = {
    {.organ_id = "000.00.02.H42", .organ_name = "UBND xã Bình Minh", .organ_in_charge = "UBND tỉnh Hà Tĩnh"},
    {.organ_id = "000.00.03.H42", .organ_name = "Công an xã Thượng Đức & Bình Minh <liên ngành>"},
};
static const char *const places[] = {"Như trên;", "Lưu: VT, VX."};

static void sample(edxml_package *p, edxml_attachment *files, unsigned char *big, size_t big_len)
{
    memset(p, 0, sizeof *p);
    p->from = (edxml_organ){.organ_id = "000.00.01.H42", .organ_in_charge = "UBND huyện Đức Thọ",
                            .organ_name = "Ủy ban nhân dân xã Thượng Đức", .organ_add = "Thôn Trung, xã Thượng Đức",
                            .email = "ubnd@thuongduc.gov.vn", .telephone = "0239 3890 123", .fax = "0239 3890 124",
                            .website = "https://thuongduc.hatinh.gov.vn"};
    p->to = to_organs;
    p->to_count = 2;
    p->code_number = "15";
    p->code_notation = "UBND-VX";
    p->place = "Thượng Đức";
    p->promulgation_date = "2026/12/04";
    p->type = 1;
    p->type_name = "Công văn";
    p->subject = "V/v triển khai tiêm chủng mở rộng đợt 2 năm 2026";
    p->content = "Đề nghị các đơn vị phối hợp thực hiện; báo cáo trước ngày 15/12.";
    p->competence = "TM.";
    p->signer_position = "Chủ tịch";
    p->signer_full_name = "Nguyễn Thị Hằng";
    p->due_date = "2026/12/15";
    p->to_places = places;
    p->to_places_count = 2;
    p->priority = 2;
    p->sphere = "Lưu hành nội bộ";
    p->typer_notation = "NTH";
    p->promulgation_amount = 3;
    p->page_amount = 2;
    p->response_for = (edxml_response_for){.organ_id = "000.00.02.H42", .code = "33/UBND-VP",
                                           .promulgation_date = "2026/11/20", .document_id = "000.00.02.H42,2026/11/20,33/UBND-VP"};
    p->steering_type = 1;
    p->document_id = "000.00.01.H42,2026/12/04,15/UBND-VX";
    p->trace_organ_id = "000.00.01.H42";
    p->trace_timestamp = "2026/12/04 09:30:00";
    p->bussiness_doc_type = 0;
    p->bussiness_doc_reason = "Văn bản mới";
    p->staff = (edxml_staff){.department = "Văn phòng", .staff = "Lê Văn Thư", .mobile = "0912345678",
                             .email = "vanthu@thuongduc.gov.vn"};
    files[0] = (edxml_attachment){.content_id = "f1", .content_type = "application/pdf",
                                  .name = "15-UBND-VX ký số.pdf", .description = "Văn bản chính", .data = pdf,
                                  .len = sizeof pdf};
    files[1] = (edxml_attachment){.content_id = "f2", .content_type = "application/octet-stream",
                                  .name = "Phụ lục danh sách.bin", .data = big, .len = big_len};
    p->attachments = files;
    p->attachment_count = 2;
}

static void same(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void same_organ(const edxml_organ *a, const edxml_organ *b)
{
    same(a->organ_id, b->organ_id);
    same(a->organ_in_charge, b->organ_in_charge);
    same(a->organ_name, b->organ_name);
    same(a->organ_add, b->organ_add);
    same(a->email, b->email);
    same(a->telephone, b->telephone);
    same(a->fax, b->fax);
    same(a->website, b->website);
}

static void round_trip(void **state)
{
    (void)state;
    size_t big_len = 300000;
    unsigned char *big = malloc(big_len);
    for (size_t i = 0; i < big_len; i++)
        big[i] = (unsigned char)(i * 131 + 7);
    edxml_package p, q;
    edxml_attachment files[2];
    sample(&p, files, big, big_len);
    size_t len = 0;
    char *xml = edxml_write(&p, &len);
    assert_non_null(xml);
    assert_non_null(strstr(xml, "xmlns:edXML=\"" EDXML_NS "\""));
    assert_non_null(strstr(xml, "Ủy ban nhân dân xã Thượng Đức"));
    arena a;
    arena_init(&a, 0);
    edxml_error err;
    assert_int_equal(edxml_read(&a, xml, len, &q, &err), 0);
    same_organ(&p.from, &q.from);
    assert_int_equal(q.to_count, 2);
    same_organ(&p.to[0], &q.to[0]);
    same_organ(&p.to[1], &q.to[1]);
    same(q.code_number, "15");
    same(q.code_notation, "UBND-VX");
    same(q.place, p.place);
    same(q.promulgation_date, p.promulgation_date);
    assert_int_equal(q.type, 1);
    same(q.type_name, p.type_name);
    same(q.subject, p.subject);
    same(q.content, p.content);
    same(q.competence, p.competence);
    same(q.signer_position, p.signer_position);
    same(q.signer_full_name, p.signer_full_name);
    same(q.due_date, p.due_date);
    assert_int_equal(q.to_places_count, 2);
    same(q.to_places[0], places[0]);
    same(q.to_places[1], places[1]);
    assert_int_equal(q.priority, 2);
    same(q.sphere, p.sphere);
    same(q.typer_notation, p.typer_notation);
    assert_int_equal(q.promulgation_amount, 3);
    assert_int_equal(q.page_amount, 2);
    same(q.response_for.organ_id, p.response_for.organ_id);
    same(q.response_for.code, p.response_for.code);
    same(q.response_for.promulgation_date, p.response_for.promulgation_date);
    same(q.response_for.document_id, p.response_for.document_id);
    assert_int_equal(q.steering_type, 1);
    same(q.document_id, p.document_id);
    same(q.trace_organ_id, p.trace_organ_id);
    same(q.trace_timestamp, p.trace_timestamp);
    assert_int_equal(q.bussiness_doc_type, 0);
    same(q.bussiness_doc_reason, p.bussiness_doc_reason);
    same(q.staff.department, p.staff.department);
    same(q.staff.staff, p.staff.staff);
    same(q.staff.mobile, p.staff.mobile);
    same(q.staff.email, p.staff.email);
    assert_int_equal(q.attachment_count, 2);
    for (size_t i = 0; i < 2; i++) {
        same(q.attachments[i].content_id, files[i].content_id);
        same(q.attachments[i].content_type, files[i].content_type);
        same(q.attachments[i].name, files[i].name);
        same(q.attachments[i].description, files[i].description);
        assert_int_equal(q.attachments[i].len, files[i].len);
        assert_memory_equal(q.attachments[i].data, files[i].data, files[i].len);
    }
    arena_free(&a);
    free(xml);
    free(big);
}

/* Absent optional elements read as absent (-1, NULL), not as 0 or "". */
static void minimal(void **state)
{
    (void)state;
    edxml_organ to = {.organ_id = "000.00.02.H42"};
    edxml_package p = {.from = {.organ_id = "000.00.01.H42", .organ_name = "UBND xã"}, .to = &to, .to_count = 1,
                       .code_number = "1", .code_notation = "QĐ-UBND", .promulgation_date = "2026/01/02",
                       .subject = "Trích yếu", .document_id = "x", .type = -1, .priority = -1,
                       .promulgation_amount = -1, .page_amount = -1, .steering_type = -1, .bussiness_doc_type = -1};
    size_t len;
    char *xml = edxml_write(&p, &len);
    assert_non_null(xml);
    arena a;
    arena_init(&a, 0);
    edxml_package q;
    edxml_error err;
    assert_int_equal(edxml_read(&a, xml, len, &q, &err), 0);
    assert_int_equal(q.type, -1);
    assert_int_equal(q.priority, -1);
    assert_int_equal(q.page_amount, -1);
    assert_int_equal(q.steering_type, -1);
    assert_int_equal(q.bussiness_doc_type, 0); /* written as a new document */
    assert_null(q.content);
    assert_null(q.response_for.document_id);
    assert_int_equal(q.attachment_count, 0);
    arena_free(&a);
    free(xml);
    /* Required values missing: nothing is written. */
    p.document_id = NULL;
    assert_null(edxml_write(&p, &len));
}

static void refused(const char *xml, const char *code, const char *field)
{
    arena a;
    arena_init(&a, 0);
    edxml_package q;
    edxml_error err;
    assert_int_equal(edxml_read(&a, xml, strlen(xml), &q, &err), -1);
    assert_string_equal(err.code, code);
    if (field)
        assert_string_equal(err.field, field);
    assert_true(err.message[0]);
    arena_free(&a);
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ROOT "<edXML xmlns=\"" EDXML_NS "\" xmlns:edXML=\"" EDXML_NS "\">"
#define FROM "<edXML:From><edXML:OrganId>000.00.09.H42</edXML:OrganId><edXML:OrganName>Sở Y tế</edXML:OrganName></edXML:From>"
#define TO "<edXML:To><edXML:OrganId>000.00.01.H42</edXML:OrganId><edXML:OrganName>UBND xã</edXML:OrganName></edXML:To>"
#define REST                                                                                                         \
    "<edXML:Code><edXML:CodeNumber>7</edXML:CodeNumber><edXML:CodeNotation>SYT-NV</edXML:CodeNotation></edXML:Code>" \
    "<edXML:PromulgationInfo><edXML:PromulgationDate>2026/12/01</edXML:PromulgationDate></edXML:PromulgationInfo>"  \
    "<edXML:Subject>V/v kiểm tra</edXML:Subject><edXML:DocumentId>000.00.09.H42,2026/12/01,7/SYT-NV</edXML:DocumentId>"
#define PKG(header, files)                                                                                          \
    HEAD ROOT "<edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:MessageHeader>" header                                \
              "</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>" files "</edXML>"

static void accepts_handwritten(void **state)
{
    (void)state;
    /* A package written by another system: cid: prefix, line-wrapped
     * base64, the name only in the manifest, whitespace around values. */
    const char *xml = HEAD ROOT
        "<edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:MessageHeader>" FROM TO REST
        "</edXML:MessageHeader></edXML:edXMLHeader><edXML:edXMLBody><edXML:edXMLManifest version=\"1.0\">"
        "<edXML:Reference><edXML:ContentId>cid:a1</edXML:ContentId><edXML:AttachmentName>Kế hoạch.txt"
        "</edXML:AttachmentName></edXML:Reference></edXML:edXMLManifest></edXML:edXMLBody></edXML:edXMLEnvelope>"
        "<AttachmentEncoded><Attachment><ContentId>cid:a1</ContentId><ContentType> text/plain </ContentType>"
        "<ContentTransferEncoded>\n  S+G6vyBob+G6oWNo\n  IDIwMjY=\n</ContentTransferEncoded></Attachment></AttachmentEncoded>"
        "</edXML>";
    arena a;
    arena_init(&a, 0);
    edxml_package q;
    edxml_error err;
    assert_int_equal(edxml_read(&a, xml, strlen(xml), &q, &err), 0);
    assert_string_equal(q.from.organ_name, "Sở Y tế");
    assert_int_equal(q.attachment_count, 1);
    assert_string_equal(q.attachments[0].content_id, "a1");
    assert_string_equal(q.attachments[0].name, "Kế hoạch.txt");
    assert_string_equal(q.attachments[0].content_type, "text/plain");
    assert_int_equal(q.attachments[0].len, strlen("Kế hoạch 2026"));
    assert_memory_equal(q.attachments[0].data, "Kế hoạch 2026", q.attachments[0].len);
    arena_free(&a);
}

static void refusals(void **state)
{
    (void)state;
    refused("<edXML><unclosed>", "edxml_malformed", NULL);
    refused("", "edxml_malformed", NULL);
    refused(HEAD "<edXML xmlns=\"" EDXML_NS "\">\xff\xfe</edXML>", "edxml_malformed", NULL);
    /* Billion laughs: refused at the DOCTYPE, before any entity is declared. */
    refused(HEAD "<!DOCTYPE edXML [<!ENTITY a \"ha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                 "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                 "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"
                 "<edXML xmlns=\"" EDXML_NS "\">&f;&f;&f;&f;&f;&f;&f;&f;</edXML>",
            "edxml_doctype", NULL);
    /* An external entity (XXE) and a bare DOCTYPE. */
    refused(HEAD "<!DOCTYPE edXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><edXML xmlns=\"" EDXML_NS "\">&x;</edXML>",
            "edxml_doctype", NULL);
    refused(HEAD "<!DOCTYPE edXML SYSTEM \"http://example.invalid/edxml.dtd\"><edXML xmlns=\"" EDXML_NS "\"/>",
            "edxml_doctype", NULL);
    refused(HEAD "<edXML xmlns=\"http://example.org/other\"/>", "edxml_namespace", "xmlns");
    refused(HEAD "<edXML/>", "edxml_namespace", "xmlns");
    refused(HEAD "<edXML:Status xmlns:edXML=\"" EDXML_NS "\"/>", "edxml_missing", "edXML");
    refused(HEAD ROOT "</edXML>", "edxml_missing", "edXMLEnvelope");
    refused(PKG(FROM REST, ""), "edxml_missing", "To");
    refused(PKG(TO REST, ""), "edxml_missing", "From");
    refused(PKG(FROM TO "<edXML:Subject>x</edXML:Subject>", ""), "edxml_missing", "Code");
    refused(PKG(FROM TO REST "<edXML:OtherInfo><edXML:Priority>khẩn</edXML:Priority></edXML:OtherInfo>", ""),
            "edxml_invalid", "Priority");
    refused(PKG(FROM TO REST, "<AttachmentEncoded><Attachment><ContentId>a</ContentId><AttachmentName>x.pdf"
                              "</AttachmentName><ContentTransferEncoded>không phải base64!</ContentTransferEncoded>"
                              "</Attachment></AttachmentEncoded>"),
            "edxml_attachment", "ContentTransferEncoded");
    refused(PKG(FROM TO REST, "<AttachmentEncoded><Attachment><ContentId>a</ContentId><AttachmentName>x.pdf"
                              "</AttachmentName><ContentTransferEncoded>QUJD</ContentTransferEncoded></Attachment>"
                              "<Attachment><ContentId>a</ContentId><AttachmentName>y.pdf</AttachmentName>"
                              "<ContentTransferEncoded>QUJD</ContentTransferEncoded></Attachment></AttachmentEncoded>"),
            "edxml_attachment", "ContentId");
    /* Deeper than any package. */
    char deep[4096];
    size_t n = (size_t)snprintf(deep, sizeof deep, "%s", HEAD ROOT);
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "<a>");
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "</a>");
    snprintf(deep + n, sizeof deep - n, "</edXML>");
    refused(deep, "edxml_malformed", NULL);
}

static void too_large(void **state)
{
    (void)state;
    /* A file over the per-file limit, refused before it is decoded. */
    size_t chars = ((size_t)EDXML_MAX_ATTACHMENT / 3 + 10) * 4;
    const char *pre = PKG(FROM TO REST, "<AttachmentEncoded><Attachment><ContentId>a</ContentId><AttachmentName>x"
                                        "</AttachmentName><ContentTransferEncoded>");
    const char *post = "</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>";
    size_t pre_len = strlen(pre) - strlen("</edXML>");
    char *xml = malloc(pre_len + chars + strlen(post) + 1);
    memcpy(xml, pre, pre_len);
    memset(xml + pre_len, 'A', chars);
    strcpy(xml + pre_len + chars, post);
    refused(xml, "edxml_too_large", "ContentTransferEncoded");
    free(xml);
    /* A package over the byte limit is not even parsed. */
    arena a;
    arena_init(&a, 0);
    edxml_package q;
    edxml_error err;
    assert_int_equal(edxml_read(&a, "<", (size_t)EDXML_MAX_BYTES + 1, &q, &err), -1);
    assert_string_equal(err.code, "edxml_too_large");
    arena_free(&a);
}

/* Peak resident memory of this process, in KiB. */
static long peak_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A flood of small nodes: the parser stops at the count, before a tree of
 * millions of nodes is built. */
static void node_flood(void **state)
{
    (void)state;
    const char *heads[] = {HEAD ROOT, HEAD ROOT "<a"};
    const char *units[] = {"<a/>", "<!---->", "<?p?>", " b=\"\""};
    for (size_t k = 0; k < 4; k++) {
        size_t count = EDXML_MAX_NODES + 1, u = strlen(units[k]);
        const char *head = heads[k == 3];
        const char *tail = k == 3 ? "/></edXML>" : "</edXML>";
        char *xml = malloc(strlen(head) + count * (u + 8) + strlen(tail) + 1);
        size_t n = (size_t)sprintf(xml, "%s", head);
        for (size_t i = 0; i < count; i++)
            n += k == 3 ? (size_t)sprintf(xml + n, " b%zu=\"\"", i) : (size_t)sprintf(xml + n, "%s", units[k]);
        strcpy(xml + n, tail);
        refused(xml, "edxml_too_large", NULL);
        free(xml);
    }
    /* 40 MB of <a/> (ten million elements) stays within a few times its size. */
    size_t len = 40u << 20;
    char *xml = malloc(len + 64);
    size_t n = (size_t)sprintf(xml, "%s", HEAD ROOT);
    while (n + 4 + 8 < len) {
        memcpy(xml + n, "<a/>", 4);
        n += 4;
    }
    strcpy(xml + n, "</edXML>");
    long before = peak_kib();
    refused(xml, "edxml_too_large", NULL);
    long grown_mib = (peak_kib() - before) / 1024;
    free(xml);
    assert_true(grown_mib < 200);
}

static void status_round_trip(void **state)
{
    (void)state;
    edxml_status s = {.response_for = {.organ_id = "000.00.01.H42", .code = "15/UBND-VX",
                                       .promulgation_date = "2026/12/04",
                                       .document_id = "000.00.01.H42,2026/12/04,15/UBND-VX"},
                      .from = {.organ_id = "000.00.02.H42", .organ_name = "UBND xã Bình Minh"},
                      .status_code = "03",
                      .description = "Đã vào sổ, số đến 12",
                      .timestamp = "2026/12/04 10:15:00",
                      .staff = {.department = "Văn phòng", .staff = "Trần Thị Lụa", .mobile = "0987654321",
                                .email = "luatt@binhminh.gov.vn"}};
    size_t len;
    char *xml = edxml_status_write(&s, &len);
    assert_non_null(xml);
    arena a;
    arena_init(&a, 0);
    edxml_status t;
    edxml_error err;
    assert_int_equal(edxml_status_read(&a, xml, len, &t, &err), 0);
    same(t.response_for.organ_id, s.response_for.organ_id);
    same(t.response_for.code, s.response_for.code);
    same(t.response_for.promulgation_date, s.response_for.promulgation_date);
    same(t.response_for.document_id, s.response_for.document_id);
    same_organ(&t.from, &s.from);
    same(t.status_code, "03");
    same(t.description, s.description);
    same(t.timestamp, s.timestamp);
    same(t.staff.department, s.staff.department);
    same(t.staff.staff, s.staff.staff);
    same(t.staff.mobile, s.staff.mobile);
    same(t.staff.email, s.staff.email);
    free(xml);
    /* A code outside 01–06 is neither written nor read. */
    s.status_code = "07";
    assert_null(edxml_status_write(&s, &len));
    const char *bad = HEAD "<edXML:Status xmlns:edXML=\"" EDXML_NS "\"><edXML:ResponseFor><edXML:DocumentId>x"
                           "</edXML:DocumentId></edXML:ResponseFor><edXML:From><edXML:OrganId>y</edXML:OrganId>"
                           "</edXML:From><edXML:StatusCode>99</edXML:StatusCode></edXML:Status>";
    assert_int_equal(edxml_status_read(&a, bad, strlen(bad), &t, &err), -1);
    assert_string_equal(err.code, "edxml_invalid");
    const char *none = HEAD "<edXML:Status xmlns:edXML=\"" EDXML_NS "\"><edXML:From><edXML:OrganId>y"
                            "</edXML:OrganId></edXML:From></edXML:Status>";
    assert_int_equal(edxml_status_read(&a, none, strlen(none), &t, &err), -1);
    assert_string_equal(err.code, "edxml_missing");
    assert_string_equal(err.field, "ResponseFor");
    arena_free(&a);
}

static void codes_and_dates(void **state)
{
    (void)state;
    const char *marks[] = {"thuong", "khan", "thuong_khan", "hoa_toc"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(edxml_priority_from_urgency(marks[i]), i);
        assert_string_equal(edxml_urgency_from_priority(i), marks[i]);
    }
    assert_string_equal(edxml_urgency_from_priority(4), "hoa_toc");
    assert_string_equal(edxml_urgency_from_priority(-1), "thuong");
    assert_string_equal(edxml_status_name("06"), "Hoàn thành");
    assert_null(edxml_status_name("6"));
    assert_null(edxml_status_name("00"));
    char d[11];
    assert_true(edxml_date_out("2026-12-04", d));
    assert_string_equal(d, "2026/12/04");
    assert_false(edxml_date_out("2026/12/04", d));
    assert_true(edxml_date_in("2026/12/04", d));
    assert_string_equal(d, "2026-12-04");
    assert_true(edxml_date_in("04/12/2026", d));
    assert_string_equal(d, "2026-12-04");
    assert_true(edxml_date_in("2024-02-29", d));
    assert_false(edxml_date_in("2026/02/29", d));
    assert_false(edxml_date_in("2026/13/01", d));
    char id[128];
    assert_true(edxml_document_id("000.00.01.H42", "2026-12-04", "15", "UBND-VX", id, sizeof id));
    assert_string_equal(id, "000.00.01.H42,2026/12/04,15/UBND-VX");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),      cmocka_unit_test(minimal),           cmocka_unit_test(accepts_handwritten),
        cmocka_unit_test(refusals),        cmocka_unit_test(too_large),         cmocka_unit_test(node_flood),
        cmocka_unit_test(status_round_trip),
        cmocka_unit_test(codes_and_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
