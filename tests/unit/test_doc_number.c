/* Số và ký hiệu văn bản per NĐ 30/2020, and the decree's table of types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/doc_number.h"

static void parse_ok(const char *text, doc_notation *x)
{
    doc_notation_error e = doc_notation_parse(text, strlen(text), x);
    if (e != DOC_NOTATION_OK)
        fail_msg("%s: %s", text, doc_notation_error_code(e));
}

static void formatted(const doc_notation *x, const char *want)
{
    char out[DOC_NOTATION_TEXT_MAX];
    assert_int_equal(doc_notation_format(x, out, sizeof out), (int)strlen(want));
    assert_string_equal(out, want);
}

static void types_and_cong_van_read_back(void **state)
{
    (void)state;
    doc_notation x;
    parse_ok("15/QĐ-UBND", &x);
    assert_int_equal(x.number, 15);
    assert_string_equal(x.type->code, "quyet_dinh");
    assert_null(x.copy);
    assert_int_equal(x.groups, 1);
    assert_string_equal(x.group[0], "UBND");
    formatted(&x, "15/QĐ-UBND");

    parse_ok("12/UBND-VX", &x); /* công văn: organ, then the drafting unit */
    assert_null(x.type);
    assert_int_equal(x.groups, 2);
    assert_string_equal(x.group[1], "VX");
    formatted(&x, "12/UBND-VX");

    parse_ok("05/SY-UBND", &x);
    assert_string_equal(x.copy->code, "sao_y");
    formatted(&x, "05/SY-UBND");
    parse_ok("3/TrS-UBND", &x);
    assert_string_equal(x.copy->code, "trich_sao");
    formatted(&x, "03/TrS-UBND");

    /* QyĐ is a quy định, QĐ a quyết định: abbreviations match exactly. */
    parse_ok("7/QyĐ-UBND", &x);
    assert_string_equal(x.type->code, "quy_dinh");
    parse_ok("101/KH-UBND-VP", &x);
    assert_string_equal(x.type->code, "ke_hoach");
    assert_int_equal(x.groups, 2);
    formatted(&x, "101/KH-UBND-VP");
}

/* What a văn thư types from a paper document. */
static void hand_typed_forms_are_read(void **state)
{
    (void)state;
    doc_notation x;
    parse_ok("Số: 01/TB-UBND", &x);
    assert_int_equal(x.number, 1);
    parse_ok("  số 9 / BC - UBND  ", &x);
    assert_string_equal(x.type->code, "bao_cao");
    formatted(&x, "09/BC-UBND");
    parse_ok("0042/GM-UBND", &x);
    formatted(&x, "42/GM-UBND");
    parse_ok("12/UBND", &x); /* another organ's công văn without its unit */
    assert_int_equal(x.groups, 1);
    parse_ok("7/QĐ-SNN&PTNT", &x); /* an organ's own abbreviation with '&' */
    assert_string_equal(x.group[0], "SNN&PTNT");
    formatted(&x, "07/QĐ-SNN&PTNT");
}

static void expect_error(const char *text, doc_notation_error want)
{
    doc_notation x;
    doc_notation_error e = doc_notation_parse(text, strlen(text), &x);
    if (e != want)
        fail_msg("%s: got %s", text, doc_notation_error_code(e));
}

static void bad_notations_are_refused_with_a_reason(void **state)
{
    (void)state;
    expect_error("", DOC_NOTATION_NO_NUMBER);
    expect_error("QĐ-UBND", DOC_NOTATION_NO_NUMBER);
    expect_error("0/QĐ-UBND", DOC_NOTATION_NUMBER_RANGE);
    expect_error("99999999999999999999/QĐ-UBND", DOC_NOTATION_NUMBER_RANGE);
    expect_error("15 QĐ-UBND", DOC_NOTATION_NO_SLASH);
    expect_error("15/", DOC_NOTATION_BAD_GROUP);
    expect_error("15/QĐ-", DOC_NOTATION_BAD_GROUP);
    expect_error("15/QĐ--UBND", DOC_NOTATION_BAD_GROUP);
    expect_error("15/QĐ-UB ND", DOC_NOTATION_BAD_GROUP);
    expect_error("15/QĐ-ỦBND", DOC_NOTATION_BAD_GROUP);
    expect_error("15/QĐ", DOC_NOTATION_NO_ORGAN);
    expect_error("15/A-B-C-D-E", DOC_NOTATION_TOO_MANY_GROUPS);
    expect_error("15/QĐ-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", DOC_NOTATION_BAD_GROUP);
    assert_string_equal(doc_notation_error_code(DOC_NOTATION_NO_ORGAN), "notation_organ");
    assert_non_null(strstr(doc_notation_error_message(DOC_NOTATION_NEEDS_UNIT), "công văn"));
}

static void an_issuing_organ_makes_its_notation(void **state)
{
    (void)state;
    doc_notation x;
    assert_int_equal(doc_notation_make(&x, 15, doc_type_by_code("quyet_dinh"), "UBND", NULL), DOC_NOTATION_OK);
    formatted(&x, "15/QĐ-UBND");
    assert_int_equal(doc_notation_make(&x, 12, doc_type_by_code("cong_van"), "UBND", "VX"), DOC_NOTATION_OK);
    formatted(&x, "12/UBND-VX");
    assert_int_equal(doc_notation_make(&x, 12, doc_type_by_code("cong_van"), "UBND", NULL), DOC_NOTATION_NEEDS_UNIT);
    assert_int_equal(doc_notation_make(&x, 0, doc_type_by_code("to_trinh"), "UBND", NULL), DOC_NOTATION_NUMBER_RANGE);
    assert_int_equal(doc_notation_make(&x, 3, doc_type_by_code("to_trinh"), "", NULL), DOC_NOTATION_NO_ORGAN);
    assert_int_equal(doc_notation_make(&x, 3, doc_type_by_code("to_trinh"), "UB-ND", NULL), DOC_NOTATION_BAD_GROUP);
    char small[6];
    assert_int_equal(doc_notation_make(&x, 3, doc_type_by_code("to_trinh"), "UBND", NULL), DOC_NOTATION_OK);
    assert_int_equal(doc_notation_format(&x, small, sizeof small), -1);
}

/* The C table is the decree's table of data/nd30-document-types.json. */
static void the_table_is_the_data_file(void **state)
{
    (void)state;
    json_error_t err;
    json_t *data = json_load_file(XASO_SOURCE_DIR "/data/nd30-document-types.json", 0, &err);
    assert_non_null(data);
    json_t *list = json_object_get(data, "types");
    assert_int_equal(json_array_size(list), doc_type_count());
    assert_int_equal(doc_type_count(), 29);
    for (size_t i = 0; i < doc_type_count(); i++) {
        json_t *t = json_array_get(list, i);
        const doc_type *d = doc_type_at(i);
        assert_string_equal(json_string_value(json_object_get(t, "code")), d->code);
        assert_string_equal(json_string_value(json_object_get(t, "name")), d->name);
        const char *abbr = json_string_value(json_object_get(t, "abbr"));
        if (abbr)
            assert_string_equal(abbr, d->abbr);
        else
            assert_null(d->abbr);
    }
    json_t *copies = json_object_get(data, "copy_kinds");
    assert_int_equal(json_array_size(copies), doc_copy_kind_count());
    for (size_t i = 0; i < doc_copy_kind_count(); i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(copies, i), "abbr")),
                            doc_copy_kind_at(i)->abbr);
    json_decref(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(types_and_cong_van_read_back),
        cmocka_unit_test(hand_typed_forms_are_read),
        cmocka_unit_test(bad_notations_are_refused_with_a_reason),
        cmocka_unit_test(an_issuing_organ_makes_its_notation),
        cmocka_unit_test(the_table_is_the_data_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
