-- The participants list opens on the children under way (referred, intake,
-- active: status_rank < 3), a few hundred among tens of thousands of lines.
-- Sorted by name the full-name index would be walked over every line to find
-- them; these partial indexes hold only the lines under way, one per sort, so
-- that the opening page is a walk of a short index. The list's query writes
-- `status_rank < 3` word for word, which is what lets SQLite pick them.
CREATE INDEX participant_line_name_under_way ON participant_line
    (family_name COLLATE NOCASE, given_name COLLATE NOCASE, participant_id) WHERE status_rank < 3;
CREATE INDEX participant_line_group_under_way ON participant_line
    (run_name IS NULL, run_name COLLATE NOCASE, family_name COLLATE NOCASE, given_name COLLATE NOCASE, participant_id)
    WHERE status_rank < 3;
CREATE INDEX participant_line_school_under_way ON participant_line
    (school IS NULL, school COLLATE NOCASE, family_name COLLATE NOCASE, given_name COLLATE NOCASE, participant_id)
    WHERE status_rank < 3;
