/* The password policy for officials' accounts: at least 10 characters, not
 * the username (nor containing it), not one of the passwords everybody tries
 * first. Pure: the caller hashes and stores. */
#ifndef XASO_CORE_PASSWORD_POLICY_H
#define XASO_CORE_PASSWORD_POLICY_H

enum { PASSWORD_MIN_CHARS = 10, PASSWORD_MAX_BYTES = 256 };

/* NULL when the password is acceptable, else the Vietnamese reason. */
const char *password_policy_check(const char *password, const char *username);

#endif
