-- 0003: final end reports. A final report is frozen: its content (the report
-- data as JSON) and a short hash of it are kept, and a correction makes a new
-- version. The PDF is kept as a file beside the database (verslagen/definitief/).

CREATE TABLE end_report (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    enrolment_id TEXT NOT NULL REFERENCES enrolment(id),
    audience TEXT NOT NULL,
    version INTEGER NOT NULL,
    content TEXT NOT NULL CHECK (json_valid(content)),
    content_hash TEXT NOT NULL,
    finalised_on TEXT NOT NULL,
    finalised_by TEXT NOT NULL
) STRICT;
CREATE INDEX end_report_enrolment ON end_report (enrolment_id);
