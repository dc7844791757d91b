/* See plan_period.h. */
#include "core/plan_period.h"

#include "core/civil_date.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const ROMAN[] = {"I", "II", "III", "IV"};

/* Skips what may stand between the parts: spaces, "Quý"/"quý"/"QUÝ". */
static const char *skip_filler(const char *p)
{
    for (;;) {
        if (*p == ' ' || *p == '\t' || *p == '.')
            p++;
        else if ((p[0] == 'Q' || p[0] == 'q') && (p[1] == 'u' || p[1] == 'U') &&
                 ((unsigned char)p[2] == 0xC3 && ((unsigned char)p[3] == 0xBD || (unsigned char)p[3] == 0x9D)))
            p += 4; /* ý U+00FD, Ý U+00DD */
        else
            return p;
    }
}

/* A range mark: '-', en dash U+2013, em dash U+2014. */
static const char *skip_dash(const char *p, bool *found)
{
    *found = false;
    if (*p == '-') {
        *found = true;
        return p + 1;
    }
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94)) {
        *found = true;
        return p + 3;
    }
    return p;
}

/* I, II, III or IV, not followed by another Roman letter. */
static const char *read_quarter(const char *p, int *q)
{
    size_t n = strspn(p, "IVXivx");
    for (int i = 3; i >= 0; i--)
        if (n == strlen(ROMAN[i]) && strncasecmp(p, ROMAN[i], n) == 0) {
            *q = i + 1;
            return p + n;
        }
    return NULL;
}

bool plan_period_parse(const char *text, plan_period *out)
{
    if (!text)
        return false;
    plan_period r = {0};
    const char *p = skip_filler(text);
    if (!(p = read_quarter(p, &r.first_quarter)))
        return false;
    r.last_quarter = r.first_quarter;
    bool dash;
    p = skip_dash(skip_filler(p), &dash);
    if (dash && !(p = read_quarter(skip_filler(p), &r.last_quarter)))
        return false;
    p = skip_filler(p);
    if (*p == '/')
        p = skip_filler(p + 1);
    int year = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 5)
        year = year * 10 + (*p++ - '0'), digits++;
    p = skip_filler(p);
    if (digits != 4 || *p || year < 2000 || year > 2100 || r.last_quarter < r.first_quarter)
        return false;
    r.year = year;
    *out = r;
    return true;
}

int32_t plan_period_first_day(plan_period p)
{
    return civil_day_number((civil_date){p.year, 3 * p.first_quarter - 2, 1});
}

int32_t plan_period_last_day(plan_period p)
{
    int month = 3 * p.last_quarter;
    return civil_day_number((civil_date){p.year, month, civil_days_in_month(p.year, month)});
}

void plan_period_format(plan_period p, char out[PLAN_PERIOD_TEXT_MAX])
{
    int q1 = p.first_quarter >= 1 && p.first_quarter <= 4 ? p.first_quarter : 1;
    int q2 = p.last_quarter >= 1 && p.last_quarter <= 4 ? p.last_quarter : q1;
    if (q1 == q2)
        snprintf(out, PLAN_PERIOD_TEXT_MAX, "Quý %s/%d", ROMAN[q1 - 1], p.year);
    else
        snprintf(out, PLAN_PERIOD_TEXT_MAX, "Quý %s – Quý %s/%d", ROMAN[q1 - 1], ROMAN[q2 - 1], p.year);
}
