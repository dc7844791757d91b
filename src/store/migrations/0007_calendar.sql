-- 0007: the working calendar's yearly decisions and office hours.
-- A decision replaces the statutory days of one occasion in one year
-- (BLLĐ 2019 Điều 112; the exact days are announced each year), for the
-- whole deployment (unit_id NULL) or for one unit and its subtree.
CREATE TABLE calendar_decision (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER REFERENCES unit(id),
    year       INTEGER NOT NULL CHECK (year BETWEEN 1901 AND 2099),
    occasion   TEXT NOT NULL CHECK (occasion IN ('new_year', 'tet', 'hung_kings',
                   'reunification_labour', 'national_day', 'extra')),
    reference  TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX calendar_decision_deployment ON calendar_decision(year, occasion)
    WHERE unit_id IS NULL;
CREATE UNIQUE INDEX calendar_decision_unit ON calendar_decision(unit_id, year, occasion)
    WHERE unit_id IS NOT NULL;

CREATE TABLE calendar_decision_day (
    decision_id INTEGER NOT NULL REFERENCES calendar_decision(id) ON DELETE CASCADE,
    day         TEXT NOT NULL,               -- local date, YYYY-MM-DD
    kind        TEXT NOT NULL CHECK (kind IN ('off', 'work')),
    PRIMARY KEY (decision_id, day)
) WITHOUT ROWID;

-- Office hours in minutes after local midnight; none stored means the
-- default 07:30-11:30, 13:00-17:00 with the 15:00 cut-off.
CREATE TABLE office_hours (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER UNIQUE REFERENCES unit(id),
    morning_open    INTEGER NOT NULL,
    morning_close   INTEGER NOT NULL,
    afternoon_open  INTEGER NOT NULL,
    afternoon_close INTEGER NOT NULL,
    cutoff          INTEGER NOT NULL,
    updated_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX office_hours_deployment ON office_hours((unit_id IS NULL))
    WHERE unit_id IS NULL;

-- The decisions already announced when this version shipped.
INSERT INTO calendar_decision (year, occasion, reference, note, created_by, created_at) VALUES
    (2025, 'tet', 'Lịch nghỉ Tết Ất Tỵ 2025 của cán bộ, công chức, viên chức',
     'Nghỉ 9 ngày từ thứ Bảy 25/01/2025 đến hết Chủ nhật 02/02/2025.', 'system',
     '2026-11-23T00:00:00.000Z'),
    (2026, 'tet', 'Lịch nghỉ Tết Bính Ngọ 2026 của cán bộ, công chức, viên chức',
     'Nghỉ 9 ngày từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026 (mùng 1 Tết là 17/02/2026).',
     'system', '2026-11-23T00:00:00.000Z'),
    (2026, 'national_day', 'Lịch nghỉ Quốc khánh 2/9/2026 của cán bộ, công chức, viên chức',
     'Nghỉ từ thứ Bảy 29/08/2026 đến hết thứ Tư 02/09/2026; làm bù thứ Bảy 22/08/2026.',
     'system', '2026-11-23T00:00:00.000Z');

WITH RECURSIVE span(decision_id, day, last) AS (
    SELECT id, '2025-01-25', '2025-02-02' FROM calendar_decision WHERE year = 2025 AND occasion = 'tet'
    UNION ALL SELECT id, '2026-02-14', '2026-02-22' FROM calendar_decision WHERE year = 2026 AND occasion = 'tet'
    UNION ALL SELECT id, '2026-08-29', '2026-09-02' FROM calendar_decision WHERE year = 2026 AND occasion = 'national_day'
    UNION ALL SELECT decision_id, date(day, '+1 day'), last FROM span WHERE day < last)
INSERT INTO calendar_decision_day (decision_id, day, kind) SELECT decision_id, day, 'off' FROM span;

INSERT INTO calendar_decision_day (decision_id, day, kind)
    SELECT id, '2026-08-22', 'work' FROM calendar_decision WHERE year = 2026 AND occasion = 'national_day';
