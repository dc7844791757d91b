-- 0010: officials' signing keys and signed results; fees paid.

-- Ed25519 keys of signing officials. The secret key is kept encrypted with
-- the operator's key (XASO_SIGNING_KEY), never in the clear.
CREATE TABLE signing_key (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES account(id),
    public_key     TEXT NOT NULL UNIQUE,   -- hex
    secret_sealed  TEXT NOT NULL,          -- hex: nonce then crypto_secretbox ciphertext
    created_at     TEXT NOT NULL,
    revoked_at     TEXT,
    revoked_by     TEXT,
    revoked_reason TEXT
);
CREATE INDEX signing_key_account ON signing_key(account_id, revoked_at);

-- A result's signature: over "xaso-result-v1", the dossier code, the file's
-- SHA-256 and the signing time.
CREATE TABLE dossier_signature (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossier(id),
    key_id      INTEGER NOT NULL REFERENCES signing_key(id),
    file_sha256 TEXT NOT NULL,
    signed_at   TEXT NOT NULL,
    signature   TEXT NOT NULL               -- hex, 64 bytes
);
CREATE INDEX dossier_signature_dossier ON dossier_signature(dossier_id, id);

-- Payments of a dossier's fee: cash at the counter (with the receipt
-- number), bank transfer (matched from a statement), or an online gateway
-- (1 national portal, 2 local gateway).
CREATE TABLE dossier_payment (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossier(id),
    method      TEXT NOT NULL CHECK (method IN ('cash', 'transfer', 'gateway')),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    receipt_no  TEXT,
    gateway     INTEGER CHECK (gateway IN (1, 2)),
    statement_line TEXT UNIQUE,             -- the bank line it came from (hash), once
    paid_at     TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX dossier_payment_dossier ON dossier_payment(dossier_id);

ALTER TABLE dossier ADD COLUMN fee_exempt_reason TEXT;
