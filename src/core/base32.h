/* Base32 (RFC 4648 §6, upper case, no padding on output): the alphabet
 * authenticator apps expect for TOTP secrets. */
#ifndef XASO_CORE_BASE32_H
#define XASO_CORE_BASE32_H

#include <stddef.h>

/* Characters base32_encode writes for n bytes, not counting the NUL. */
size_t base32_encoded_len(size_t n);
/* Writes the text and a NUL into out (base32_encoded_len(n) + 1 bytes). */
void base32_encode(const unsigned char *in, size_t n, char *out);
/* Decodes letters in either case, ignoring spaces, '-' and trailing '='.
 * Returns the bytes written, or -1 on a bad character or if cap is too small. */
long base32_decode(const char *in, unsigned char *out, size_t cap);

#endif
