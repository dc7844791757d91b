-- 0019: dossier_fact becomes a table kept by triggers in the same transaction
-- as every change to a dossier or to what it counts for (its papers, events,
-- pauses, apologies, rating, payments). Reading a province's month no longer
-- recomputes each dossier's facts from six tables: it is an index range scan.
--
-- The definition stays in one place, the view dossier_fact_source (what 0016
-- called dossier_fact); the triggers copy one dossier's row of it, and the
-- table derives the integer instants and the flags from what it stores.

DROP VIEW dossier_fact;

CREATE VIEW dossier_fact_source AS
SELECT d.id, d.code, d.received_at, d.competent_unit_id, d.channel, d.due_at, d.finished_at,
       -- The end is the first of finished, returned, and stopped/refused/withdrawn.
       (SELECT MIN(t) FROM (SELECT d.finished_at AS t UNION ALL SELECT d.returned_at
                            UNION ALL SELECT CASE WHEN d.end_kind IN ('refused', 'withdrawn', 'stopped')
                                                  THEN d.ended_at END)) AS ended_at,
       (SELECT COUNT(*) FROM dossier_event e
         WHERE e.dossier_id = d.id AND e.action = 'request_supplement') AS supplements,
       (SELECT MIN(p.started_at) FROM dossier_pause p
         WHERE p.dossier_id = d.id AND p.ended_at IS NULL) AS paused_since,
       EXISTS (SELECT 1 FROM dossier_apology a
                WHERE a.dossier_id = d.id AND a.approved_at IS NOT NULL) AS apologized,
       d.finished_at IS NOT NULL AND d.result_electronic = 1 AS e_result,
       -- Digitized: it has papers, each with its file (or taken from data
       -- already held), and once finished its result as a file too.
       EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id)
         AND NOT EXISTS (SELECT 1 FROM dossier_document x
                          WHERE x.dossier_id = d.id AND x.state <> 'reused' AND x.file IS NULL)
         AND (d.finished_at IS NULL OR d.result_file IS NOT NULL) AS digitized,
       EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id AND x.state = 'reused') AS reused,
       r.overall IS NOT NULL AS rated,
       COALESCE(r.overall IN ('very_satisfied', 'satisfied'), 0) AS satisfied,
       -- Fees: a dossier that owed one and paid it; online when through the
       -- national portal (flag 1) or the province's gateway (flag 2).
       d.fee_amount > 0 AND d.fee_exempt_reason IS NULL
         AND EXISTS (SELECT 1 FROM dossier_payment m WHERE m.dossier_id = d.id) AS fee_paid,
       d.fee_amount > 0 AND d.fee_exempt_reason IS NULL
         AND EXISTS (SELECT 1 FROM dossier_payment m WHERE m.dossier_id = d.id AND m.gateway IN (1, 2)) AS paid_online,
       -- Phi địa giới: received at another commune than the competent one.
       (SELECT commune_id FROM unit_commune WHERE unit_id = d.receiving_unit_id)
         IS NOT (SELECT commune_id FROM unit_commune WHERE unit_id = d.competent_unit_id) AS any_location
FROM dossier d
LEFT JOIN dossier_rating r ON r.dossier_id = d.id;

CREATE TABLE dossier_fact (
    id                INTEGER PRIMARY KEY,   -- the dossier's id
    code              TEXT NOT NULL,
    received_at       TEXT,
    competent_unit_id INTEGER NOT NULL,
    channel           INTEGER NOT NULL,
    due_at            TEXT,
    finished_at       TEXT,
    ended_at          TEXT,
    supplements       INTEGER NOT NULL,
    paused_since      TEXT,
    apologized        INTEGER NOT NULL,
    e_result          INTEGER NOT NULL,
    digitized         INTEGER NOT NULL,
    reused            INTEGER NOT NULL,
    rated             INTEGER NOT NULL,
    satisfied         INTEGER NOT NULL,
    fee_paid          INTEGER NOT NULL,
    paid_online       INTEGER NOT NULL,
    any_location      INTEGER NOT NULL,
    -- Instants as milliseconds since 1970 (the text is UTC ISO 8601 with
    -- milliseconds), so a report compares integers from an index; and the
    -- yes/no facts in one integer (bit order: report/internal.h FACT_*).
    -- Computed here from the stored row, once, not by the view.
    received_ms INTEGER GENERATED ALWAYS AS
        (unixepoch(received_at) * 1000 + CAST(substr(received_at, 21, 3) AS INTEGER)) STORED,
    due_ms      INTEGER GENERATED ALWAYS AS
        (unixepoch(due_at) * 1000 + CAST(substr(due_at, 21, 3) AS INTEGER)) STORED,
    ended_ms    INTEGER GENERATED ALWAYS AS
        (unixepoch(ended_at) * 1000 + CAST(substr(ended_at, 21, 3) AS INTEGER)) STORED,
    paused_ms   INTEGER GENERATED ALWAYS AS
        (unixepoch(paused_since) * 1000 + CAST(substr(paused_since, 21, 3) AS INTEGER)) STORED,
    flags       INTEGER GENERATED ALWAYS AS
        ((finished_at IS NOT NULL) | (e_result << 1) | (digitized << 2) | (reused << 3) | (rated << 4)
         | (satisfied << 5) | (fee_paid << 6) | (paid_online << 7) | (apologized << 8)
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
CREATE TABLE dossier_fact_due (id INTEGER PRIMARY KEY);
CREATE TRIGGER dossier_fact_refresh AFTER INSERT ON dossier_fact_due BEGIN
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
       IS NOT (excluded.code, excluded.received_at, excluded.competent_unit_id, excluded.channel, excluded.due_at,
               excluded.finished_at, excluded.ended_at, excluded.supplements, excluded.paused_since,
               excluded.apologized, excluded.e_result, excluded.digitized, excluded.reused, excluded.rated,
               excluded.satisfied, excluded.fee_paid, excluded.paid_online, excluded.any_location);
    DELETE FROM dossier_fact_due WHERE id = NEW.id;
END;

-- The columns of a dossier that a fact is made of; other changes (flags,
-- assignments, versions) write nothing here.
CREATE TRIGGER dossier_fact_dossier_insert AFTER INSERT ON dossier BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.id);
END;
CREATE TRIGGER dossier_fact_dossier_update
AFTER UPDATE OF code, received_at, competent_unit_id, receiving_unit_id, channel, due_at, finished_at,
                returned_at, ended_at, end_kind, result_electronic, result_file, fee_amount,
                fee_exempt_reason ON dossier BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.id);
END;
CREATE TRIGGER dossier_fact_dossier_delete AFTER DELETE ON dossier BEGIN
    DELETE FROM dossier_fact WHERE id = OLD.id;
END;

CREATE TRIGGER dossier_fact_event_insert AFTER INSERT ON dossier_event
WHEN NEW.action = 'request_supplement' BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_pause_insert AFTER INSERT ON dossier_pause BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_pause_update AFTER UPDATE ON dossier_pause BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;

CREATE TRIGGER dossier_fact_apology_insert AFTER INSERT ON dossier_apology BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_apology_update AFTER UPDATE ON dossier_apology BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;

CREATE TRIGGER dossier_fact_document_insert AFTER INSERT ON dossier_document BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_document_update AFTER UPDATE ON dossier_document BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_document_delete AFTER DELETE ON dossier_document BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (OLD.dossier_id);
END;

CREATE TRIGGER dossier_fact_rating_insert AFTER INSERT ON dossier_rating BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_rating_update AFTER UPDATE ON dossier_rating BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_rating_delete AFTER DELETE ON dossier_rating BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (OLD.dossier_id);
END;

CREATE TRIGGER dossier_fact_payment_insert AFTER INSERT ON dossier_payment BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_payment_update AFTER UPDATE ON dossier_payment BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (NEW.dossier_id);
END;
CREATE TRIGGER dossier_fact_payment_delete AFTER DELETE ON dossier_payment BEGIN
    INSERT OR IGNORE INTO dossier_fact_due VALUES (OLD.dossier_id);
END;

-- A unit moved under another commune (or changing kind) changes which
-- dossiers were received "at another commune": those of the unit and of the
-- two levels beneath it.
CREATE TRIGGER dossier_fact_unit_update AFTER UPDATE OF parent_id, kind ON unit BEGIN
    INSERT OR IGNORE INTO dossier_fact_due
    SELECT d.id FROM dossier d
    JOIN unit u ON u.id IN (d.receiving_unit_id, d.competent_unit_id)
    LEFT JOIN unit p ON p.id = u.parent_id
    WHERE u.id = NEW.id OR p.id = NEW.id OR p.parent_id = NEW.id;
END;

-- A number that changes with every kept fact and every entered part of the
-- index, so a report kept in memory knows it is still the truth.
CREATE TABLE dossier_fact_stamp (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO dossier_fact_stamp VALUES (1, 0);
CREATE TRIGGER dossier_fact_stamp_fact AFTER INSERT ON dossier_fact BEGIN
    UPDATE dossier_fact_stamp SET version = version + 1;
END;
CREATE TRIGGER dossier_fact_stamp_fact_update AFTER UPDATE ON dossier_fact BEGIN
    UPDATE dossier_fact_stamp SET version = version + 1;
END;
CREATE TRIGGER dossier_fact_stamp_fact_delete AFTER DELETE ON dossier_fact BEGIN
    UPDATE dossier_fact_stamp SET version = version + 1;
END;
CREATE TRIGGER dossier_fact_stamp_input_insert AFTER INSERT ON service_index_input BEGIN
    UPDATE dossier_fact_stamp SET version = version + 1;
END;
CREATE TRIGGER dossier_fact_stamp_input_update AFTER UPDATE ON service_index_input BEGIN
    UPDATE dossier_fact_stamp SET version = version + 1;
END;
CREATE TRIGGER dossier_fact_stamp_setting_insert AFTER INSERT ON service_index_setting BEGIN
    UPDATE dossier_fact_stamp SET version = version + 1;
END;
CREATE TRIGGER dossier_fact_stamp_setting_update AFTER UPDATE ON service_index_setting BEGIN
    UPDATE dossier_fact_stamp SET version = version + 1;
END;
