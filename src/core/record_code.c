/* Work record codes and retention periods (NĐ 30/2020 PL VI Phần II Mục III). */
#include "core/record_code.h"

#include "core/agency_code.h"

#include <stdio.h>
#include <string.h>

bool record_notation_valid(const char *n)
{
    size_t len = n ? strlen(n) : 0;
    if (len == 0 || len > RECORD_NOTATION_MAX || n[0] < '0' || n[0] > '9')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = n[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' ||
                  c == '-' || c == '/';
        if (!ok)
            return false;
    }
    return true;
}

bool record_maintenance_valid(const char *m)
{
    if (!m)
        return false;
    if (strcmp(m, "Vĩnh viễn") == 0)
        return true;
    /* "N năm": digits, one space, "năm". */
    size_t digits = strspn(m, "0123456789");
    if (digits == 0 || digits > 3 || m[0] == '0' || strcmp(m + digits, " năm") != 0)
        return false;
    int years = 0;
    for (size_t i = 0; i < digits; i++)
        years = years * 10 + (m[i] - '0');
    return years >= 1 && years <= 100;
}

bool record_file_code(const char *agency_code, int year, const char *notation, char *out, size_t len)
{
    if (len)
        out[0] = '\0';
    if (!agency_code_valid(agency_code) || year < 1000 || year > 9999 || !record_notation_valid(notation))
        return false;
    int n = snprintf(out, len, "%s.%04d.%s", agency_code, year, notation);
    if (n < 0 || (size_t)n >= len) {
        if (len)
            out[0] = '\0';
        return false;
    }
    return true;
}
