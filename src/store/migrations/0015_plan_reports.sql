-- 0015: periodic reports of a plan (weekly, monthly) and each task's report
-- for a period. A submitted report is a snapshot and is locked: it is
-- never updated, only read.
CREATE TABLE plan_report (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan(id),
    kind         TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly')),
    period       TEXT NOT NULL,      -- 2026-W47 or 2026-11
    due_at       TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    content      TEXT NOT NULL,      -- JSON: the plan as it stood
    UNIQUE (plan_id, kind, period)
);

CREATE TABLE task_report (
    task_id      INTEGER NOT NULL REFERENCES plan_task(id),
    kind         TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly')),
    period       TEXT NOT NULL,
    progress     INTEGER NOT NULL,
    status       TEXT NOT NULL,
    note         TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    PRIMARY KEY (task_id, kind, period)
) WITHOUT ROWID;
