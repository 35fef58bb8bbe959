-- 0001: programmes (from the curriculum files) and device settings.
-- Shipped migrations are never edited: add a new file instead.

-- One row per programme ever loaded. `definition` is the validated
-- programme as JSON; `active` is 0 when its file has gone, so that records
-- that refer to it keep their meaning.
CREATE TABLE programme (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('builtin', 'user')),
    definition  TEXT NOT NULL CHECK (json_valid(definition)),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- Settings of this device (language, ...). Not synchronised.
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
