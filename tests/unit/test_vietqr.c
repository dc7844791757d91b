/* VietQR payloads and their CRC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/vietqr.h"

static void crc_vectors(void **state)
{
    (void)state;
    /* The CRC-16/CCITT-FALSE check value. */
    assert_int_equal(vietqr_crc16("123456789", 9), 0x29B1);
    /* The example payload of the EMVCo merchant-presented QR specification. */
    static const char emvco[] =
        "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN"
        "5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***"
        "0708A60086670902ME91320016A0112233449988770708123456786304A13A";
    assert_true(vietqr_valid(emvco));
    /* A VietQR payload as bank applications accept it (CRC CD60). */
    assert_true(vietqr_valid("00020001021238570010A00000072701270006970436011308810004580860208QRIBFTTA53037045802VN6304CD60"));
}

static void payloads(void **state)
{
    (void)state;
    char qr[VIETQR_MAX];
    assert_true(vietqr_payload("970415", "113366668888", 79000, "000.04.01.H42-261123-0001", qr));
    assert_string_equal(qr, "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA"
                            "53037045405790005802VN62290825000.04.01.H42-261123-00016304FD41");
    assert_true(vietqr_valid(qr));
    assert_true(vietqr_payload("970436", "0881000458086", 0, NULL, qr));
    assert_string_equal(qr, "00020101021138570010A00000072701270006970436011308810004580860208QRIBFTTA"
                            "53037045802VN6304BE11");
    /* A changed character breaks the CRC. */
    qr[40] = qr[40] == '1' ? '2' : '1';
    assert_false(vietqr_valid(qr));
}

static void refusals(void **state)
{
    (void)state;
    char qr[VIETQR_MAX];
    assert_false(vietqr_payload("97041", "123", 1000, NULL, qr));
    assert_false(vietqr_payload("970415", "", 1000, NULL, qr));
    assert_false(vietqr_payload("970415", "12345678901234567890", 1000, NULL, qr));
    assert_false(vietqr_payload("970415", "123", -1, NULL, qr));
    assert_false(vietqr_payload("970415", "123", 1000, "Phí đăng ký", qr)); /* no diacritics in a reference */
    assert_false(vietqr_payload("970415", "123", 1000, "000.04.01.H42-261123-00011", qr)); /* 26 */
    assert_false(vietqr_valid("0002"));
    assert_false(vietqr_valid("000201630400"));
    assert_false(vietqr_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(crc_vectors), cmocka_unit_test(payloads),
                                       cmocka_unit_test(refusals)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
