/* TOTP secrets at rest. A secret is sealed with XChaCha20-Poly1305
 * (libsodium's crypto_aead_xchacha20poly1305_ietf) under a key derived from
 * the operator's key (XASO_SIGNING_KEY) with its own KDF context, so the key
 * that seals two-factor secrets is never the one that seals signing keys.
 * The account id is the associated data: a sealed secret copied onto another
 * account's row does not open there. Stored as hex of nonce (24 random
 * bytes), ciphertext and tag (16 bytes). Pure: no I/O, no SQL. */
#ifndef XASO_ORG_TOTP_SEAL_H
#define XASO_ORG_TOTP_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    TOTP_SEAL_KEY_BYTES = 32,
    TOTP_SEAL_MAX_SECRET = 64,
    /* hex of nonce + secret + tag for the largest secret, and the NUL */
    TOTP_SEALED_HEX_MAX = 2 * (24 + TOTP_SEAL_MAX_SECRET + 16) + 1,
};

/* The two-factor key from the operator's 32-byte key. */
void totp_seal_key(const unsigned char operator_key[TOTP_SEAL_KEY_BYTES],
                   unsigned char key[TOTP_SEAL_KEY_BYTES]);

/* Seals len bytes of secret (at most TOTP_SEAL_MAX_SECRET) for account_id
 * into out as hex. False when the secret is too long or out too small. */
bool totp_seal(const unsigned char key[TOTP_SEAL_KEY_BYTES], int64_t account_id,
               const unsigned char *secret, size_t len, char *out, size_t cap);

/* Opens a sealed secret into secret (cap bytes), writing its length. False
 * when the text is not a sealed secret, or was sealed under another key or
 * for another account, or was changed; secret is then zeroed. */
bool totp_open(const unsigned char key[TOTP_SEAL_KEY_BYTES], int64_t account_id,
               const char *sealed_hex, unsigned char *secret, size_t cap, size_t *len);

#endif
