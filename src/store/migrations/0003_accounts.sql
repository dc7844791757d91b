-- 0003: officials' accounts and their roles, each role granted within a unit
-- and its subtree.
CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    position      TEXT,
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    phone         TEXT,
    email         TEXT,
    status        TEXT NOT NULL CHECK (status IN ('active', 'locked', 'retired')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX account_unit ON account(unit_id);

CREATE TABLE role_grant (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'specialist', 'reception', 'clerk')),
    unit_id    INTEGER NOT NULL REFERENCES unit(id),
    UNIQUE (account_id, role, unit_id)
);
