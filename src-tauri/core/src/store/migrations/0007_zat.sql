-- 0007: meetings of a school's care and advice team (ZAT) a trainer took
-- part in, per school. A record like any other: it syncs, merges per field
-- and is exported. It names no child (what concerns a child is a contact in
-- the child's dossier).

CREATE TABLE zat_meeting (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL DEFAULT 0, fv TEXT CHECK (fv IS NULL OR json_valid(fv)),
    school_id TEXT NOT NULL REFERENCES school(id),
    date TEXT NOT NULL,
    people TEXT NOT NULL,
    discussed INTEGER NOT NULL CHECK (discussed BETWEEN 0 AND 200),
    notes TEXT NOT NULL,
    audience TEXT NOT NULL
) STRICT;
CREATE INDEX zat_meeting_date ON zat_meeting (date, deleted, school_id);
