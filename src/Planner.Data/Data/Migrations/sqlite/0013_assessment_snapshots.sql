-- Frozen monthly assessments (see the PostgreSQL script).
CREATE TABLE assessment_snapshots (
    month           TEXT PRIMARY KEY CHECK (length(month) = 7),
    formula_version TEXT NOT NULL,
    frozen_at       TEXT NOT NULL,
    frozen_by       TEXT NOT NULL,
    result          TEXT NOT NULL
);
CREATE TRIGGER assessment_snapshots_no_update BEFORE UPDATE ON assessment_snapshots
BEGIN
    SELECT RAISE(ABORT, 'assessment_snapshots are written once: UPDATE refused');
END;
CREATE TRIGGER assessment_snapshots_no_delete BEFORE DELETE ON assessment_snapshots
BEGIN
    SELECT RAISE(ABORT, 'assessment_snapshots are written once: DELETE refused');
END;
