/* The signed file of a văn bản đi: the document as xaso prints it (NĐ
 * 30/2020 Phụ lục I: the heading, "Số: 15/QĐ-UBND", place and date, the
 * type's name, the trích yếu, the content, nơi nhận, the signer's block
 * with the signature's time and key, Điều 8 khoản 3 điểm a) and its
 * signature, carried inside the PDF.
 *
 * The scheme ("xaso-document-seal-v1"). The rendered PDF R (L bytes) is
 * hashed: H = SHA-256(R). The signer's Ed25519 key (org/signing.h) signs
 * "xaso-result-v1\n<code>\n<H hex>\n<signed at>", code being "document
 * <id> <số và ký hiệu>". Then one incremental update (ISO 32000-1 §7.5.6)
 * is appended to R: a new document information dictionary
 *   << /Producer (xaso) /XasoSeal (xaso-document-seal-v1)
 *      /XasoSignedCode <code, UTF-8 in hex> /XasoCoveredLength L
 *      /XasoCoveredSha256 (H) /XasoSignedAt (instant) /XasoKeyId K
 *      /XasoSignature (hex) >>
 * with its xref section and a trailer whose /Info points at it and /Prev at
 * R's xref. Any PDF reader shows R unchanged (the update changes only the
 * metadata) and lists the keys among the document's properties. A
 * verifier reads L, hashes the first L bytes, checks the signature with
 * key K's public key, and rebuilds the update from those values: the
 * file's tail must be exactly it, so nothing was appended or altered after
 * the signed bytes either. */
#include "document/outgoing.h"

#include "media/pdf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void document_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

char *document_print_pdf(const document_print *p, size_t *len, char *err, size_t errlen)
{
    pdf_doc *d = pdf_new(err, errlen);
    if (!d)
        return NULL;
    char number[200];
    snprintf(number, sizeof number, "Số: %s", p->number);
    pdf_heading(d, p->authority ? p->authority : "", p->organ, p->place_date);
    pdf_paragraph(d, number, false, 11);
    /* Điều 15 khoản 2, PL I Phần I Mục II khoản 11: the marks of secrecy
     * and urgency stand out on the document. */
    if (p->secrecy && *p->secrecy)
        pdf_paragraph(d, p->secrecy, true, 13);
    if (p->urgency && *p->urgency)
        pdf_paragraph(d, p->urgency, true, 13);
    /* The type's name as a title, without the catalogue's gloss
     * ("Quyết định (cá biệt)" prints as "Quyết định"). */
    char title[160];
    snprintf(title, sizeof title, "%s", p->type_name);
    char *gloss = strstr(title, " (");
    if (gloss)
        *gloss = '\0';
    pdf_title(d, title, p->subject);
    if (p->content && *p->content)
        pdf_paragraph(d, p->content, false, 0);
    if (p->content_file_name) {
        char *line = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&line, &n);
        if (f) {
            fprintf(f, "Nội dung văn bản là tệp đính kèm \"%s\" (mã băm SHA-256 %s), được ký số cùng văn bản này:"
                       " chữ ký bao trùm mã băm của tệp.",
                    p->content_file_name, p->content_file_sha256);
            fclose(f);
            pdf_paragraph(d, line, false, 0);
        }
        free(line);
    }
    pdf_paragraph(d, " ", false, 0);
    pdf_paragraph(d, "Nơi nhận:", true, 11);
    for (int i = 0; i < p->recipient_count; i++) {
        char *line = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&line, &n);
        if (f) {
            /* The last line is "Lưu: VT, VX." and ends the list. */
            fprintf(f, i + 1 < p->recipient_count ? "- %s;" : "- %s", p->recipients[i]);
            fclose(f);
            pdf_paragraph(d, line, false, 10);
        }
        free(line);
    }
    /* The signature block (PL I Phần I Mục II khoản 9, and Điều 8 khoản 3
     * điểm a for a digital signature): position, the signed mark, name. */
    pdf_paragraph(d, " ", false, 0);
    pdf_paragraph(d, p->signer_position, true, 12);
    char line[300];
    snprintf(line, sizeof line, "(Đã ký số lúc %s, khóa ký số số %lld)", p->signed_at_local, (long long)p->key_id);
    pdf_paragraph(d, line, false, 10);
    pdf_paragraph(d, p->signer_name, true, 12);
    pdf_qr(d, p->verify_url, "Quét mã để xác thực số, ngày, cơ quan ban hành, người ký và chữ ký số của văn bản.");
    char *out = pdf_finish(d, len);
    pdf_free(d);
    if (!out)
        snprintf(err, errlen, "không tạo được tệp PDF");
    return out;
}

/* The last occurrence of needle in hay[0..len). */
static const char *last_of(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* What the rendered file's own trailer says: the next object number, its
 * catalog and ID, where its xref is. */
typedef struct trailer_info {
    long size, prev;
    char root[48], id[200];
} trailer_info;

static bool copy_token(const char *from, const char *end, const char *key, char stop, char *out, size_t cap)
{
    const char *p = last_of(from, (size_t)(end - from), key);
    if (!p)
        return false;
    p += strlen(key);
    while (p < end && *p == ' ')
        p++;
    size_t n = 0;
    while (p + n < end && p[n] != stop && p[n] != '\n' && p[n] != '\r' && n + 2 < cap)
        n++;
    if (p + n >= end || p[n] != stop)
        return false;
    memcpy(out, p, n + 1);
    out[n + 1] = '\0';
    return true;
}

static bool read_trailer(const char *pdf, size_t len, trailer_info *t)
{
    memset(t, 0, sizeof *t);
    const char *sx = last_of(pdf, len, "startxref");
    const char *tr = sx ? last_of(pdf, (size_t)(sx - pdf), "trailer") : NULL;
    if (!sx || !tr)
        return false;
    t->prev = strtol(sx + 9, NULL, 10);
    const char *size = last_of(tr, (size_t)(sx - tr), "/Size");
    if (!size || t->prev <= 0)
        return false;
    t->size = strtol(size + 5, NULL, 10);
    if (!copy_token(tr, sx, "/Root", 'R', t->root, sizeof t->root) || t->size <= 0)
        return false;
    if (!copy_token(tr, sx, "/ID", ']', t->id, sizeof t->id))
        t->id[0] = '\0';
    return true;
}

char *document_seal_tail(const char *pdf, size_t len, const document_seal *s, size_t *tail_len)
{
    trailer_info t;
    if (!read_trailer(pdf, len, &t))
        return NULL;
    char code_hex[2 * 256 + 1];
    size_t code_len = strlen(s->code);
    if (code_len > 256)
        return NULL;
    sodium_bin2hex(code_hex, sizeof code_hex, (const unsigned char *)s->code, code_len);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    if (!f)
        return NULL;
    bool newline = len > 0 && pdf[len - 1] != '\n';
    size_t object_at = len + (newline ? 1 : 0);
    fprintf(f, "%s%ld 0 obj\n<< /Producer (xaso) /XasoSeal (xaso-document-seal-v1) /XasoSignedCode <%s>"
               " /XasoCoveredLength %zu /XasoCoveredSha256 (%s) /XasoSignedAt (%s) /XasoKeyId %lld"
               " /XasoSignature (%s) >>\nendobj\n",
            newline ? "\n" : "", t.size, code_hex, s->covered, s->covered_sha256, s->signed_at,
            (long long)s->key_id, s->signature);
    fflush(f);
    size_t xref_at = len + n;
    fprintf(f, "xref\n%ld 1\n%010zu 00000 n\r\ntrailer\n<< /Size %ld /Root %s /Info %ld 0 R /Prev %ld%s%s >>\n"
               "startxref\n%zu\n%%%%EOF\n",
            t.size, object_at, t.size + 1, t.root, t.size, t.prev, t.id[0] ? " /ID " : "", t.id, xref_at);
    fclose(f);
    *tail_len = n;
    return out;
}

/* The text of "(…)" or the digits after key in the tail. */
static const char *value_of(arena *a, const char *tail, size_t n, const char *key, char close)
{
    const char *p = last_of(tail, n, key);
    if (!p)
        return NULL;
    p += strlen(key);
    const char *end = memchr(p, close, n - (size_t)(p - tail));
    if (!end || end - p > 600)
        return NULL;
    char *v = arena_alloc(a, (size_t)(end - p) + 1);
    memcpy(v, p, (size_t)(end - p));
    v[end - p] = '\0';
    return v;
}

bool document_seal_read(arena *a, const char *pdf, size_t len, document_seal *out)
{
    memset(out, 0, sizeof *out);
    const char *mark = pdf ? last_of(pdf, len, "/XasoCoveredLength ") : NULL;
    if (!mark)
        return false;
    out->covered = strtoull(mark + 19, NULL, 10);
    if (out->covered == 0 || out->covered >= len)
        return false;
    const char *tail = pdf + out->covered;
    size_t n = len - out->covered;
    const char *code_hex = value_of(a, tail, n, "/XasoSignedCode <", '>');
    const char *key = value_of(a, tail, n, "/XasoKeyId ", ' ');
    out->signed_at = value_of(a, tail, n, "/XasoSignedAt (", ')');
    out->signature = value_of(a, tail, n, "/XasoSignature (", ')');
    if (!code_hex || !key || !out->signed_at || !out->signature || strlen(code_hex) > 512)
        return false;
    out->key_id = strtoll(key, NULL, 10);
    unsigned char code[257];
    size_t code_len = 0;
    if (sodium_hex2bin(code, sizeof code - 1, code_hex, strlen(code_hex), NULL, &code_len, NULL) != 0)
        return false;
    code[code_len] = '\0';
    out->code = arena_strdup(a, (const char *)code);
    document_sha256_hex(pdf, out->covered, out->covered_sha256);
    size_t expect_len = 0;
    char *expect = document_seal_tail(pdf, out->covered, out, &expect_len);
    bool intact = expect && expect_len == n && memcmp(expect, tail, n) == 0;
    free(expect);
    return intact;
}
