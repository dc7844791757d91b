#include "core/agency_code.h"

#include <string.h>

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool zeros(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] != '0')
            return false;
    return true;
}

int agency_code_depth(const char *code)
{
    if (!code || strlen(code) != AGENCY_CODE_LEN || code[3] != '.' || code[6] != '.' ||
        code[9] != '.')
        return 0;
    const char *v = code, *z = code + 4, *y = code + 7, *x = code + 10;
    if (x[0] < 'A' || x[0] > 'Z' || !digits(x + 1, 2) || !digits(y, 2) || !digits(z, 2) ||
        !digits(v, 3))
        return 0;
    bool used3 = !zeros(y, 2), used2 = !zeros(z, 2), used1 = !zeros(v, 3);
    /* Read right to left: a level may be used only when the one before it is. */
    if ((used2 && !used3) || (used1 && !used2))
        return 0;
    return 1 + used3 + used2 + used1;
}

bool agency_code_valid(const char *code) { return agency_code_depth(code) > 0; }
