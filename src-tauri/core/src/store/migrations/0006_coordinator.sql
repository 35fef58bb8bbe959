-- 0006: the coordinator's desk. A final end report records when, how and to
-- whom it was sent (fields of the report's record, so they travel and merge
-- like any other field, and go with the dossier when it is erased).
--
-- The overview of a school year counts the marks, sessions and contacts of
-- about 200 groups: the indexes by session and by run now hold the columns
-- those counts read, so SQLite answers them from the index alone instead of
-- looking up (and decrypting) every row. They replace the narrower ones,
-- which they serve as well; runs are found by their start.

ALTER TABLE end_report ADD COLUMN sent_on TEXT;
ALTER TABLE end_report ADD COLUMN sent_how TEXT;
ALTER TABLE end_report ADD COLUMN sent_to TEXT;

CREATE INDEX run_start ON run (start_date);

DROP INDEX attendance_session;
CREATE INDEX attendance_session ON attendance (session_id, deleted, enrolment_id, person, status);

DROP INDEX session_run;
CREATE INDEX session_run ON session (run_id, date, deleted, track, status, id);

DROP INDEX contact_run;
CREATE INDEX contact_run ON contact (run_id, deleted, enrolment_id, kind, date);
