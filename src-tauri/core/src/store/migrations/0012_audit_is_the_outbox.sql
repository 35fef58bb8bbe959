-- 0012: the audit is the outbox. Every record written here already has its
-- audit row, in the same transaction (`create`, `update` or `delete`, with
-- its table and id: `Tx::put`, `Tx::delete`), so the next bundle takes the
-- records named by the audit rows after `outbox_mark`, the last audit row
-- when the last bundle was closed. Noting each record in a table of its own
-- as well, keyed by (table, id), put every new record in the middle of that
-- tree: a session's nine marks split and rewrote three or four of its pages
-- in every commit, each page encrypted and written to the log.
--
-- Audit rows are never removed (they are a hash chain), which this relies
-- on. What waited in `outbox` before this version still goes with the next
-- bundle; nothing is noted there any more.
INSERT INTO setting (key, value)
    SELECT 'outbox_mark', CAST(coalesce(max(seq), 0) AS TEXT) FROM audit WHERE true
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
