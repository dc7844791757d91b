/* Folding Vietnamese text for search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/fold.h"

static void expect_fold(const char *in, const char *expected)
{
    char out[256];
    size_t n = text_fold(in, out, sizeof out);
    if (strcmp(out, expected) != 0)
        fail_msg("fold(\"%s\") = \"%s\", expected \"%s\"", in, out, expected);
    assert_int_equal(n, strlen(expected));
}

/* Each of the 12 vowels with its 5 tones, lower and upper case. */
static void every_vowel_with_every_tone(void **state)
{
    (void)state;
    static const struct {
        const char *lower, *upper;
        char base;
    } vowels[] = {
        {"aàáảãạ", "AÀÁẢÃẠ", 'a'}, {"ăằắẳẵặ", "ĂẰẮẲẴẶ", 'a'}, {"âầấẩẫậ", "ÂẦẤẨẪẬ", 'a'},
        {"eèéẻẽẹ", "EÈÉẺẼẸ", 'e'}, {"êềếểễệ", "ÊỀẾỂỄỆ", 'e'}, {"iìíỉĩị", "IÌÍỈĨỊ", 'i'},
        {"oòóỏõọ", "OÒÓỎÕỌ", 'o'}, {"ôồốổỗộ", "ÔỒỐỔỖỘ", 'o'}, {"ơờớởỡợ", "ƠỜỚỞỠỢ", 'o'},
        {"uùúủũụ", "UÙÚỦŨỤ", 'u'}, {"ưừứửữự", "ƯỪỨỬỮỰ", 'u'}, {"yỳýỷỹỵ", "YỲÝỶỸỴ", 'i'},
    };
    for (size_t v = 0; v < sizeof vowels / sizeof vowels[0]; v++) {
        char expected[7];
        memset(expected, vowels[v].base, 6);
        expected[6] = '\0';
        expect_fold(vowels[v].lower, expected);
        expect_fold(vowels[v].upper, expected);
    }
}

static void d_with_stroke(void **state)
{
    (void)state;
    expect_fold("đ", "d");
    expect_fold("Đ", "d");
    expect_fold("Đăng ký khai sinh", "dang ki khai sinh");
    expect_fold("đăng kí khai sinh", "dang ki khai sinh");
    expect_fold("dang ky khai sinh", "dang ki khai sinh");
    expect_fold("Xã Thượng Đức", "xa thuong duc");
    expect_fold("ĐỒNG BẰNG SÔNG CỬU LONG", "dong bang song cuu long");
}

/* Decomposed input: base letters followed by combining marks. */
static void nfd_input(void **state)
{
    (void)state;
    expect_fold("\xC4\x90" "a\xCC\x86ng ky\xCC\x81", "dang ki");   /* Đăng ký, NFD */
    expect_fold("Vie\xCC\xA3\xCC\x82t Nam", "viet nam");            /* Việt, two marks */
    expect_fold("u\xCC\x9B\xCC\x80", "u");                          /* ừ as u + horn + grave */
}

static void spaces_codes_and_bytes(void **state)
{
    (void)state;
    expect_fold("  Thủ tục \t đăng  ký\n", "thu tuc dang ki");
    expect_fold("1.001193", "1.001193");
    expect_fold("Ủy\xC2\xA0" "ban", "ui ban");          /* no-break space */
    expect_fold("a\xFF" "b", "a?b");                  /* invalid byte */
    expect_fold("\xE1\xBA", "??");                    /* truncated sequence */
    expect_fold("\xC0\x80", "??");                    /* overlong NUL */
    expect_fold("Straße", "straße");                  /* unknown letters are kept */
    expect_fold("", "");
    expect_fold(NULL, "");
    char small[4];
    assert_int_equal(text_fold("Đăng ký", small, sizeof small), 7);
    assert_string_equal(small, "dan");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_vowel_with_every_tone),
        cmocka_unit_test(d_with_stroke),
        cmocka_unit_test(nfd_input),
        cmocka_unit_test(spaces_codes_and_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
