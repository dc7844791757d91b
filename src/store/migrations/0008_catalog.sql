-- 0008: the procedure catalog (thủ tục hành chính) and its versioned workflows.
CREATE TABLE procedure (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,          -- national code, e.g. 1.001193
    name               TEXT NOT NULL,
    field              TEXT NOT NULL,                 -- lĩnh vực
    level              TEXT NOT NULL,                 -- cấp thực hiện, as published
    competent_unit_id  INTEGER REFERENCES unit(id),   -- NULL: the commune that receives it
    time_unit          TEXT CHECK (time_unit IN ('working_days', 'working_hours',
                           'calendar_days', 'same_day')),  -- NULL: not known yet
    time_amount        INTEGER CHECK (time_amount IS NULL OR time_amount BETWEEN 1 AND 500),
    online_level       TEXT NOT NULL CHECK (online_level IN ('full', 'partial', 'none')),
    result_type        TEXT NOT NULL CHECK (result_type IN ('paper', 'electronic', 'both')),
    result_name        TEXT NOT NULL DEFAULT '',
    legal_basis        TEXT NOT NULL DEFAULT '[]',    -- JSON array of document codes
    channels           TEXT NOT NULL DEFAULT '[]',    -- JSON: channel, time and fee as published
    form_schema        TEXT NOT NULL DEFAULT '[]',    -- JSON: the online form's fields
    public_parts       TEXT NOT NULL DEFAULT '{}',    -- JSON: the parts published by law
    status             TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    review_status      TEXT NOT NULL CHECK (review_status IN ('pending', 'confirmed')),
    review_reasons     TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings
    reviewed_by        TEXT,
    reviewed_at        TEXT,
    effective_from     TEXT,
    effective_to       TEXT,
    source_kind        TEXT NOT NULL CHECK (source_kind IN ('manual', 'import', 'portal')),
    source_url         TEXT,
    source_raw         TEXT,                          -- the record as received, kept beside the parsed values
    current_workflow_id INTEGER REFERENCES workflow(id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX procedure_field ON procedure(field);

-- Thành phần hồ sơ. Rows are never deleted: a document taken out of a
-- procedure is retired, so dossiers that cite it keep their meaning.
CREATE TABLE procedure_document (
    id            INTEGER PRIMARY KEY,
    procedure_id  INTEGER NOT NULL REFERENCES procedure(id),
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('submit', 'present')),
    originals     INTEGER NOT NULL CHECK (originals BETWEEN 0 AND 20),
    copies        INTEGER NOT NULL CHECK (copies BETWEEN 0 AND 20),
    reusable_from TEXT,                 -- data already held that may replace it, e.g. 'cccd'
    form_file     TEXT,                 -- sha256 of the blank form in the file store
    form_file_name TEXT,
    retired       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX procedure_document_procedure ON procedure_document(procedure_id, position);

-- Phí, lệ phí: amounts in đồng.
CREATE TABLE procedure_fee (
    id           INTEGER PRIMARY KEY,
    procedure_id INTEGER NOT NULL REFERENCES procedure(id),
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('fee', 'charge')),
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    description  TEXT NOT NULL,
    exempt       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX procedure_fee_procedure ON procedure_fee(procedure_id, position);

-- A workflow version is never changed: editing makes the next version, and
-- a dossier keeps the version it started with.
CREATE TABLE workflow (
    id           INTEGER PRIMARY KEY,
    procedure_id INTEGER NOT NULL REFERENCES procedure(id),
    version      INTEGER NOT NULL,
    template     TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (procedure_id, version)
);

CREATE TABLE workflow_step (
    workflow_id INTEGER NOT NULL REFERENCES workflow(id),
    position    INTEGER NOT NULL,
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    unit_id     INTEGER REFERENCES unit(id),   -- NULL: the procedure's competent unit
    share       INTEGER NOT NULL CHECK (share BETWEEN 0 AND 100),  -- percent of the time limit
    actions     TEXT NOT NULL,                 -- comma-separated
    PRIMARY KEY (workflow_id, position)
) WITHOUT ROWID;

-- Search over folded text (core/fold.h): rowid = procedure.id.
CREATE VIRTUAL TABLE procedure_search USING fts5(code, name, field, tokenize = 'unicode61');
