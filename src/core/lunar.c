/* See lunar.h for the rules. The astronomy here is only as precise as the
 * calendar needs: new moons to a few seconds, the sun to about 0.01°. */
#include "core/lunar.h"

#include <math.h>
#include <stddef.h>

#include "core/civil_date.h"

static const double PI = 3.14159265358979323846;
static const double SYNODIC_MONTH = 29.530588861;
/* Julian Ephemeris Day of the first new moon of 2000 (k = 0). */
static const double NEW_MOON_EPOCH = 2451550.09766;

static double sin_deg(double degrees)
{
    return sin(degrees * PI / 180.0);
}

static double normalize_degrees(double degrees)
{
    degrees = fmod(degrees, 360.0);
    return degrees < 0 ? degrees + 360.0 : degrees;
}

/* ΔT = TT - UT in seconds, Espenak & Meeus polynomial fits. */
static double delta_t_seconds(double year)
{
    double t;
    if (year < 1900) {
        t = year - 1860;
        return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t -
               0.0004473624 * pow(t, 4) + pow(t, 5) / 233174;
    }
    if (year < 1920) {
        t = year - 1900;
        return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
               0.000197 * pow(t, 4);
    }
    if (year < 1941) {
        t = year - 1920;
        return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
    }
    if (year < 1961) {
        t = year - 1950;
        return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
    }
    if (year < 1986) {
        t = year - 1975;
        return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
    }
    if (year < 2005) {
        t = year - 2000;
        return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
               0.000651814 * pow(t, 4) + 0.00002373599 * pow(t, 5);
    }
    if (year < 2050) {
        t = year - 2000;
        return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
    t = (year - 1820) / 100;
    return -20 + 32 * t * t - 0.5628 * (2150 - year);
}

/* Periodic terms of the true new moon (Meeus table 49.A, new moon column):
 * coefficient, power of E, multiples of M, M', F, and whether the argument is
 * the Moon's ascending node Ω instead. */
typedef struct {
    double coefficient;
    int e_power, m, m_prime, f;
} moon_term;

static const moon_term NEW_MOON_TERMS[] = {
    {-0.40720, 0, 0, 1, 0},  {0.17241, 1, 1, 0, 0},   {0.01608, 0, 0, 2, 0},
    {0.01039, 0, 0, 0, 2},   {0.00739, 1, -1, 1, 0},  {-0.00514, 1, 1, 1, 0},
    {0.00208, 2, 2, 0, 0},   {-0.00111, 0, 0, 1, -2}, {-0.00057, 0, 0, 1, 2},
    {0.00056, 1, 1, 2, 0},   {-0.00042, 0, 0, 3, 0},  {0.00042, 1, 1, 0, 2},
    {0.00038, 1, 1, 0, -2},  {-0.00024, 1, -1, 2, 0}, {-0.00007, 0, 2, 1, 0},
    {0.00004, 0, 0, 2, -2},  {0.00004, 0, 3, 0, 0},   {0.00003, 0, 1, 1, -2},
    {0.00003, 0, 0, 2, 2},   {-0.00003, 0, 1, 1, 2},  {0.00003, 0, -1, 1, 2},
    {-0.00002, 0, -1, 1, -2}, {-0.00002, 0, 1, 3, 0}, {0.00002, 0, 0, 4, 0},
};

/* Planetary arguments A1..A14 (Meeus ch. 49): base, rate per lunation, and
 * the correction's coefficient in days. */
static const double PLANETARY_TERMS[][3] = {
    {299.77, 0.107408, 0.000325}, {251.88, 0.016321, 0.000165},
    {251.83, 26.651886, 0.000164}, {349.42, 36.412478, 0.000126},
    {84.66, 18.206239, 0.000110},  {141.74, 53.303771, 0.000062},
    {207.14, 2.453732, 0.000060},  {154.84, 7.306860, 0.000056},
    {34.52, 27.261239, 0.000047},  {207.19, 0.121824, 0.000042},
    {291.34, 1.844379, 0.000040},  {161.72, 24.198154, 0.000037},
    {239.56, 25.513099, 0.000035}, {331.55, 3.592518, 0.000023},
};

/* Julian Day (UT) of new moon number k, counted from January 2000. */
static double new_moon_jd(int k)
{
    double t = k / 1236.85;
    double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
    double jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.000000150 * t3 +
                 0.00000000073 * t4;
    double e = 1 - 0.002516 * t - 0.0000074 * t2;
    double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
    double m_prime = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 -
                     0.000000058 * t4;
    double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 +
               0.000000011 * t4;
    double node = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;

    double correction = -0.00017 * sin_deg(node);
    for (size_t i = 0; i < sizeof NEW_MOON_TERMS / sizeof NEW_MOON_TERMS[0]; i++) {
        const moon_term *term = &NEW_MOON_TERMS[i];
        double factor = term->e_power == 0 ? 1 : term->e_power == 1 ? e : e * e;
        correction += term->coefficient * factor *
                      sin_deg(term->m * m + term->m_prime * m_prime + term->f * f);
    }
    for (size_t i = 0; i < sizeof PLANETARY_TERMS / sizeof PLANETARY_TERMS[0]; i++) {
        double rate = PLANETARY_TERMS[i][1] * k - (i == 0 ? 0.009173 * t2 : 0);
        correction += PLANETARY_TERMS[i][2] * sin_deg(PLANETARY_TERMS[i][0] + rate);
    }
    jde += correction;
    double year = 2000 + k / 12.3685;
    return jde - delta_t_seconds(year) / 86400.0;
}

/* Local day number of the day holding new moon k. */
static int32_t new_moon_day(int k, int tz_hours)
{
    return (int32_t)floor(new_moon_jd(k) + 0.5 + tz_hours / 24.0);
}

/* The sun's apparent geocentric longitude in degrees at Julian Day jd (UT),
 * Meeus ch. 25, with ΔT applied. */
static double sun_longitude(double jd)
{
    double year = 2000 + (jd - 2451545.0) / 365.25;
    double t = (jd + delta_t_seconds(year) / 86400.0 - 2451545.0) / 36525.0;
    double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
    double center = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin_deg(m) +
                    (0.019993 - 0.000101 * t) * sin_deg(2 * m) + 0.000289 * sin_deg(3 * m);
    double node = 125.04 - 1934.136 * t;
    return normalize_degrees(l0 + center - 0.00569 - 0.00478 * sin_deg(node));
}

/* Which 30° sector (0..11) the sun is in at the local midnight that starts
 * `day`. A month holds a major term exactly when the sector at its first day
 * differs from the sector at the next month's first day. */
static int major_term_sector(int32_t day, int tz_hours)
{
    double local_midnight_jd = day - 0.5 - tz_hours / 24.0;
    return (int)(sun_longitude(local_midnight_jd) / 30.0);
}

/* Index of the new moon at or before a day number (approximate by the mean
 * month, then settle on the exact day). */
static int new_moon_index_at_or_before(int32_t day, int tz_hours)
{
    int k = (int)floor((day - NEW_MOON_EPOCH) / SYNODIC_MONTH);
    while (new_moon_day(k + 1, tz_hours) <= day)
        k++;
    while (new_moon_day(k, tz_hours) > day)
        k--;
    return k;
}

/* New moon index of month 11 of `year`: the month holding the December
 * solstice (sun at 270°), i.e. the last month that starts before the sun
 * passes 270° that December. */
static int month11_index(int year, int tz_hours)
{
    int32_t dec31 = civil_day_number((civil_date){year, 12, 31});
    int k = new_moon_index_at_or_before(dec31, tz_hours);
    /* Sector 9 (270°..300°) at the month's start: the solstice came before. */
    while (major_term_sector(new_moon_day(k, tz_hours), tz_hours) >= 9)
        k--;
    return k;
}

/* Offset after month 11 (1..13) of the leap month in a 13-month span
 * starting at new moon k11: the first month without a major term. */
static int leap_offset(int k11, int tz_hours)
{
    int sector = major_term_sector(new_moon_day(k11 + 1, tz_hours), tz_hours);
    for (int i = 1; i <= 13; i++) {
        int next = major_term_sector(new_moon_day(k11 + i + 1, tz_hours), tz_hours);
        if (next == sector)
            return i;
        sector = next;
    }
    return 0; /* unreachable in a real 13-month span */
}

/* A "span" runs from month 11 of one civil year to month 11 of the next.
 * It has 12 months, or 13 with one leap month at offset `leap` (1..12). */
typedef struct {
    int k11;   /* new moon index of its month 11 */
    int count; /* 12 or 13 */
    int leap;  /* offset of the leap month, 0 when none */
} lunar_span;

static lunar_span span_of_year(int year, int tz_hours)
{
    lunar_span span = {.k11 = month11_index(year, tz_hours)};
    span.count = month11_index(year + 1, tz_hours) - span.k11;
    span.leap = span.count == 13 ? leap_offset(span.k11, tz_hours) : 0;
    return span;
}

/* Months counted from month 11 when there is no leap month: 11 -> 0,
 * 12 -> 1, 1 -> 2, ..., 10 -> 11. */
static int plain_offset(int month)
{
    return (month + 1) % 12;
}

/* The offset at which month 1 (Tết) starts in a span. */
static int tet_offset(lunar_span span)
{
    return span.leap != 0 && span.leap <= 2 ? 3 : 2;
}

lunar_date lunar_from_day(int32_t day, int tz_hours)
{
    int k = new_moon_index_at_or_before(day, tz_hours);
    int span_year = civil_from_day_number(day).year;
    lunar_span span = span_of_year(span_year, tz_hours);
    if (k < span.k11) {
        span_year--;
        span = span_of_year(span_year, tz_hours);
    }

    int offset = k - span.k11;
    int base = offset;
    lunar_date out = {.day = (int)(day - new_moon_day(k, tz_hours)) + 1};
    if (span.leap != 0 && offset >= span.leap) {
        base = offset - 1;
        out.leap = offset == span.leap;
    }
    out.month = (base + 10) % 12 + 1;
    out.year = offset >= tet_offset(span) ? span_year + 1 : span_year;
    return out;
}

int32_t lunar_to_day(lunar_date date, int tz_hours)
{
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 30)
        return -1;
    int base = plain_offset(date.month);
    /* Months 11 and 12 sit in the span that starts in the same civil year;
     * months 1..10 in the span that started the civil year before. */
    lunar_span span = span_of_year(base < 2 ? date.year : date.year - 1, tz_hours);
    int offset = base;
    if (date.leap) {
        if (span.leap != base + 1)
            return -1;
        offset = span.leap;
    } else if (span.leap != 0 && span.leap <= base) {
        offset = base + 1;
    }
    int32_t start = new_moon_day(span.k11 + offset, tz_hours);
    int32_t next = new_moon_day(span.k11 + offset + 1, tz_hours);
    if (date.day > next - start)
        return -1;
    return start + date.day - 1;
}

int32_t lunar_new_year_day(int year, int tz_hours)
{
    lunar_span span = span_of_year(year - 1, tz_hours);
    return new_moon_day(span.k11 + tet_offset(span), tz_hours);
}

int lunar_leap_month(int year, int tz_hours)
{
    lunar_span before = span_of_year(year - 1, tz_hours);
    if (before.leap >= 3)
        return (before.leap - 1 + 10) % 12 + 1;
    lunar_span after = span_of_year(year, tz_hours);
    if (after.leap != 0 && after.leap <= 2)
        return after.leap + 10;
    return 0;
}
