-- 0006: the coordinator's desk. A final end report records when, how and to
-- whom it was sent (fields of the report's record, so they travel and merge
-- like any other field, and go with the dossier when it is erased). Runs are
-- looked up by their start for the overview of a school year.

ALTER TABLE end_report ADD COLUMN sent_on TEXT;
ALTER TABLE end_report ADD COLUMN sent_how TEXT;
ALTER TABLE end_report ADD COLUMN sent_to TEXT;
CREATE INDEX run_start ON run (start_date);
