-- 0005: privacy over a dossier's whole life.
--
-- Goals and measurements get an audience like every other free text
-- (trainers only, as before: nothing reaches a school that did not before).
ALTER TABLE goal ADD COLUMN audience TEXT NOT NULL DEFAULT 'trainers';
ALTER TABLE measurement ADD COLUMN audience TEXT NOT NULL DEFAULT 'trainers';

-- Whether a parent or carer has parental authority (gezag): only they
-- consent for a child.
ALTER TABLE guardian ADD COLUMN authority INTEGER NOT NULL DEFAULT 1 CHECK (authority IN (0, 1));

-- Consent is given by one person: the child or young person, or one parent.
ALTER TABLE consent ADD COLUMN giver TEXT NOT NULL DEFAULT 'guardian';
ALTER TABLE consent ADD COLUMN guardian_id TEXT REFERENCES guardian(id);
-- A consent "given by" a recorded parent names that parent; one given by the
-- child ("Jamal zelf") is the child's. Every laptop of a team makes the same
-- choice from the same records. The rest stays a parent's consent whose
-- parent is not on file.
UPDATE consent SET guardian_id = (
    SELECT g.id FROM guardian g JOIN enrolment e ON e.participant_id = g.participant_id
    WHERE e.id = consent.enrolment_id AND g.deleted = 0
      AND instr(lower(consent.given_by), lower(g.name)) > 0
    ORDER BY g.id LIMIT 1);
UPDATE consent SET giver = 'child' WHERE guardian_id IS NULL AND (
    lower(given_by) LIKE '%zelf%' OR lower(given_by) LIKE '%self%' OR EXISTS (
        SELECT 1 FROM participant p JOIN enrolment e ON e.participant_id = p.id
        WHERE e.id = consent.enrolment_id AND instr(lower(consent.given_by), lower(p.given_name)) > 0));

-- How long the organisation keeps a dossier after its last change (NULL:
-- the Jeugdwet's 20 years). Travels with the organisation's record.
ALTER TABLE organisation ADD COLUMN retention_years INTEGER CHECK (retention_years IS NULL OR retention_years BETWEEN 1 AND 100);

-- An erased dossier (a participant with everything that hung from it), on
-- request or because its retention ended. Travels to every laptop, which
-- erases the same dossier. No reference to the participant: it is gone.
CREATE TABLE erasure (
    id TEXT PRIMARY KEY, hlc TEXT NOT NULL, device TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL DEFAULT 0, fv TEXT CHECK (fv IS NULL OR json_valid(fv)),
    participant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_on TEXT,
    erased_on TEXT NOT NULL,
    erased_by TEXT NOT NULL
) STRICT;

-- The content-free tombstones of an erasure: every record id of the erased
-- dossier. Nothing with one of these ids, or pointing to one, comes back
-- (from a bundle, an old export or an older backup).
CREATE TABLE purged (
    record_id    TEXT PRIMARY KEY,
    record_table TEXT NOT NULL,
    erasure_id   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The audit (NEN 7513): reads of a dossier name it (the participant), and
-- every row carries the SHA-256 of the row before it and itself, so an edited
-- or removed row is found (`ineen audit verify`).
ALTER TABLE audit ADD COLUMN dossier TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE INDEX audit_dossier ON audit (dossier) WHERE dossier IS NOT NULL;
CREATE INDEX audit_record ON audit (record_id) WHERE record_id IS NOT NULL;
