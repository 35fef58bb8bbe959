-- 0008: programmes made in the programme editor travel to the team as
-- records holding their curriculum file; each laptop checks the file and
-- keeps it in its own curricula folder. The id follows from the programme's.

CREATE TABLE programme_file (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL DEFAULT 0, fv TEXT CHECK (fv IS NULL OR json_valid(fv)),
    programme_id TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(text) <= 1048576)
) STRICT;
