-- 0001: the ground floor. Units (the commune and its offices) so a fresh
-- deployment has a commune to show, and the diagnostic notes table that the
-- diagnostics routes (off by default) use to exercise the write path.
CREATE TABLE unit (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES unit(id),
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    agency_code TEXT NOT NULL UNIQUE,
    illustrative_code INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX unit_parent ON unit(parent_id);

CREATE TABLE diagnostic_note (
    id         INTEGER PRIMARY KEY,
    note_key   TEXT NOT NULL UNIQUE,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
