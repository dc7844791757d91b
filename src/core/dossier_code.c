/* See dossier_code.h. */
#include "core/dossier_code.h"

#include "core/agency_code.h"

#include <stdio.h>
#include <string.h>

bool dossier_code_format(const char *agency_code, civil_date day, int sequence,
                         char out[DOSSIER_CODE_LEN])
{
    if (!agency_code_valid(agency_code) || !civil_date_valid(day) || day.year < 2000 ||
        day.year > 2099 || sequence < 1 || sequence > DOSSIER_SEQUENCE_MAX)
        return false;
    snprintf(out, DOSSIER_CODE_LEN, "%s-%02u%02u%02u-%04u", agency_code,
             (unsigned)(day.year % 100), (unsigned)day.month, (unsigned)day.day,
             (unsigned)sequence);
    return true;
}

bool dossier_code_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < AGENCY_CODE_LEN + 12 || n > AGENCY_CODE_LEN + 14 || s[AGENCY_CODE_LEN] != '-' ||
        s[AGENCY_CODE_LEN + 7] != '-')
        return false;
    char agency[AGENCY_CODE_LEN + 1];
    memcpy(agency, s, AGENCY_CODE_LEN);
    agency[AGENCY_CODE_LEN] = '\0';
    if (!agency_code_valid(agency))
        return false;
    const char *date = s + AGENCY_CODE_LEN + 1, *seq = s + AGENCY_CODE_LEN + 8;
    for (int i = 0; i < 6; i++)
        if (date[i] < '0' || date[i] > '9')
            return false;
    for (const char *p = seq; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    civil_date d = {2000 + (date[0] - '0') * 10 + (date[1] - '0'),
                    (date[2] - '0') * 10 + (date[3] - '0'), (date[4] - '0') * 10 + (date[5] - '0')};
    return civil_date_valid(d) && strspn(seq, "0") < strlen(seq);
}
