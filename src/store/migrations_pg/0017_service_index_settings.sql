-- 0017: how a unit's QĐ 766 index scores what the rules leave to it: the
-- feedback metric in a period with no feedback scores its 6 points ('full',
-- the national portal's rule) or nothing ('zero').
-- PostgreSQL translation of migrations/0017_service_index_settings.sql.
CREATE TABLE service_index_setting (
    unit_code     TEXT PRIMARY KEY,
    feedback_none TEXT NOT NULL CHECK (feedback_none IN ('full', 'zero')),
    set_by        TEXT NOT NULL,
    set_at        TEXT NOT NULL
);
