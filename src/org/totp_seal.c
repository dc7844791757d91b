/* See totp_seal.h. */
#include "org/totp_seal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

enum {
    NONCE = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
    TAG = crypto_aead_xchacha20poly1305_ietf_ABYTES,
    SUBKEY_ID = 1,
};

_Static_assert(NONCE == 24 && TAG == 16, "TOTP_SEALED_HEX_MAX assumes these sizes");
_Static_assert(crypto_kdf_KEYBYTES == TOTP_SEAL_KEY_BYTES, "the operator key is a KDF master key");

/* Eight bytes, as crypto_kdf requires; never reuse it for another purpose. */
static const char kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "xaso2fa_";

void totp_seal_key(const unsigned char operator_key[TOTP_SEAL_KEY_BYTES],
                   unsigned char key[TOTP_SEAL_KEY_BYTES])
{
    crypto_kdf_derive_from_key(key, TOTP_SEAL_KEY_BYTES, SUBKEY_ID, kdf_context, operator_key);
}

/* "totp:<account id>", so a sealed secret belongs to one account. */
static size_t associated_data(int64_t account_id, unsigned char out[32])
{
    int n = snprintf((char *)out, 32, "totp:%lld", (long long)account_id);
    return (size_t)n;
}

bool totp_seal(const unsigned char key[TOTP_SEAL_KEY_BYTES], int64_t account_id,
               const unsigned char *secret, size_t len, char *out, size_t cap)
{
    unsigned char box[NONCE + TOTP_SEAL_MAX_SECRET + TAG], ad[32];
    size_t total = NONCE + len + TAG;
    if (len == 0 || len > TOTP_SEAL_MAX_SECRET || cap < 2 * total + 1)
        return false;
    size_t ad_len = associated_data(account_id, ad);
    randombytes_buf(box, NONCE);
    unsigned long long sealed_len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &sealed_len, secret, len, ad, ad_len,
                                               NULL, box, key);
    sodium_bin2hex(out, cap, box, NONCE + (size_t)sealed_len);
    sodium_memzero(box, sizeof box);
    return true;
}

bool totp_open(const unsigned char key[TOTP_SEAL_KEY_BYTES], int64_t account_id,
               const char *sealed_hex, unsigned char *secret, size_t cap, size_t *len)
{
    unsigned char box[NONCE + TOTP_SEAL_MAX_SECRET + TAG], ad[32];
    size_t box_len = 0;
    *len = 0;
    if (!sealed_hex ||
        sodium_hex2bin(box, sizeof box, sealed_hex, strlen(sealed_hex), NULL, &box_len, NULL) != 0 ||
        box_len <= NONCE + TAG || box_len - NONCE - TAG > cap)
        return false;
    size_t ad_len = associated_data(account_id, ad);
    unsigned long long opened = 0;
    bool ok = crypto_aead_xchacha20poly1305_ietf_decrypt(secret, &opened, NULL, box + NONCE,
                                                         box_len - NONCE, ad, ad_len, box,
                                                         key) == 0;
    sodium_memzero(box, sizeof box);
    if (!ok) {
        sodium_memzero(secret, cap);
        return false;
    }
    *len = (size_t)opened;
    return true;
}
