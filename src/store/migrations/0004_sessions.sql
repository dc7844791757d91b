-- 0004: sign-in sessions and the record of failed sign-ins (for growing delays).
CREATE TABLE session (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    csrf_token   TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES account(id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX session_account ON session(account_id);

CREATE TABLE sign_in_failure (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX sign_in_failure_username ON sign_in_failure(username, at);
CREATE INDEX sign_in_failure_address ON sign_in_failure(address, at);
