/* Officials' signatures on electronic results: each signing official has an
 * Ed25519 key pair (libsodium); the secret key is stored sealed with the
 * operator's key (XASO_SIGNING_KEY, 32 bytes as 64 hex digits) by
 * crypto_secretbox, and opened only to sign. A signature covers
 * "xaso-result-v1\n<dossier code>\n<file SHA-256 hex>\n<signed at, ISO>".
 * Revoking a key stops its use; what it signed before stays verifiable and
 * is shown as signed by a key since revoked. */
#ifndef XASO_ORG_SIGNING_H
#define XASO_ORG_SIGNING_H

#include "org/account.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

enum { SIGNING_KEY_BYTES = 32, SIGNATURE_HEX = 129, PUBLIC_KEY_HEX = 65 };

/* Parses the operator's key; false unless exactly 64 hex digits. */
bool signing_operator_key(const char *hex, unsigned char key[SIGNING_KEY_BYTES]);

/* Inside a write: signs for the account (creating its key on first use).
 * Returns 0 with *key_id and the signature as hex, or a STORE_ code, or 1
 * when the sealed key cannot be opened with this operator key. */
int signing_sign(store_conn *c, int64_t account_id, const unsigned char operator_key[SIGNING_KEY_BYTES],
                 const char *code, const char *file_sha256, const char *signed_at, int64_t *key_id,
                 char signature[SIGNATURE_HEX]);

/* Checks a signature (hex) with a public key (hex). */
bool signing_verify(const char *public_key, const char *code, const char *file_sha256,
                    const char *signed_at, const char *signature);

/* Revokes a key, with the audit entry. */
int signing_revoke(store *s, int64_t key_id, const char *reason, const char *actor, org_error *err);

#endif
