-- 0009: the participants list reads every child's trajectories by child:
-- the index by participant now holds the columns that list reads, so
-- SQLite answers it from the index instead of decrypting every enrolment.

DROP INDEX enrolment_participant;
CREATE INDEX enrolment_participant ON enrolment (participant_id, deleted, run_id, status, id);
