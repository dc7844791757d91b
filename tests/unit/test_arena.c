#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"

static void alloc_is_zeroed_and_aligned(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 64);
    for (int i = 0; i < 100; i++) {
        unsigned char *p = arena_alloc(&a, (size_t)i + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (int k = 0; k <= i; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xAB, (size_t)i + 1);
    }
    arena_free(&a);
}

static void large_allocation_gets_its_own_block(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 128);
    char *big = arena_alloc(&a, 100000);
    assert_non_null(big);
    memset(big, 1, 100000);
    char *small = arena_alloc(&a, 8);
    assert_non_null(small);
    arena_free(&a);
}

static void overflow_is_refused(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    assert_null(arena_alloc(&a, SIZE_MAX));
    assert_null(arena_calloc(&a, SIZE_MAX / 2, 4));
    arena_free(&a);
}

static void strings_are_copied(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    char src[] = "Đăng ký khai sinh";
    char *copy = arena_strdup(&a, src);
    src[0] = 'X';
    assert_string_equal(copy, "Đăng ký khai sinh");
    assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
    assert_string_equal(arena_printf(&a, "%s-%04d", "H40", 7), "H40-0007");
    arena_free(&a);
    assert_null(a.head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alloc_is_zeroed_and_aligned),
        cmocka_unit_test(large_allocation_gets_its_own_block),
        cmocka_unit_test(overflow_is_refused),
        cmocka_unit_test(strings_are_copied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
