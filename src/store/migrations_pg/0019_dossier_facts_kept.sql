-- 0019: dossier_fact becomes a table kept by triggers in the same transaction
-- as every change to a dossier or to what it counts for (its papers, events,
-- pauses, apologies, rating, payments). Reading a province's month no longer
-- recomputes each dossier's facts from six tables: it is an index range scan.
--
-- The definition stays in one place, the view dossier_fact_source (what 0016
-- called dossier_fact); the triggers copy one dossier's row of it, and the
-- table derives the integer instants and the flags from what it stores.
--
-- PostgreSQL translation of migrations/0019_dossier_facts_kept.sql. Each
-- SQLite trigger is a trigger of the same name, on the same table and event,
-- FOR EACH ROW, running a PL/pgSQL function that does what the SQLite body
-- does (triggers doing the same share one function). INSERT OR IGNORE is
-- INSERT ... ON CONFLICT DO NOTHING; a row value compared with IS NOT is
-- compared with IS DISTINCT FROM. PostgreSQL runs AFTER ROW triggers at the
-- end of the statement that fired them rather than after each row; each
-- trigger here reads its dossier's state as a whole, so the kept rows come out
-- the same. dossier_fact_stamp.version still moves whenever a fact changes,
-- but once, not once per row, when one statement changes a dossier's facts
-- through several rows (two of its events inserted together).

DROP VIEW dossier_fact;

CREATE VIEW dossier_fact_source AS
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

-- SQLite's CAST(t AS INTEGER) of a text: the longest integer prefix after
-- white space, 0 when there is none.
CREATE FUNCTION sqlite_int_prefix(t text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN COALESCE((regexp_match(t, '^[ \t\n\v\f\r]*([+-]?[0-9]+)'))[1]::bigint, 0);

-- SQLite's unixepoch(t) * 1000 + CAST(substr(t, 21, 3) AS INTEGER), the
-- expression of dossier_fact's *_ms columns: for the text xaso stores,
-- "YYYY-MM-DDTHH:MM:SS.mmmZ", its instant in milliseconds since 1970. It reads
-- what SQLite's date functions read from a text (YYYY-MM-DD, then optionally
-- T or spaces and HH:MM, :SS, .fraction, Z or ±HH:MM; HH:MM... alone, on
-- 2000-01-01; a Julian day number) with SQLite's own arithmetic (computeJD),
-- and gives NULL where SQLite's unixepoch() gives NULL. It uses no time zone
-- or date style setting, so it is IMMUTABLE as a generated column needs.
CREATE FUNCTION iso_utc_ms(t text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
    sp      constant text := '[ \t\n\v\f\r]';
    time_re constant text := '([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?' || sp || '*'
                             || '(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))?' || sp || '*';
    m       text[];
    y       bigint := 2000;
    mo      bigint := 1;
    d       bigint := 1;
    h       bigint;
    mi      bigint;
    s       double precision := 0;
    tz      bigint := 0;
    a       bigint;
    jd      bigint;                -- the Julian day in milliseconds, SQLite's iJD
    r       double precision;
BEGIN
    m := regexp_match(t, '^(-?)([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T \t\n\v\f\r]*(?:' || time_re || ')?)$');
    IF m IS NOT NULL THEN
        y := m[2]::bigint;
        mo := m[3]::bigint;
        d := m[4]::bigint;
        IF mo NOT BETWEEN 1 AND 12 OR d NOT BETWEEN 1 AND 31 THEN
            RETURN NULL;
        END IF;
        IF m[1] = '-' THEN
            y := -y;
        END IF;
        m := m[5:12];
    ELSE
        m := regexp_match(t, '^' || time_re || '$');
        IF m IS NULL THEN
            -- SQLite refuses 'now' in a generated column with a plain error
            -- (not a constraint's), as this is.
            IF lower(t) = 'now' THEN
                RAISE EXCEPTION 'non-deterministic use of unixepoch() in a generated column';
            END IF;
            -- A number alone is a Julian day.
            IF t !~ ('^' || sp || '*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?' || sp || '*$') THEN
                RETURN NULL;
            END IF;
            r := t::double precision;
            IF NOT (r >= 0 AND r < 5373484.5) THEN
                RETURN NULL;
            END IF;
            jd := trunc(r * 86400000 + 0.5)::bigint;
            RETURN (jd / 1000 - 210866760000) * 1000 + sqlite_int_prefix(substr(t, 21, 3));
        END IF;
    END IF;
    IF y < -4713 THEN
        RETURN NULL;
    END IF;
    -- computeJD(), in integers: C's division truncates toward zero, as
    -- PostgreSQL's integer division does.
    IF mo <= 2 THEN
        y := y - 1;
        mo := mo + 12;
    END IF;
    a := y / 100;
    jd := ((36525 * (y + 4716)) / 100 + (306001 * (mo + 1)) / 10000 + d + (2 - a + a / 4))
          * 86400000 - 131716800000;
    IF m[1] IS NOT NULL THEN
        h := m[1]::bigint;
        mi := m[2]::bigint;
        IF h > 24 OR mi > 59 THEN
            RETURN NULL;
        END IF;
        IF m[3] IS NOT NULL THEN
            IF m[3]::bigint > 59 THEN
                RETURN NULL;
            END IF;
            s := m[3]::double precision;
            IF m[4] IS NOT NULL THEN
                s := s + ('0.' || m[4])::double precision;
            END IF;
        END IF;
        IF m[6] IS NOT NULL THEN
            IF m[7]::bigint > 14 OR m[8]::bigint > 59 THEN
                RETURN NULL;
            END IF;
            tz := (m[8]::bigint + m[7]::bigint * 60) * CASE m[6] WHEN '-' THEN -1 ELSE 1 END;
        END IF;
        jd := jd + h * 3600000 + mi * 60000 + trunc(s * 1000 + 0.5)::bigint - tz * 60000;
    END IF;
    RETURN (jd / 1000 - 210866760000) * 1000 + sqlite_int_prefix(substr(t, 21, 3));
END
$fn$;

CREATE TABLE dossier_fact (
    id                BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,   -- the dossier's id
    code              TEXT NOT NULL,
    received_at       TEXT,
    competent_unit_id BIGINT NOT NULL,
    channel           BIGINT NOT NULL,
    due_at            TEXT,
    finished_at       TEXT,
    ended_at          TEXT,
    supplements       BIGINT NOT NULL,
    paused_since      TEXT,
    apologized        BIGINT NOT NULL,
    e_result          BIGINT NOT NULL,
    digitized         BIGINT NOT NULL,
    reused            BIGINT NOT NULL,
    rated             BIGINT NOT NULL,
    satisfied         BIGINT NOT NULL,
    fee_paid          BIGINT NOT NULL,
    paid_online       BIGINT NOT NULL,
    any_location      BIGINT NOT NULL,
    -- Instants as milliseconds since 1970 (the text is UTC ISO 8601 with
    -- milliseconds), so a report compares integers from an index; and the
    -- yes/no facts in one integer (bit order: report/internal.h FACT_*).
    -- Computed here from the stored row, once, not by the view.
    received_ms BIGINT GENERATED ALWAYS AS (iso_utc_ms(received_at)) STORED,
    due_ms      BIGINT GENERATED ALWAYS AS (iso_utc_ms(due_at)) STORED,
    ended_ms    BIGINT GENERATED ALWAYS AS (iso_utc_ms(ended_at)) STORED,
    paused_ms   BIGINT GENERATED ALWAYS AS (iso_utc_ms(paused_since)) STORED,
    flags       BIGINT GENERATED ALWAYS AS
        ((finished_at IS NOT NULL)::integer | (e_result << 1) | (digitized << 2) | (reused << 3)
         | (rated << 4) | (satisfied << 5) | (fee_paid << 6) | (paid_online << 7) | (apologized << 8)
         | (any_location << 9)) STORED
);
-- Everything the index reads of a period, so a month is one range of an
-- index and never touches the table: by time for a province (most units),
-- by unit then time for a commune (a few units among many).
CREATE INDEX dossier_fact_period ON dossier_fact(received_ms, competent_unit_id, due_ms, ended_ms,
                                                 paused_ms, supplements, channel, flags);
CREATE INDEX dossier_fact_unit ON dossier_fact(competent_unit_id, received_ms, due_ms, ended_ms,
                                               paused_ms, supplements, channel, flags);

INSERT INTO dossier_fact (id, code, received_at, competent_unit_id, channel, due_at, finished_at, ended_at, supplements,
                          paused_since, apologized, e_result, digitized, reused, rated, satisfied, fee_paid,
                          paid_online, any_location)
SELECT * FROM dossier_fact_source;

-- Keeping it: a trigger names the dossier it touched in dossier_fact_due,
-- and the one trigger on that table brings the dossier's row up to date —
-- written only when a fact differs, so the version below moves only then.
CREATE TABLE dossier_fact_due (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);

CREATE FUNCTION dossier_fact_refresh() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO dossier_fact (id, code, received_at, competent_unit_id, channel, due_at, finished_at, ended_at, supplements,
                              paused_since, apologized, e_result, digitized, reused, rated, satisfied, fee_paid, paid_online,
                              any_location)
    SELECT * FROM dossier_fact_source WHERE id = NEW.id
    ON CONFLICT (id) DO UPDATE SET
        code = excluded.code,
        received_at = excluded.received_at,
        competent_unit_id = excluded.competent_unit_id,
        channel = excluded.channel,
        due_at = excluded.due_at,
        finished_at = excluded.finished_at,
        ended_at = excluded.ended_at,
        supplements = excluded.supplements,
        paused_since = excluded.paused_since,
        apologized = excluded.apologized,
        e_result = excluded.e_result,
        digitized = excluded.digitized,
        reused = excluded.reused,
        rated = excluded.rated,
        satisfied = excluded.satisfied,
        fee_paid = excluded.fee_paid,
        paid_online = excluded.paid_online,
        any_location = excluded.any_location
    WHERE (dossier_fact.code, dossier_fact.received_at, dossier_fact.competent_unit_id, dossier_fact.channel,
           dossier_fact.due_at, dossier_fact.finished_at, dossier_fact.ended_at, dossier_fact.supplements,
           dossier_fact.paused_since, dossier_fact.apologized, dossier_fact.e_result, dossier_fact.digitized,
           dossier_fact.reused, dossier_fact.rated, dossier_fact.satisfied, dossier_fact.fee_paid,
           dossier_fact.paid_online, dossier_fact.any_location)
       IS DISTINCT FROM (excluded.code, excluded.received_at, excluded.competent_unit_id, excluded.channel,
               excluded.due_at, excluded.finished_at, excluded.ended_at, excluded.supplements, excluded.paused_since,
               excluded.apologized, excluded.e_result, excluded.digitized, excluded.reused, excluded.rated,
               excluded.satisfied, excluded.fee_paid, excluded.paid_online, excluded.any_location);
    DELETE FROM dossier_fact_due WHERE id = NEW.id;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER dossier_fact_refresh AFTER INSERT ON dossier_fact_due
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_refresh();

-- INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.id), for the triggers on dossier.
CREATE FUNCTION dossier_fact_due_dossier() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO dossier_fact_due VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$fn$;

-- INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id), or
-- OLD.dossier_id after a DELETE, for the triggers on a dossier's parts.
CREATE FUNCTION dossier_fact_due_part() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO dossier_fact_due VALUES (OLD.dossier_id) ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO dossier_fact_due VALUES (NEW.dossier_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$fn$;

-- The columns of a dossier that a fact is made of; other changes (flags,
-- assignments, versions) write nothing here.
CREATE TRIGGER dossier_fact_dossier_insert AFTER INSERT ON dossier
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_dossier();
CREATE TRIGGER dossier_fact_dossier_update
AFTER UPDATE OF code, received_at, competent_unit_id, receiving_unit_id, channel, due_at, finished_at,
                returned_at, ended_at, end_kind, result_electronic, result_file, fee_amount,
                fee_exempt_reason ON dossier
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_dossier();

CREATE FUNCTION dossier_fact_dossier_delete() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM dossier_fact WHERE id = OLD.id;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER dossier_fact_dossier_delete AFTER DELETE ON dossier
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_dossier_delete();

CREATE TRIGGER dossier_fact_event_insert AFTER INSERT ON dossier_event
    FOR EACH ROW WHEN (NEW.action = 'request_supplement') EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_pause_insert AFTER INSERT ON dossier_pause
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_pause_update AFTER UPDATE ON dossier_pause
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();

CREATE TRIGGER dossier_fact_apology_insert AFTER INSERT ON dossier_apology
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_apology_update AFTER UPDATE ON dossier_apology
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();

CREATE TRIGGER dossier_fact_document_insert AFTER INSERT ON dossier_document
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_document_update AFTER UPDATE ON dossier_document
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_document_delete AFTER DELETE ON dossier_document
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();

CREATE TRIGGER dossier_fact_rating_insert AFTER INSERT ON dossier_rating
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_rating_update AFTER UPDATE ON dossier_rating
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_rating_delete AFTER DELETE ON dossier_rating
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();

CREATE TRIGGER dossier_fact_payment_insert AFTER INSERT ON dossier_payment
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_payment_update AFTER UPDATE ON dossier_payment
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();
CREATE TRIGGER dossier_fact_payment_delete AFTER DELETE ON dossier_payment
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_due_part();

-- A unit moved under another commune (or changing kind) changes which
-- dossiers were received "at another commune": those of the unit and of the
-- two levels beneath it.
CREATE FUNCTION dossier_fact_unit_update() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO dossier_fact_due
    SELECT d.id FROM dossier d
    JOIN unit u ON u.id IN (d.receiving_unit_id, d.competent_unit_id)
    LEFT JOIN unit p ON p.id = u.parent_id
    WHERE u.id = NEW.id OR p.id = NEW.id OR p.parent_id = NEW.id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER dossier_fact_unit_update AFTER UPDATE OF parent_id, kind ON unit
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_unit_update();

-- A number that changes with every kept fact and every entered part of the
-- index, so a report kept in memory knows it is still the truth.
CREATE TABLE dossier_fact_stamp (
    id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO dossier_fact_stamp VALUES (1, 0);

CREATE FUNCTION dossier_fact_stamp_bump() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE dossier_fact_stamp SET version = version + 1;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER dossier_fact_stamp_fact AFTER INSERT ON dossier_fact
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_stamp_bump();
CREATE TRIGGER dossier_fact_stamp_fact_update AFTER UPDATE ON dossier_fact
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_stamp_bump();
CREATE TRIGGER dossier_fact_stamp_fact_delete AFTER DELETE ON dossier_fact
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_stamp_bump();
CREATE TRIGGER dossier_fact_stamp_input_insert AFTER INSERT ON service_index_input
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_stamp_bump();
CREATE TRIGGER dossier_fact_stamp_input_update AFTER UPDATE ON service_index_input
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_stamp_bump();
CREATE TRIGGER dossier_fact_stamp_setting_insert AFTER INSERT ON service_index_setting
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_stamp_bump();
CREATE TRIGGER dossier_fact_stamp_setting_update AFTER UPDATE ON service_index_setting
    FOR EACH ROW EXECUTE FUNCTION dossier_fact_stamp_bump();
