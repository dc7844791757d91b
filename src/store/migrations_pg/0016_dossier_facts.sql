-- 0016: one definition of what each dossier counts for, read alike by the
-- QĐ 766 index (report part) and by the plan's computed indicators, so the
-- two never disagree about what "online", "digitized" or "paid online" means.
--
-- PostgreSQL translation of migrations/0016_dossier_facts.sql. SQLite's
-- comparisons give 0 or 1; PostgreSQL's give booleans, so each yes/no column
-- is cast to integer and the view gives 0 and 1 as SQLite's does. The
-- instants are compared byte by byte (COLLATE "C"), as SQLite's BINARY does.

-- The commune a unit belongs to: itself, or its nearest commune above it
-- (units sit at most two levels under their commune: phòng, then tổ).
CREATE VIEW unit_commune (unit_id, commune_id) AS
SELECT u.id,
       CASE WHEN u.kind = 'commune' THEN u.id
            WHEN p.kind = 'commune' THEN p.id
            WHEN g.kind = 'commune' THEN g.id END
FROM unit u
LEFT JOIN unit p ON p.id = u.parent_id
LEFT JOIN unit g ON g.id = p.parent_id;

CREATE VIEW dossier_fact AS
SELECT d.id, d.code, d.received_at, d.competent_unit_id, d.channel, d.due_at, d.finished_at,
       -- The end is the first of finished, returned, and stopped/refused/withdrawn
       -- (LEAST, like MIN, passes over NULLs).
       LEAST(d.finished_at COLLATE "C", d.returned_at COLLATE "C",
             CASE WHEN d.end_kind IN ('refused', 'withdrawn', 'stopped')
                  THEN d.ended_at END COLLATE "C") AS ended_at,
       (SELECT COUNT(*) FROM dossier_event e
         WHERE e.dossier_id = d.id AND e.action = 'request_supplement') AS supplements,
       (SELECT MIN(p.started_at COLLATE "C") FROM dossier_pause p
         WHERE p.dossier_id = d.id AND p.ended_at IS NULL) AS paused_since,
       (EXISTS (SELECT 1 FROM dossier_apology a
                 WHERE a.dossier_id = d.id AND a.approved_at IS NOT NULL))::integer AS apologized,
       (d.finished_at IS NOT NULL AND d.result_electronic = 1)::integer AS e_result,
       -- Digitized: it has papers, each with its file (or taken from data
       -- already held), and once finished its result as a file too.
       (EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id)
         AND NOT EXISTS (SELECT 1 FROM dossier_document x
                          WHERE x.dossier_id = d.id AND x.state <> 'reused' AND x.file IS NULL)
         AND (d.finished_at IS NULL OR d.result_file IS NOT NULL))::integer AS digitized,
       (EXISTS (SELECT 1 FROM dossier_document x
                 WHERE x.dossier_id = d.id AND x.state = 'reused'))::integer AS reused,
       (r.overall IS NOT NULL)::integer AS rated,
       COALESCE((r.overall IN ('very_satisfied', 'satisfied'))::integer, 0) AS satisfied,
       -- Fees: a dossier that owed one and paid it; online when through the
       -- national portal (flag 1) or the province's gateway (flag 2).
       (d.fee_amount > 0 AND d.fee_exempt_reason IS NULL
         AND EXISTS (SELECT 1 FROM dossier_payment m WHERE m.dossier_id = d.id))::integer AS fee_paid,
       (d.fee_amount > 0 AND d.fee_exempt_reason IS NULL
         AND EXISTS (SELECT 1 FROM dossier_payment m
                      WHERE m.dossier_id = d.id AND m.gateway IN (1, 2)))::integer AS paid_online,
       -- Phi địa giới: received at another commune than the competent one.
       ((SELECT commune_id FROM unit_commune WHERE unit_id = d.receiving_unit_id)
         IS DISTINCT FROM (SELECT commune_id FROM unit_commune
                            WHERE unit_id = d.competent_unit_id))::integer AS any_location
FROM dossier d
LEFT JOIN dossier_rating r ON r.dossier_id = d.id;

-- Reports pick dossiers by the day they were received; the apology rule
-- looks each dossier's apologies up.
CREATE INDEX dossier_received ON dossier(received_at);
CREATE INDEX dossier_apology_dossier ON dossier_apology(dossier_id);
