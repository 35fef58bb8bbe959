-- 0004: team sync. Per-field versions instead of a change log of values.
--
-- A version is (hlc, device, seq): the stamp of the change, the device that
-- made it and the number of the bundle of that device's log that carries it
-- (seq 0: made before this device was in a team). Each record row keeps one
-- base version in its (hlc, device, seq) columns and, in `fv`, the fields
-- whose version differs from it: {"field": "hlc device seq"}. `deleted` is a
-- field like the others.
--
-- The `change` table kept every value ever written, a second copy of the
-- store that sync does not need (bundles are made from the rows) and that
-- kept deleted text readable: it is dropped. Its latest stamp seeds the clock.

ALTER TABLE organisation ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisation ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE trainer ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trainer ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE school ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE school ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE participant ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE participant ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE guardian ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE guardian ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE run ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE run_trainer ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_trainer ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE run_holiday ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_holiday ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE enrolment ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enrolment ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE consent ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consent ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE session ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE attendance ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attendance ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE contact ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE goal ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE goal ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE goal_score ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE goal_score ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE measurement ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE measurement ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE observation ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE observation ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE tip ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tip ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));
ALTER TABLE end_report ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE end_report ADD COLUMN fv TEXT CHECK (fv IS NULL OR json_valid(fv));

INSERT INTO setting (key, value)
    SELECT 'clock', max(hlc) FROM change HAVING max(hlc) IS NOT NULL
    ON CONFLICT (key) DO NOTHING;
DROP TABLE change;

-- Records written here since the last bundle of this device's log.
CREATE TABLE outbox (
    record_table TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    PRIMARY KEY (record_table, record_id)
) STRICT, WITHOUT ROWID;

-- Records from before this version are this device's to share.
INSERT INTO outbox (record_table, record_id) SELECT 'organisation', id FROM organisation;
INSERT INTO outbox (record_table, record_id) SELECT 'trainer', id FROM trainer;
INSERT INTO outbox (record_table, record_id) SELECT 'school', id FROM school;
INSERT INTO outbox (record_table, record_id) SELECT 'participant', id FROM participant;
INSERT INTO outbox (record_table, record_id) SELECT 'guardian', id FROM guardian;
INSERT INTO outbox (record_table, record_id) SELECT 'run', id FROM run;
INSERT INTO outbox (record_table, record_id) SELECT 'run_trainer', id FROM run_trainer;
INSERT INTO outbox (record_table, record_id) SELECT 'run_holiday', id FROM run_holiday;
INSERT INTO outbox (record_table, record_id) SELECT 'enrolment', id FROM enrolment;
INSERT INTO outbox (record_table, record_id) SELECT 'consent', id FROM consent;
INSERT INTO outbox (record_table, record_id) SELECT 'session', id FROM session;
INSERT INTO outbox (record_table, record_id) SELECT 'attendance', id FROM attendance;
INSERT INTO outbox (record_table, record_id) SELECT 'contact', id FROM contact;
INSERT INTO outbox (record_table, record_id) SELECT 'goal', id FROM goal;
INSERT INTO outbox (record_table, record_id) SELECT 'goal_score', id FROM goal_score;
INSERT INTO outbox (record_table, record_id) SELECT 'measurement', id FROM measurement;
INSERT INTO outbox (record_table, record_id) SELECT 'observation', id FROM observation;
INSERT INTO outbox (record_table, record_id) SELECT 'tip', id FROM tip;
INSERT INTO outbox (record_table, record_id) SELECT 'end_report', id FROM end_report;

-- The version vector: for each device, the last bundle of its log that is
-- in this store (this device's own: the last bundle it closed).
CREATE TABLE peer (
    device  TEXT PRIMARY KEY,
    seq     INTEGER NOT NULL CHECK (seq >= 0)
) STRICT;

-- Open conflicts: a value of a field that lost to a concurrent change of the
-- same field. Its id is made from the field and the losing version, so every
-- device that sees the same conflict names it alike.
CREATE TABLE conflict (
    id           TEXT PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    value        TEXT NOT NULL CHECK (json_valid(value)),
    hlc          TEXT NOT NULL,
    device       TEXT NOT NULL,
    seq          INTEGER NOT NULL
) STRICT;
CREATE INDEX conflict_record ON conflict (record_id, field);

-- Bundles this device could not use, with the reason (kept, not applied).
CREATE TABLE set_aside (
    file    TEXT PRIMARY KEY,
    reason  TEXT NOT NULL,
    at      TEXT NOT NULL
) STRICT;

-- This device's log: each bundle it closed, as deflated JSON (before it is
-- sealed for the team), so it can be put into a sync folder at any time.
CREATE TABLE log (
    seq        INTEGER PRIMARY KEY,
    payload    BLOB NOT NULL,
    published  INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1))
) STRICT;
