/* See portal_parse.h. The flattened text is scanned with byte searches: the
 * markers are ASCII or whole UTF-8 sequences, so a split never falls inside
 * a character. */
#include "catalog/portal_parse.h"

#include "core/fold.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char NO_INFO[] = "Không có thông tin";

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A JSON string of s[0..n) without surrounding blanks and list marks. */
static json_t *clean_text(const char *s, size_t n)
{
    while (n > 0 && (is_space(*s) || *s == '-' || *s == '+' || *s == '*')) {
        s++;
        n--;
    }
    if (n >= 2 && strncmp(s, "\xC2\xA0", 2) == 0) { /* a leading no-break space */
        s += 2;
        n -= 2;
    }
    while (n > 0 && (is_space(s[n - 1]) || s[n - 1] == ';'))
        n--;
    return json_stringn(s, n);
}

/* --- channels ------------------------------------------------------------ */

static const struct {
    const char *marker, *code;
} CHANNELS[] = {
    {"Trực tiếp", "counter"}, {"Trực tuyến", "online"}, {"Dịch vụ bưu chính", "post"},
};
enum { CHANNEL_COUNT = 3 };

/* A channel's name counts as a marker only when a time follows it (a digit
 * or "Không có thông tin"), so the words inside a description do not. */
static const char *next_channel(const char *p, int *which)
{
    const char *best = NULL;
    for (int i = 0; i < CHANNEL_COUNT; i++) {
        for (const char *q = p; (q = strstr(q, CHANNELS[i].marker)); q++) {
            const char *after = q + strlen(CHANNELS[i].marker);
            if (is_digit(*after) || starts(after, NO_INFO)) {
                if (!best || q < best) {
                    best = q;
                    *which = i;
                }
                break;
            }
        }
    }
    return best;
}

static const struct {
    const char *suffix, *unit;
} TIME_UNITS[] = {
    {" Ngày làm việc", "working_days"}, {" ngày làm việc", "working_days"},
    {" Giờ làm việc", "working_hours"}, {" giờ làm việc", "working_hours"},
    {" Ngày", "calendar_days"},         {" ngày", "calendar_days"},
    {" Giờ", "hours"},                  {" giờ", "hours"},
    {" Tháng", "months"},               {" tháng", "months"},
};

static const char *const CURRENCIES[] = {" VNĐ", " VND", " Việt Nam đồng", " Việt Nam Đồng",
                                         " đồng", " Đồng", "VNĐ", " vnđ"};

static const char *currency_after(const char *p)
{
    for (size_t i = 0; i < sizeof CURRENCIES / sizeof CURRENCIES[0]; i++)
        if (starts(p, CURRENCIES[i]))
            return p + strlen(CURRENCIES[i]);
    return NULL;
}

/* Reads "120,000" or "5": digits with thousands separators. */
static const char *read_number(const char *p, long long *value, bool *grouped)
{
    long long v = 0;
    *grouped = false;
    const char *start = p;
    while (is_digit(*p) || ((*p == ',' || *p == '.') && is_digit(p[1]) && p > start)) {
        if (is_digit(*p))
            v = v < 1000000000000LL ? v * 10 + (*p - '0') : v;
        else
            *grouped = true;
        p++;
    }
    *value = v;
    return p;
}

/* Fills time_* of one channel; returns where the fee starts. */
static const char *parse_time(const char *p, const char *end, json_t *ch)
{
    if (starts(p, NO_INFO)) {
        json_object_set_new(ch, "time_raw", json_string(NO_INFO));
        return p + strlen(NO_INFO);
    }
    long long amount;
    bool grouped;
    const char *q = read_number(p, &amount, &grouped);
    if (grouped && currency_after(q)) {
        /* "Trực tuyến120,000 VNĐ": time and fee ran together. */
        json_object_set_new(ch, "time_raw", json_stringn(p, (size_t)(q - p)));
        json_object_set_new(ch, "merged", json_true());
        return p;
    }
    for (size_t i = 0; i < sizeof TIME_UNITS / sizeof TIME_UNITS[0]; i++) {
        if (starts(q, TIME_UNITS[i].suffix) && q + strlen(TIME_UNITS[i].suffix) <= end) {
            const char *after = q + strlen(TIME_UNITS[i].suffix);
            json_object_set_new(ch, "time_raw", json_stringn(p, (size_t)(after - p)));
            json_object_set_new(ch, "time_unit", json_string(TIME_UNITS[i].unit));
            json_object_set_new(ch, "time_amount", json_integer(amount));
            return after;
        }
    }
    json_object_set_new(ch, "time_raw", json_stringn(p, (size_t)(q - p)));
    json_object_set_new(ch, "time_unit", json_string("unknown"));
    json_object_set_new(ch, "time_amount", json_integer(amount));
    return q;
}

/* Fills fee_* of one channel; returns where the description starts. */
static const char *parse_fee(const char *p, json_t *ch)
{
    if (json_is_true(json_object_get(ch, "merged"))) {
        long long amount;
        bool grouped;
        const char *q = read_number(p, &amount, &grouped);
        const char *after = currency_after(q);
        json_object_set_new(ch, "fee_raw", json_stringn(p, (size_t)(after - p)));
        return after;
    }
    if (starts(p, "Miễn phí")) {
        json_object_set_new(ch, "fee_raw", json_string("Miễn phí"));
        json_object_set_new(ch, "fee_amount", json_integer(0));
        return p + strlen("Miễn phí");
    }
    if (starts(p, NO_INFO)) {
        json_object_set_new(ch, "fee_raw", json_string(NO_INFO));
        return p + strlen(NO_INFO);
    }
    long long amount;
    bool grouped;
    const char *q = read_number(p, &amount, &grouped);
    const char *after = q > p ? currency_after(q) : NULL;
    if (after) {
        json_object_set_new(ch, "fee_raw", json_stringn(p, (size_t)(after - p)));
        json_object_set_new(ch, "fee_amount", json_integer(amount));
        return after;
    }
    json_object_set_new(ch, "fee_raw", json_string(""));
    return p;
}

static json_t *parse_channel(int which, const char *p, const char *end)
{
    json_t *ch = json_pack("{s:s}", "channel", CHANNELS[which].code);
    p = parse_time(p, end, ch);
    p = parse_fee(p, ch);
    size_t n = (size_t)(end - p);
    if (n >= 2 && *p == '(' && end[-1] == ')') {
        p++;
        n -= 2;
    }
    json_object_set_new(ch, "description", clean_text(p, n));
    return ch;
}

json_t *portal_parse_channels(const char *text)
{
    json_t *list = json_array();
    int which = 0;
    const char *p = text ? next_channel(text, &which) : NULL;
    while (p) {
        const char *body = p + strlen(CHANNELS[which].marker);
        int next_which = 0;
        const char *next = next_channel(body, &next_which);
        const char *end = next ? next : body + strlen(body);
        json_array_append_new(list, parse_channel(which, body, end));
        p = next;
        which = next_which;
    }
    return list;
}

/* --- documents ----------------------------------------------------------- */

static const char TABLE_HEADER[] = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";

/* The next "N bản chính" / "N bản sao" (N one digit) at or after p. */
static const char *next_count(const char *p, int *count, bool *original, const char **after)
{
    for (const char *q = p; (q = strstr(q, " bản ")); q++) {
        if (q == p || !is_digit(q[-1]))
            continue;
        const char *kind = q + strlen(" bản ");
        if (starts(kind, "chính") || starts(kind, "sao")) {
            *count = q[-1] - '0';
            *original = starts(kind, "chính");
            *after = kind + strlen(*original ? "chính" : "sao");
            return q - 1;
        }
    }
    return NULL;
}

/* Section headings switch between documents to submit and to present. */
static const char *section_kind(const char *from, const char *to, const char *current)
{
    const char *kind = current;
    for (const char *q = from; (q = strstr(q, "* ")) && q < to; q++) {
        if (starts(q, "* Giấy tờ phải xuất trình"))
            kind = "present";
        else if (starts(q, "* Lưu ý"))
            kind = "note";
        else
            kind = "submit";
    }
    return kind;
}

static json_t *document_from(const char *start, const char *digit, const char *kind,
                             int originals, int copies)
{
    /* The name starts after a section heading ("* Giấy tờ phải nộp:") and
     * after the table header, when they sit in between. */
    for (const char *h = start; (h = strstr(h, "* ")) && h < digit; h++) {
        const char *colon = strchr(h, ':');
        if (colon && colon < digit)
            start = colon + 1;
    }
    for (const char *h; (h = strstr(start, TABLE_HEADER)) && h < digit;)
        start = h + strlen(TABLE_HEADER);
    if (starts(start, "--"))
        start += 2;
    json_t *name = clean_text(start, (size_t)(digit - start));
    if (json_string_length(name) < 3) {
        json_decref(name);
        return NULL;
    }
    return json_pack("{s:o, s:s, s:i, s:i}", "name", name, "kind", kind, "originals",
                     originals, "copies", copies);
}

json_t *portal_parse_documents(const char *text)
{
    json_t *list = json_array();
    const char *kind = "submit";
    const char *p = text ? text : "";
    int count;
    bool original;
    const char *digit, *after;
    while ((digit = next_count(p, &count, &original, &after))) {
        kind = section_kind(p, digit, kind);
        /* "0 bản chính,1 bản sao": both counts belong to one paper. */
        int second;
        bool second_original;
        const char *second_after, *comma = after;
        while (*comma == ',' || *comma == ' ')
            comma++;
        int originals = original ? count : 0, copies = original ? 0 : count;
        if (comma > after && next_count(comma - 1, &second, &second_original, &second_after) == comma) {
            if (second_original)
                originals += second;
            else
                copies += second;
            after = second_after;
        }
        /* Zero-count rows are notes and conditions, not papers to hand in. */
        if (originals + copies > 0 && strcmp(kind, "note") != 0) {
            json_t *doc = document_from(p, digit, kind, originals, copies);
            if (doc)
                json_array_append_new(list, doc);
        }
        p = after;
    }
    return list;
}

/* --- legal basis --------------------------------------------------------- */

/* Length of an upper-case letter at p (A-Z or Đ), 0 otherwise. */
static size_t upper_at(const char *p)
{
    if (*p >= 'A' && *p <= 'Z')
        return 1;
    return starts(p, "Đ") ? strlen("Đ") : 0;
}

static bool lower_at(const char *p)
{
    return (*p >= 'a' && *p <= 'z') || ((unsigned char)*p >= 0xC0 && !starts(p, "Đ"));
}

/* Document kinds and issuers as they appear in codes; a run that is one of
 * these ends there even when a small letter follows ("TT-BCAngày"). */
static const char *const ISSUERS[] = {
    "NĐ", "TT", "QĐ", "NQ", "TTLT", "CT", "CP", "BTC", "BTP", "BCA", "BNV", "BYT", "BXD", "BCT",
    "BQP", "BNG", "VPCP", "UBND", "HĐND", "NHNN", "BTNMT", "BGTVT", "BGDĐT", "BKHĐT", "BTTTT",
    "BKHCN", "BLĐTBXH", "BNNPTNT", "BVHTTDL", "BNNMT", "TANDTC", "VKSNDTC", "BHXH", "UBTVQH",
    "NQLT", "CTN", "L", "HĐTP", "UB", "BTTTT",
};

static bool known_issuer(const char *run, size_t len)
{
    for (size_t i = 0; i < sizeof ISSUERS / sizeof ISSUERS[0]; i++)
        if (strlen(ISSUERS[i]) == len && strncmp(ISSUERS[i], run, len) == 0)
            return true;
    return false;
}

/* The longest known issuer that run[0..len) starts with, 0 when none. */
static size_t known_prefix(const char *run, size_t len)
{
    size_t best = 0;
    for (size_t i = 0; i < sizeof ISSUERS / sizeof ISSUERS[0]; i++) {
        size_t n = strlen(ISSUERS[i]);
        if (n <= len && n > best && strncmp(ISSUERS[i], run, n) == 0)
            best = n;
    }
    return best;
}

/* The issuer part after "NNN/YYYY/": upper-case runs joined by '-', the
 * National Assembly's term after QH (QH13), or Thủ tướng's "TTg". The
 * flattened text runs the next title or code straight on ("NĐ-CPLuật",
 * "QH1360/2014", "BTPThông tư"), so a run that is longer than a known issuer
 * it starts with is cut to it, an unknown run followed by a small letter
 * loses its last capital, and only QH takes digits. */
static const char *issuer_end(const char *p)
{
    for (;;) {
        const char *run = p, *last = p;
        size_t len;
        while ((len = upper_at(p))) {
            last = p;
            p += len;
        }
        size_t run_len = (size_t)(p - run);
        if (run_len == 0)
            return run;
        if (*p == 'g' && run_len >= 2 && starts(p - 2, "TT") && !lower_at(p + 1))
            return p + 1; /* QĐ-TTg */
        if (run_len >= 2 && starts(p - 2, "QH") && is_digit(*p))
            return is_digit(p[1]) ? p + 2 : p + 1;
        if (!known_issuer(run, run_len)) {
            size_t prefix = known_prefix(run, run_len);
            if (prefix)
                return run + prefix;
            if (lower_at(p))
                return last > run ? last : run;
        }
        if (*p != '-' || !upper_at(p + 1))
            return p;
        p++;
    }
}

/* "123/2015/NĐ-CP", "66.7/2025/NQ-CP", "60/2014/QH13". */
json_t *portal_parse_legal_basis(const char *text)
{
    json_t *codes = json_array();
    for (const char *p = text ? text : ""; (p = strchr(p, '/')); p++) {
        if (!(is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && is_digit(p[4]) && p[5] == '/'))
            continue;
        const char *start = p;
        while (start > text && (is_digit(start[-1]) || (start[-1] == '.' && start - 1 > text &&
                                                        is_digit(start[-2]))))
            start--;
        /* "QH1360/2014": the 13 closes the code before (QH13); "năm 202443/2024":
         * a year ran into the number. */
        if (start - text >= 2 && start[-1] == 'H' && start[-2] == 'Q' && p - start > 2)
            start += 2;
        if (p - start > 4 && (starts(start, "19") || starts(start, "20")))
            start += 4;
        while (start < p && *start == '.')
            start++;
        if (start == p)
            continue;
        const char *end = issuer_end(p + 6);
        if (end == p + 6)
            continue;
        json_t *code = json_stringn(start, (size_t)(end - start));
        bool seen = false;
        size_t i;
        json_t *v;
        json_array_foreach(codes, i, v) seen = seen || json_equal(v, code);
        if (seen)
            json_decref(code);
        else
            json_array_append_new(codes, code);
        p = end - 1;
    }
    return codes;
}
