/* See cccd.h. */
#include "core/cccd.h"

#include <string.h>

/* Province codes of the căn cước number, Thông tư 59/2021/TT-BCA Phụ lục. */
static const unsigned char PROVINCES[] = {
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
};

static bool known_province(int code)
{
    for (size_t i = 0; i < sizeof PROVINCES; i++)
        if (PROVINCES[i] == code)
            return true;
    return false;
}

bool cccd_parse(const char *s, cccd_info *out)
{
    if (!s || strlen(s) != 12)
        return false;
    for (int i = 0; i < 12; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    int province = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    if (!known_province(province))
        return false;
    int century_sex = s[3] - '0';
    if (out) {
        out->province = province;
        out->female = century_sex % 2 == 1;
        out->birth_year = 1900 + (century_sex / 2) * 100 + (s[4] - '0') * 10 + (s[5] - '0');
    }
    return true;
}
