-- 0014: the parts of the QĐ 766 index xaso cannot compute from its own data
-- (catalog-level metrics the national database scores, e.g. publication on
-- time), entered per period and unit with their source.
-- PostgreSQL translation of migrations/0014_service_index.sql.
CREATE TABLE service_index_input (
    period     TEXT NOT NULL,      -- YYYY, YYYY-Qn or YYYY-MM
    unit_code  TEXT NOT NULL,
    grp        TEXT NOT NULL,      -- transparency, progress, online, payment, digitization, satisfaction
    score      DOUBLE PRECISION NOT NULL,
    source     TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (period, unit_code, grp)
);
