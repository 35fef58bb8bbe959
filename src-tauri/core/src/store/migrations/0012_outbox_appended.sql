-- 0012: the outbox in the order records are written. Keyed by (table, id),
-- every new record landed in the middle of its tree: a session's nine marks
-- split and rewrote three or four of its pages in every commit, each page
-- encrypted and written to the log. Appended by rowid, a commit adds to one
-- page at the end. A record written again soon after is not noted twice
-- (the write path looks at the latest rows); one written twice far apart
-- may be, and a bundle takes it once.
CREATE TABLE outbox_appended (
    seq          INTEGER PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id    TEXT NOT NULL
) STRICT;

INSERT INTO outbox_appended (record_table, record_id)
    SELECT record_table, record_id FROM outbox ORDER BY record_id;

DROP TABLE outbox;
ALTER TABLE outbox_appended RENAME TO outbox;
