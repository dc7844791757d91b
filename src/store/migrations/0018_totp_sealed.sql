-- 0018: two-factor secrets at rest. A secret is kept sealed under a key
-- derived from the operator's key (XASO_SIGNING_KEY; org/totp_seal.h) in
-- secret_sealed. Only a deployment without an operator key keeps it in the
-- clear in secret; `xaso serve` seals those at start once a key is set.
-- Exactly one of the two is set. SQLite cannot drop NOT NULL from a column,
-- so the table is rebuilt; nothing references it.
CREATE TABLE totp_credential_sealed (
    account_id    INTEGER PRIMARY KEY REFERENCES account(id),
    secret        TEXT,
    secret_sealed TEXT,
    confirmed_at  TEXT,
    last_step     INTEGER NOT NULL DEFAULT 0,
    CHECK ((secret IS NULL) <> (secret_sealed IS NULL))
);
INSERT INTO totp_credential_sealed (account_id, secret, confirmed_at, last_step)
    SELECT account_id, secret, confirmed_at, last_step FROM totp_credential;
DROP TABLE totp_credential;
ALTER TABLE totp_credential_sealed RENAME TO totp_credential;
