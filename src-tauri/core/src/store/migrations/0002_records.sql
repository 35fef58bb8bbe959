-- 0002: the records a trainer keeps, sync-ready.
--
-- Every record table has the same four leading columns:
--   id      UUIDv7, text
--   hlc     hybrid-logical-clock stamp of the last change (16 hex digits)
--   device  the device that wrote that change
--   deleted 1 for a tombstone: records are never removed, only marked
-- Every change is also written, field by field, to `change`, and every
-- write is audited in `audit`, in the same transaction.

CREATE TABLE organisation (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE trainer (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    organisation_id TEXT NOT NULL REFERENCES organisation(id),
    name TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL
) STRICT;

CREATE TABLE school (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    town TEXT NOT NULL,
    school_type TEXT NOT NULL,
    contact_name TEXT,
    contact_role TEXT
) STRICT;

CREATE TABLE participant (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    school_id TEXT REFERENCES school(id),
    class_name TEXT
) STRICT;
CREATE INDEX participant_name ON participant (family_name COLLATE NOCASE, given_name COLLATE NOCASE);
CREATE INDEX participant_given ON participant (given_name COLLATE NOCASE);

CREATE TABLE guardian (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    participant_id TEXT NOT NULL REFERENCES participant(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone TEXT,
    email TEXT
) STRICT;
CREATE INDEX guardian_participant ON guardian (participant_id);

CREATE TABLE run (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    programme_id TEXT NOT NULL REFERENCES programme(id),
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    region TEXT,
    location TEXT NOT NULL,
    school_id TEXT REFERENCES school(id),
    variant TEXT
) STRICT;

CREATE TABLE run_trainer (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    run_id TEXT NOT NULL REFERENCES run(id),
    trainer_id TEXT NOT NULL REFERENCES trainer(id)
) STRICT;
CREATE INDEX run_trainer_run ON run_trainer (run_id);

CREATE TABLE run_holiday (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    run_id TEXT NOT NULL REFERENCES run(id),
    date TEXT NOT NULL,
    reason TEXT NOT NULL
) STRICT;
CREATE INDEX run_holiday_run ON run_holiday (run_id);

CREATE TABLE enrolment (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    run_id TEXT NOT NULL REFERENCES run(id),
    participant_id TEXT NOT NULL REFERENCES participant(id),
    referral_by TEXT NOT NULL,
    referral_date TEXT NOT NULL,
    indication_number TEXT,
    indication_issuer TEXT,
    indication_from TEXT,
    indication_until TEXT,
    status TEXT NOT NULL,
    status_reason TEXT,
    outcome TEXT
) STRICT;
CREATE INDEX enrolment_run ON enrolment (run_id);
CREATE INDEX enrolment_participant ON enrolment (participant_id);

CREATE TABLE consent (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    enrolment_id TEXT NOT NULL REFERENCES enrolment(id),
    given_by TEXT NOT NULL,
    audience TEXT NOT NULL,
    scope TEXT NOT NULL,
    given_on TEXT NOT NULL,
    withdrawn_on TEXT
) STRICT;
CREATE INDEX consent_enrolment ON consent (enrolment_id);

CREATE TABLE session (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    run_id TEXT NOT NULL REFERENCES run(id),
    track TEXT NOT NULL,
    number INTEGER NOT NULL,
    date TEXT NOT NULL,
    start_time TEXT,
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    status TEXT NOT NULL,
    cancel_reason TEXT
) STRICT;
CREATE INDEX session_run ON session (run_id, date);
CREATE INDEX session_date ON session (date);

CREATE TABLE attendance (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    session_id TEXT NOT NULL REFERENCES session(id),
    enrolment_id TEXT NOT NULL REFERENCES enrolment(id),
    person TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT
) STRICT;
CREATE INDEX attendance_session ON attendance (session_id);
CREATE INDEX attendance_enrolment ON attendance (enrolment_id);

CREATE TABLE contact (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    enrolment_id TEXT REFERENCES enrolment(id),
    run_id TEXT NOT NULL REFERENCES run(id),
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    people TEXT NOT NULL,
    summary TEXT NOT NULL,
    audience TEXT NOT NULL
) STRICT;
CREATE INDEX contact_enrolment ON contact (enrolment_id);
CREATE INDEX contact_run ON contact (run_id);

CREATE TABLE goal (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    enrolment_id TEXT NOT NULL REFERENCES enrolment(id),
    title TEXT NOT NULL,
    level_minus2 TEXT NOT NULL,
    level_minus1 TEXT NOT NULL,
    level_0 TEXT NOT NULL,
    level_plus1 TEXT NOT NULL,
    level_plus2 TEXT NOT NULL,
    weight INTEGER NOT NULL,
    set_on TEXT NOT NULL
) STRICT;
CREATE INDEX goal_enrolment ON goal (enrolment_id);

CREATE TABLE goal_score (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    goal_id TEXT NOT NULL REFERENCES goal(id),
    date TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN -2 AND 2),
    note TEXT
) STRICT;
CREATE INDEX goal_score_goal ON goal_score (goal_id);

CREATE TABLE measurement (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    enrolment_id TEXT NOT NULL REFERENCES enrolment(id),
    instrument TEXT NOT NULL,
    phase TEXT NOT NULL,
    date TEXT NOT NULL,
    score REAL NOT NULL
) STRICT;
CREATE INDEX measurement_enrolment ON measurement (enrolment_id);

CREATE TABLE observation (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    enrolment_id TEXT NOT NULL REFERENCES enrolment(id),
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    audience TEXT NOT NULL
) STRICT;
CREATE INDEX observation_enrolment ON observation (enrolment_id);

CREATE TABLE tip (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    enrolment_id TEXT NOT NULL REFERENCES enrolment(id),
    source TEXT,
    text TEXT NOT NULL,
    audience TEXT NOT NULL
) STRICT;
CREATE INDEX tip_enrolment ON tip (enrolment_id);

-- Every changed field, ready for the sync bundles: last writer wins per field.
CREATE TABLE change (
    seq INTEGER PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL CHECK (json_valid(value)),
    hlc TEXT NOT NULL,
    device TEXT NOT NULL
) STRICT;
CREATE INDEX change_record ON change (record_id, field);
CREATE INDEX change_hlc ON change (hlc);

-- Who did what, when, on which record (NEN 7513's fields). Local to this device.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    device TEXT NOT NULL,
    action TEXT NOT NULL,
    record_table TEXT,
    record_id TEXT,
    detail TEXT
) STRICT;
