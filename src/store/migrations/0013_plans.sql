-- 0013: the commune's plans (kế hoạch), their tasks (nhiệm vụ) and
-- indicators (chỉ tiêu), as the official typed them and as understood.
-- A task's status is derived (core/task_status.h), never stored.
CREATE TABLE plan (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    document_no     TEXT NOT NULL DEFAULT '',
    document_date   TEXT,
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    rollup          TEXT NOT NULL DEFAULT 'average' CHECK (rollup IN ('average', 'budget')),
    weekly_due      TEXT NOT NULL DEFAULT 'fri 08:00',  -- weekday and local time
    monthly_due_day INTEGER NOT NULL DEFAULT 15 CHECK (monthly_due_day BETWEEN 1 AND 28),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE plan_task (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER NOT NULL REFERENCES plan(id),
    parent_id         INTEGER REFERENCES plan_task(id),
    position          INTEGER NOT NULL,
    number            TEXT NOT NULL,            -- TT as typed
    name              TEXT NOT NULL,
    expected_result   TEXT NOT NULL DEFAULT '',
    period_text       TEXT NOT NULL,            -- as typed: "Quý I – Quý III/ 2026"
    start_day         TEXT NOT NULL,            -- YYYY-MM-DD
    due_day           TEXT NOT NULL,
    lead_text         TEXT NOT NULL,
    coordinating_text TEXT NOT NULL DEFAULT '',
    budget_text       TEXT NOT NULL DEFAULT '',
    budget_million    REAL,                     -- NULL: blank
    funding_source    TEXT NOT NULL DEFAULT '',
    weight            REAL NOT NULL DEFAULT 1,
    progress          INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    completed_day     TEXT
);
CREATE INDEX plan_task_plan ON plan_task(plan_id, position);

-- Which units lead or help a task or an indicator, once understood.
CREATE TABLE plan_unit (
    item_kind TEXT NOT NULL CHECK (item_kind IN ('task', 'indicator')),
    item_id   INTEGER NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('lead', 'coordinating')),
    unit_id   INTEGER NOT NULL REFERENCES unit(id),
    PRIMARY KEY (item_kind, item_id, role, unit_id)
) WITHOUT ROWID;

-- What an administrator confirmed a typed unit text means: units of the
-- tree, or a party outside it (kept as text). Reused by later imports.
CREATE TABLE unit_alias (
    folded       TEXT PRIMARY KEY,
    text         TEXT NOT NULL,
    unit_codes   TEXT NOT NULL DEFAULT '[]',   -- JSON array of agency codes
    external     INTEGER NOT NULL DEFAULT 0,
    confirmed_by TEXT NOT NULL,
    confirmed_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE plan_progress (
    id       INTEGER PRIMARY KEY,
    task_id  INTEGER NOT NULL REFERENCES plan_task(id),
    day      TEXT NOT NULL,          -- the day the progress was reached
    progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    note     TEXT NOT NULL,
    files    TEXT NOT NULL DEFAULT '[]',  -- JSON [{hash, name}]
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX plan_progress_task ON plan_progress(task_id, id);

CREATE TABLE plan_indicator (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER NOT NULL REFERENCES plan(id),
    position          INTEGER NOT NULL,
    number            TEXT NOT NULL,
    name              TEXT NOT NULL,
    lead_text         TEXT NOT NULL DEFAULT '',
    coordinating_text TEXT NOT NULL DEFAULT '',
    comparator        TEXT CHECK (comparator IN ('>=', '<=', '=')),
    target            REAL,                    -- NULL: no number in the text
    unit_of_measure   TEXT NOT NULL DEFAULT '%',
    kind              TEXT NOT NULL CHECK (kind IN ('computed', 'reported')),
    metric            TEXT,                    -- for computed ones: what xaso counts
    cumulative        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_indicator_plan ON plan_indicator(plan_id, position);

CREATE TABLE plan_indicator_value (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES plan_indicator(id),
    period       TEXT NOT NULL,     -- YYYY-MM or YYYY-Qn or YYYY
    value        REAL NOT NULL,
    source       TEXT NOT NULL,
    evidence     TEXT NOT NULL DEFAULT '[]',
    entered_by   TEXT NOT NULL,
    entered_at   TEXT NOT NULL,
    reviewed_by  TEXT,
    reviewed_at  TEXT
);
