-- 0009: citizens and the one-stop dossier (hồ sơ TTHC).

-- The applicant's data, entered once, keyed by the căn cước number; each
-- change keeps the version before it, and every read by staff is logged.
CREATE TABLE citizen (
    id          INTEGER PRIMARY KEY,
    cccd        TEXT NOT NULL UNIQUE,
    full_name   TEXT NOT NULL,
    birth_date  TEXT,
    phone       TEXT,
    email       TEXT,
    address     TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE citizen_version (
    citizen_id  INTEGER NOT NULL REFERENCES citizen(id),
    version     INTEGER NOT NULL,
    full_name   TEXT NOT NULL,
    birth_date  TEXT,
    phone       TEXT,
    email       TEXT,
    address     TEXT,
    replaced_by TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    PRIMARY KEY (citizen_id, version)
) WITHOUT ROWID;

CREATE TABLE citizen_read (
    id          INTEGER PRIMARY KEY,
    citizen_id  INTEGER NOT NULL REFERENCES citizen(id),
    reader      TEXT NOT NULL,
    dossier_id  INTEGER REFERENCES dossier(id),
    at          TEXT NOT NULL
);
CREATE INDEX citizen_read_citizen ON citizen_read(citizen_id, at);

-- Each unit's daily sequence for dossier codes, advanced inside the intake's
-- transaction: a rolled-back intake gives its number back, so there are no gaps.
CREATE TABLE dossier_sequence (
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    day     TEXT NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;

CREATE TABLE dossier (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    procedure_id      INTEGER NOT NULL REFERENCES procedure(id),
    workflow_id       INTEGER NOT NULL REFERENCES workflow(id),  -- the version it started with
    receiving_unit_id INTEGER NOT NULL REFERENCES unit(id),
    competent_unit_id INTEGER NOT NULL REFERENCES unit(id),
    channel           INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),  -- counter, online, post
    status            INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    status_before_pause INTEGER,
    step              INTEGER,             -- workflow position; NULL before acceptance and at the end
    actor_role        TEXT,                -- who acts now: this role ...
    actor_unit_id     INTEGER REFERENCES unit(id),  -- ... within this unit's subtree
    assignee_id       INTEGER REFERENCES account(id),
    transfer_unit_id  INTEGER REFERENCES unit(id),  -- liên thông: the unit handling this step
    citizen_id        INTEGER NOT NULL REFERENCES citizen(id),
    applicant         TEXT NOT NULL,       -- JSON snapshot of the applicant at intake
    form_values       TEXT NOT NULL DEFAULT '{}',
    submitted_at      TEXT NOT NULL,
    received_at       TEXT,                -- accepted: the clock starts
    due_at            TEXT,
    step_dues         TEXT NOT NULL DEFAULT '[]',  -- JSON: each step's due instant
    paused_ms         INTEGER NOT NULL DEFAULT 0,  -- working time spent waiting for the citizen
    finished_at       TEXT,
    returned_at       TEXT,
    return_channel    INTEGER CHECK (return_channel IN (1, 2, 3)),
    ended_at          TEXT,
    end_kind          TEXT CHECK (end_kind IN ('returned', 'not_received', 'refused',
                          'withdrawn', 'stopped')),
    end_reason        TEXT,
    fee_amount        INTEGER NOT NULL DEFAULT 0,
    paid              INTEGER NOT NULL DEFAULT 0,
    result_electronic INTEGER NOT NULL DEFAULT 0,
    result_paper      INTEGER NOT NULL DEFAULT 0,
    result_file       TEXT,
    result_file_name  TEXT,
    flag              TEXT CHECK (flag IN ('due_soon', 'overdue')),
    version           INTEGER NOT NULL DEFAULT 1,  -- for "exactly one of two officials wins"
    idempotency_key   TEXT UNIQUE,
    created_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX dossier_actor ON dossier(actor_unit_id, actor_role, status);
CREATE INDEX dossier_citizen ON dossier(citizen_id);
CREATE INDEX dossier_due ON dossier(status, due_at);

-- The papers of the dossier against the procedure's list.
CREATE TABLE dossier_document (
    dossier_id            INTEGER NOT NULL REFERENCES dossier(id),
    procedure_document_id INTEGER NOT NULL REFERENCES procedure_document(id),
    state                 TEXT NOT NULL CHECK (state IN ('original', 'copy', 'digitized',
                              'reused', 'missing')),
    file                  TEXT,     -- sha256 in the file store
    file_name             TEXT,
    PRIMARY KEY (dossier_id, procedure_document_id)
) WITHOUT ROWID;

CREATE TABLE dossier_event (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossier(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status INTEGER,
    to_status   INTEGER,
    from_step   INTEGER,
    to_step     INTEGER,
    unit_id     INTEGER REFERENCES unit(id),
    note        TEXT,
    files       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX dossier_event_dossier ON dossier_event(dossier_id, id);

-- Each interval the clock stood still (supplement, payment): QĐ 766 counts them.
CREATE TABLE dossier_pause (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossier(id),
    kind        TEXT NOT NULL CHECK (kind IN ('supplement', 'payment')),
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    note        TEXT NOT NULL
);
CREATE INDEX dossier_pause_dossier ON dossier_pause(dossier_id);

-- Xin lỗi và hẹn lại: proposed by the one handling it, approved by a leader.
CREATE TABLE dossier_apology (
    id           INTEGER PRIMARY KEY,
    dossier_id   INTEGER NOT NULL REFERENCES dossier(id),
    reason       TEXT NOT NULL,
    old_due      TEXT NOT NULL,
    new_due      TEXT NOT NULL,
    proposed_by  TEXT NOT NULL,
    proposed_at  TEXT NOT NULL,
    approved_by  TEXT,
    approved_at  TEXT
);

-- The evaluation criteria, kept as data so the list can follow the regulation.
CREATE TABLE rating_criterion (
    code     TEXT PRIMARY KEY,
    text     TEXT NOT NULL,
    position INTEGER NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
INSERT INTO rating_criterion (code, text, position) VALUES
    ('guidance', 'Cán bộ hướng dẫn lập hồ sơ đầy đủ, dễ hiểu, một lần', 1),
    ('attitude', 'Thái độ của cán bộ tiếp nhận, giải quyết lịch sự, tận tình', 2),
    ('on_time', 'Hồ sơ được giải quyết và trả kết quả đúng hẹn', 3),
    ('no_extra', 'Không phải nộp thêm giấy tờ hay chi phí ngoài quy định', 4),
    ('result', 'Kết quả giải quyết đúng, đầy đủ, chính xác', 5);

CREATE TABLE dossier_rating (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossier(id),
    overall    TEXT NOT NULL CHECK (overall IN ('very_satisfied', 'satisfied', 'unsatisfied')),
    scores     TEXT NOT NULL,   -- JSON: criterion code -> 0, 1 or 2
    comment    TEXT NOT NULL DEFAULT '',
    rated_at   TEXT NOT NULL
);
