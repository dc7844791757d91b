#include "core/password_policy.h"

#include "core/utf8.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* Passwords seen first in every leaked list, and the local favourites. */
static const char *const common[] = {
    "1234567890", "12345678910", "0123456789", "1111111111", "0000000000", "1234512345",
    "qwertyuiop", "password123", "password1234", "matkhau123", "matkhau1234", "admin12345",
    "administrator", "abc1234567", "iloveyou123", "12345678900", "0987654321", "vietnam123",
    "vietnam1234", "hanoi12345", "anhyeuem123", "khongbiet123", "xaso123456", "ubndxa12345",
};

static bool contains_folded(const char *hay, const char *needle)
{
    size_t n = strlen(needle), h = strlen(hay);
    if (n == 0 || n > h)
        return false;
    for (size_t i = 0; i + n <= h; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)hay[i + k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

const char *password_policy_check(const char *password, const char *username)
{
    if (!password || utf8_chars(password) < PASSWORD_MIN_CHARS)
        return "Mật khẩu phải có ít nhất 10 ký tự.";
    if (strlen(password) > PASSWORD_MAX_BYTES)
        return "Mật khẩu quá dài (tối đa 256 byte).";
    if (username && *username && contains_folded(password, username))
        return "Mật khẩu không được chứa tên đăng nhập.";
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        if (strlen(password) == strlen(common[i]) && contains_folded(password, common[i]))
            return "Mật khẩu này quá phổ biến; hãy chọn mật khẩu khác.";
    return NULL;
}
