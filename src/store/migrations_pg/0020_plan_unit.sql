-- 0020: a plan belongs to a unit, so that reading and changing it can be kept
-- within the units an account holds its roles in. Plans imported before were
-- the importer's unit's, else the deployment's first top-level unit's.
-- PostgreSQL translation of migrations/0020_plan_unit.sql.
ALTER TABLE plan ADD COLUMN unit_id BIGINT REFERENCES unit(id) DEFERRABLE INITIALLY IMMEDIATE;
UPDATE plan SET unit_id = COALESCE(
    (SELECT a.unit_id FROM account a WHERE a.username = plan.created_by),
    (SELECT u.id FROM unit u WHERE u.parent_id IS NULL ORDER BY u.id LIMIT 1));
CREATE INDEX plan_by_unit ON plan(unit_id);
