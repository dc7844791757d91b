-- 0005: two-factor sign-in: one TOTP secret per account (confirmed once the
-- official typed a code from it), one-time recovery codes (hashed), and the
-- time a session passed its second factor.
CREATE TABLE totp_credential (
    account_id   INTEGER PRIMARY KEY REFERENCES account(id),
    secret       TEXT NOT NULL,
    confirmed_at TEXT,
    last_step    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE recovery_code (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    code_hash  TEXT NOT NULL UNIQUE,
    used_at    TEXT
);
CREATE INDEX recovery_code_account ON recovery_code(account_id);

ALTER TABLE session ADD COLUMN second_factor_at TEXT;
