/* VietQR: the NAPAS 247 profile of the EMVCo merchant-presented QR code, for
 * a bank transfer to an account. TLV data objects (ID, two-digit length,
 * value):
 *   00 "01" payload format; 01 "11" static or "12" with an amount;
 *   38 merchant account: 00 "A000000727" (NAPAS), 01 beneficiary {00 bank
 *      BIN, 01 account number}, 02 "QRIBFTTA" (transfer to an account);
 *   53 "704" (đồng); 54 amount; 58 "VN"; 62 additional data {08 purpose,
 *   the dossier code as the reference}; 63 CRC-16/CCITT-FALSE over all of
 *   it including "6304", four upper-case hex digits. */
#ifndef XASO_CORE_VIETQR_H
#define XASO_CORE_VIETQR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { VIETQR_MAX = 256, VIETQR_REFERENCE_MAX = 25 };

/* CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF). */
uint16_t vietqr_crc16(const void *data, size_t len);

/* Builds the payload; amount 0 leaves it for the payer to type. false when
 * an input is unusable: the BIN must be 6 digits, the account 1-19 letters
 * or digits, the reference at most 25 of A-Z a-z 0-9 space . - _. */
bool vietqr_payload(const char *bank_bin, const char *account, int64_t amount,
                    const char *reference, char out[VIETQR_MAX]);

/* true when s is a sequence of well-formed TLV objects ending with a CRC
 * object that matches. */
bool vietqr_valid(const char *s);

#endif
