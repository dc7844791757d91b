/* The lunar calendar against published dates and against itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/civil_date.h"
#include "core/lunar.h"

static int32_t day_of(int y, int m, int d)
{
    return civil_day_number((civil_date){y, m, d});
}

/* Mùng 1 Tết 1990-2050 as Vietnam's calendar publishes it (UTC+7). */
static const struct {
    int year, month, day;
} TET[] = {
    {1990, 1, 27}, {1991, 2, 15}, {1992, 2, 4},  {1993, 1, 23}, {1994, 2, 10}, {1995, 1, 31},
    {1996, 2, 19}, {1997, 2, 7},  {1998, 1, 28}, {1999, 2, 16}, {2000, 2, 5},  {2001, 1, 24},
    {2002, 2, 12}, {2003, 2, 1},  {2004, 1, 22}, {2005, 2, 9},  {2006, 1, 29}, {2007, 2, 17},
    {2008, 2, 7},  {2009, 1, 26}, {2010, 2, 14}, {2011, 2, 3},  {2012, 1, 23}, {2013, 2, 10},
    {2014, 1, 31}, {2015, 2, 19}, {2016, 2, 8},  {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5},
    {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},  {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29},
    {2026, 2, 17}, {2027, 2, 6},  {2028, 1, 26}, {2029, 2, 13}, {2030, 2, 2},  {2031, 1, 23},
    {2032, 2, 11}, {2033, 1, 31}, {2034, 2, 19}, {2035, 2, 8},  {2036, 1, 28}, {2037, 2, 15},
    {2038, 2, 4},  {2039, 1, 24}, {2040, 2, 12}, {2041, 2, 1},  {2042, 1, 22}, {2043, 2, 10},
    {2044, 1, 30}, {2045, 2, 17}, {2046, 2, 6},  {2047, 1, 26}, {2048, 2, 14}, {2049, 2, 2},
    {2050, 1, 23},
};

static void tet_1990_to_2050(void **state)
{
    (void)state;
    assert_int_equal(sizeof TET / sizeof TET[0], 61);
    for (size_t i = 0; i < sizeof TET / sizeof TET[0]; i++) {
        int32_t expected = day_of(TET[i].year, TET[i].month, TET[i].day);
        int32_t got = lunar_new_year_day(TET[i].year, LUNAR_TZ_VIETNAM);
        if (got != expected) {
            civil_date c = civil_from_day_number(got);
            fail_msg("Tết %d: expected %d/%d, got %d/%d", TET[i].year, TET[i].day,
                     TET[i].month, c.day, c.month);
        }
        lunar_date l = lunar_from_day(expected, LUNAR_TZ_VIETNAM);
        assert_int_equal(l.year, TET[i].year);
        assert_int_equal(l.month, 1);
        assert_int_equal(l.day, 1);
        assert_false(l.leap);
    }
}

/* The years where Vietnam's UTC+7 calendar and China's UTC+8 one start the
 * year on different days: a new moon between 23:00 and 24:00 UTC+7 (2007,
 * 2030, 2053), and 1985, when the leap month fell differently and Tết came
 * a whole month apart. */
static void vietnam_differs_from_utc8(void **state)
{
    (void)state;
    assert_int_equal(lunar_new_year_day(1985, 7), day_of(1985, 1, 21));
    assert_int_equal(lunar_new_year_day(1985, 8), day_of(1985, 2, 20));
    assert_int_equal(lunar_new_year_day(2007, 8), day_of(2007, 2, 18));
    assert_int_equal(lunar_new_year_day(2030, 8), day_of(2030, 2, 3));
    assert_int_equal(lunar_new_year_day(2053, 7), day_of(2053, 2, 18));
    assert_int_equal(lunar_new_year_day(2053, 8), day_of(2053, 2, 19));
    assert_int_equal(lunar_leap_month(1984, 8), 10);
    assert_int_equal(lunar_leap_month(1985, 7), 2);
    assert_int_equal(lunar_leap_month(1987, 7), 7);
    assert_int_equal(lunar_leap_month(1987, 8), 6);
}

/* Leap months 1990-2050 (0: none). */
static void leap_months(void **state)
{
    (void)state;
    static const int leap[][2] = {
        {1990, 5}, {1993, 3}, {1995, 8}, {1998, 5}, {2001, 4}, {2004, 2}, {2006, 7},
        {2009, 5}, {2012, 4}, {2014, 9}, {2017, 6}, {2020, 4}, {2023, 2}, {2025, 6},
        {2028, 5}, {2031, 3}, {2033, 11}, {2036, 6}, {2039, 5}, {2042, 2}, {2044, 7},
        {2047, 5}, {2050, 3},
    };
    size_t next = 0;
    for (int year = 1990; year <= 2050; year++) {
        int expected = 0;
        if (next < sizeof leap / sizeof leap[0] && leap[next][0] == year)
            expected = leap[next++][1];
        if (lunar_leap_month(year, LUNAR_TZ_VIETNAM) != expected)
            fail_msg("leap month of %d: expected %d, got %d", year, expected,
                     lunar_leap_month(year, LUNAR_TZ_VIETNAM));
    }
    /* First days of some leap months, and a month that is not leap. */
    assert_int_equal(lunar_to_day((lunar_date){2020, 4, 1, true}, 7), day_of(2020, 5, 23));
    assert_int_equal(lunar_to_day((lunar_date){2023, 2, 1, true}, 7), day_of(2023, 3, 22));
    assert_int_equal(lunar_to_day((lunar_date){2025, 6, 1, true}, 7), day_of(2025, 7, 25));
    assert_int_equal(lunar_to_day((lunar_date){2033, 11, 1, true}, 7), day_of(2033, 12, 22));
    assert_int_equal(lunar_to_day((lunar_date){2026, 6, 1, true}, 7), -1);
    lunar_date d = lunar_from_day(day_of(2025, 7, 25), 7);
    assert_true(d.leap);
    assert_int_equal(d.month, 6);
    assert_int_equal(d.day, 1);
}

/* Giỗ Tổ Hùng Vương, 10/3 âm lịch, as observed. */
static void hung_kings_day(void **state)
{
    (void)state;
    static const int observed[][3] = {
        {2022, 4, 10}, {2023, 4, 29}, {2024, 4, 18}, {2025, 4, 7}, {2026, 4, 26},
    };
    for (size_t i = 0; i < sizeof observed / sizeof observed[0]; i++)
        assert_int_equal(lunar_to_day((lunar_date){observed[i][0], 3, 10, false}, 7),
                         day_of(observed[i][0], observed[i][1], observed[i][2]));
}

static void impossible_dates(void **state)
{
    (void)state;
    assert_int_equal(lunar_to_day((lunar_date){2026, 0, 1, false}, 7), -1);
    assert_int_equal(lunar_to_day((lunar_date){2026, 13, 1, false}, 7), -1);
    assert_int_equal(lunar_to_day((lunar_date){2026, 1, 31, false}, 7), -1);
    assert_int_equal(lunar_to_day((lunar_date){2026, 1, 0, false}, 7), -1);
    /* Tháng Chạp of Ất Tỵ (2025) has 29 days: 16/2/2026 is the 29th. */
    assert_int_equal(lunar_to_day((lunar_date){2025, 12, 29, false}, 7), day_of(2026, 2, 16));
    assert_int_equal(lunar_to_day((lunar_date){2025, 12, 30, false}, 7), -1);
}

/* Every day from 1901 to 2099: the lunar date converts back to the same day,
 * days run on by one, months have 29 or 30 days and years 12 or 13 months. */
static void every_day_round_trips(void **state)
{
    (void)state;
    int32_t first = day_of(1901, 1, 1), last = day_of(2099, 12, 31);
    lunar_date previous = lunar_from_day(first - 1, LUNAR_TZ_VIETNAM);
    int months_in_year = -1; /* unknown until the first Tết */
    for (int32_t day = first; day <= last; day++) {
        lunar_date d = lunar_from_day(day, LUNAR_TZ_VIETNAM);
        if (lunar_to_day(d, LUNAR_TZ_VIETNAM) != day) {
            civil_date c = civil_from_day_number(day);
            fail_msg("%d-%d-%d does not round-trip", c.year, c.month, c.day);
        }
        if (d.day == 1) {
            assert_true(previous.day == 29 || previous.day == 30);
            if (d.month == 1 && !d.leap) {
                assert_int_equal(d.year, previous.year + 1);
                if (months_in_year >= 0)
                    assert_true(months_in_year == 12 || months_in_year == 13);
                months_in_year = 0;
            } else {
                assert_int_equal(d.year, previous.year);
                assert_true(d.leap ? d.month == previous.month
                                   : d.month == previous.month % 12 + 1);
            }
            if (months_in_year >= 0 || (d.month == 1 && !d.leap))
                months_in_year++;
        } else {
            assert_int_equal(d.day, previous.day + 1);
            assert_int_equal(d.month, previous.month);
        }
        previous = d;
    }
}

static void civil_dates(void **state)
{
    (void)state;
    civil_date d;
    assert_int_equal(day_of(1970, 1, 1), CIVIL_UNIX_EPOCH_DAY);
    assert_int_equal(civil_weekday(day_of(2026, 11, 23)), 1); /* a Monday */
    assert_true(civil_is_weekend(day_of(2026, 8, 22)));
    assert_true(civil_date_parse("2024-02-29", &d));
    assert_false(civil_date_parse("2025-02-29", &d));
    assert_false(civil_date_parse("2025-2-28", &d));
    assert_false(civil_date_parse("2025-02-28x", &d));
    assert_false(civil_date_parse("0000-01-01", &d));
    char text[CIVIL_DATE_TEXT_LEN];
    civil_date_format_vn((civil_date){2026, 7, 14}, text);
    assert_string_equal(text, "14/07/2026");
    for (int32_t day = day_of(1899, 1, 1); day < day_of(2101, 1, 1); day += 13)
        assert_int_equal(civil_day_number(civil_from_day_number(day)), day);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tet_1990_to_2050),     cmocka_unit_test(vietnam_differs_from_utc8),
        cmocka_unit_test(leap_months),          cmocka_unit_test(hung_kings_day),
        cmocka_unit_test(impossible_dates),     cmocka_unit_test(every_day_round_trips),
        cmocka_unit_test(civil_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
