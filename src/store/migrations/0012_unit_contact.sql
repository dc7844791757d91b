-- 0012: how citizens reach a unit: its address, phone, mail and a note on
-- when it receives them (office hours themselves are the calendar's).
CREATE TABLE unit_contact (
    unit_id    INTEGER PRIMARY KEY REFERENCES unit(id),
    address    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
