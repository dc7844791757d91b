/* Reading and writing số và ký hiệu. */
#include "core/doc_number.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct cursor {
    const char *p, *end;
} cursor;

static void skip_spaces(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
}

/* "Số", "số" or "SỐ", then an optional ':'. */
static void skip_label(cursor *c)
{
    static const char *labels[] = {"Số", "số", "SỐ"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t n = strlen(labels[i]);
        if ((size_t)(c->end - c->p) >= n && memcmp(c->p, labels[i], n) == 0) {
            c->p += n;
            skip_spaces(c);
            if (c->p < c->end && *c->p == ':')
                c->p++;
            skip_spaces(c);
            return;
        }
    }
}

static doc_notation_error read_number(cursor *c, long *out)
{
    const char *start = c->p;
    long v = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        if (v <= DOC_NUMBER_MAX)
            v = v * 10 + (*c->p - '0');
        c->p++;
    }
    if (c->p == start)
        return DOC_NOTATION_NO_NUMBER;
    if (v < 1 || v > DOC_NUMBER_MAX)
        return DOC_NOTATION_NUMBER_RANGE;
    *out = v;
    return DOC_NOTATION_OK;
}

/* Bytes of the letter at p that a group may hold (0 if none): ASCII letters
 * and digits, Đ/đ (U+0110, U+0111), the one Vietnamese letter the decree's
 * abbreviations use, and '&', which organs' own abbreviations carry
 * ("SNN&PTNT", Sở Nông nghiệp và Phát triển nông thôn). */
static size_t group_letter(const char *p, const char *end)
{
    unsigned char ch = (unsigned char)*p;
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '&')
        return 1;
    if (ch == 0xC4 && end - p >= 2 && ((unsigned char)p[1] == 0x90 || (unsigned char)p[1] == 0x91))
        return 2;
    return 0;
}

static doc_notation_error read_group(cursor *c, char *out)
{
    size_t n = 0;
    for (size_t k; c->p < c->end && (k = group_letter(c->p, c->end)); c->p += k) {
        if (n + k >= DOC_NOTATION_GROUP_MAX)
            return DOC_NOTATION_BAD_GROUP;
        memcpy(out + n, c->p, k);
        n += k;
    }
    out[n] = '\0';
    return n ? DOC_NOTATION_OK : DOC_NOTATION_BAD_GROUP;
}

/* The groups after the '/', split at '-'. The first names the type or copy
 * kind when it is one of the decree's abbreviations. */
static doc_notation_error read_groups(cursor *c, doc_notation *out)
{
    char first[DOC_NOTATION_GROUP_MAX];
    for (int i = 0;; i++) {
        skip_spaces(c);
        if (i > 0 && out->groups == DOC_NOTATION_GROUPS)
            return DOC_NOTATION_TOO_MANY_GROUPS;
        doc_notation_error e = read_group(c, i == 0 ? first : out->group[out->groups]);
        if (e != DOC_NOTATION_OK)
            return e;
        if (i == 0) {
            size_t len = strlen(first);
            out->copy = doc_copy_kind_by_abbr(first, len);
            out->type = out->copy ? NULL : doc_type_by_abbr(first, len);
            if (!out->copy && !out->type)
                memcpy(out->group[out->groups++], first, len + 1); /* công văn: the organ */
        } else {
            out->groups++;
        }
        skip_spaces(c);
        if (c->p == c->end)
            break;
        if (*c->p != '-')
            return DOC_NOTATION_BAD_GROUP;
        c->p++;
    }
    return out->groups ? DOC_NOTATION_OK : DOC_NOTATION_NO_ORGAN;
}

doc_notation_error doc_notation_parse(const char *text, size_t len, doc_notation *out)
{
    memset(out, 0, sizeof *out);
    cursor c = {text, text + len};
    skip_spaces(&c);
    skip_label(&c);
    doc_notation_error e = read_number(&c, &out->number);
    if (e != DOC_NOTATION_OK)
        return e;
    skip_spaces(&c);
    if (c.p == c.end || *c.p != '/')
        return DOC_NOTATION_NO_SLASH;
    c.p++;
    return read_groups(&c, out);
}

static doc_notation_error put_group(doc_notation *out, const char *text)
{
    if (out->groups == DOC_NOTATION_GROUPS)
        return DOC_NOTATION_TOO_MANY_GROUPS;
    cursor c = {text, text + strlen(text)};
    doc_notation_error e = read_group(&c, out->group[out->groups]);
    if (e != DOC_NOTATION_OK || c.p != c.end)
        return DOC_NOTATION_BAD_GROUP;
    out->groups++;
    return DOC_NOTATION_OK;
}

doc_notation_error doc_notation_make(doc_notation *out, long number, const doc_type *type,
                                     const char *organ, const char *unit)
{
    memset(out, 0, sizeof *out);
    if (number < 1 || number > DOC_NUMBER_MAX)
        return DOC_NOTATION_NUMBER_RANGE;
    out->number = number;
    out->type = type && type->abbr ? type : NULL;
    if (!organ || !*organ)
        return DOC_NOTATION_NO_ORGAN;
    if (!out->type && (!unit || !*unit))
        return DOC_NOTATION_NEEDS_UNIT;
    doc_notation_error e = put_group(out, organ);
    if (e == DOC_NOTATION_OK && unit && *unit)
        e = put_group(out, unit);
    return e;
}

int doc_notation_format(const doc_notation *x, char *out, size_t n)
{
    const doc_type *kind = x->copy ? x->copy : x->type;
    int used = snprintf(out, n, "%02ld/%s%s", x->number, kind ? kind->abbr : "", kind ? "-" : "");
    for (int i = 0; used >= 0 && (size_t)used < n && i < x->groups; i++)
        used += snprintf(out + used, n - (size_t)used, "%s%s", i ? "-" : "", x->group[i]);
    return used >= 0 && (size_t)used < n ? used : -1;
}

static const struct {
    const char *code, *message;
} errors[] = {
    [DOC_NOTATION_OK] = {"ok", "Hợp lệ."},
    [DOC_NOTATION_NO_NUMBER] = {"notation_number", "Thiếu số văn bản trước dấu “/”."},
    [DOC_NOTATION_NUMBER_RANGE] = {"notation_number", "Số văn bản phải từ 01 đến 9999999."},
    [DOC_NOTATION_NO_SLASH] = {"notation_slash", "Sau số văn bản phải là dấu “/” rồi đến ký hiệu."},
    [DOC_NOTATION_BAD_GROUP] = {"notation_group",
                                "Ký hiệu gồm các chữ viết tắt nối bằng dấu “-”, mỗi nhóm chỉ có chữ cái và chữ số."},
    [DOC_NOTATION_NO_ORGAN] = {"notation_organ", "Ký hiệu thiếu chữ viết tắt tên cơ quan ban hành."},
    [DOC_NOTATION_TOO_MANY_GROUPS] = {"notation_group", "Ký hiệu có quá nhiều nhóm chữ viết tắt."},
    [DOC_NOTATION_NEEDS_UNIT] = {"notation_unit",
                                 "Ký hiệu của công văn cần chữ viết tắt tên đơn vị soạn thảo hoặc lĩnh vực."},
};

const char *doc_notation_error_code(doc_notation_error e)
{
    return (size_t)e < sizeof errors / sizeof errors[0] ? errors[e].code : "notation";
}

const char *doc_notation_error_message(doc_notation_error e)
{
    return (size_t)e < sizeof errors / sizeof errors[0] ? errors[e].message : "Số, ký hiệu không hợp lệ.";
}
