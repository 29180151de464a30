-- 督办 (see the PostgreSQL script).
CREATE TABLE supervision_orders (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id             INTEGER REFERENCES sites (id),
    case_id             INTEGER REFERENCES problem_cases (id),
    township_id         INTEGER NOT NULL REFERENCES townships (id),
    subject             TEXT NOT NULL,
    unit                TEXT NOT NULL,
    requirement         TEXT NOT NULL,
    issued_by           TEXT NOT NULL,
    issuer_name         TEXT NOT NULL,
    issued_at           INTEGER NOT NULL,
    first_deadline      INTEGER NOT NULL,
    deadline            INTEGER NOT NULL,
    state               TEXT NOT NULL,
    level               INTEGER NOT NULL,
    answer              TEXT,
    answered_by         TEXT,
    answered_at         INTEGER,
    first_answer_late   INTEGER,
    reopened            INTEGER NOT NULL,
    closed_at           INTEGER,
    version             INTEGER NOT NULL,
    CHECK ((site_id IS NULL) <> (case_id IS NULL))
);
CREATE INDEX supervision_orders_state_township_id ON supervision_orders (state, township_id);
CREATE INDEX supervision_orders_site_id ON supervision_orders (site_id);
CREATE INDEX supervision_orders_case_id ON supervision_orders (case_id);

CREATE TABLE supervision_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    supervision_id  INTEGER NOT NULL REFERENCES supervision_orders (id),
    at              INTEGER NOT NULL,
    by_user         TEXT NOT NULL,
    by_name         TEXT NOT NULL,
    action          TEXT NOT NULL,
    level           INTEGER NOT NULL,
    note            TEXT
);
CREATE INDEX supervision_events_supervision_id_at ON supervision_events (supervision_id, at);
CREATE TRIGGER supervision_events_no_update BEFORE UPDATE ON supervision_events
BEGIN
    SELECT RAISE(ABORT, 'supervision_events is append-only: UPDATE refused');
END;
CREATE TRIGGER supervision_events_no_delete BEFORE DELETE ON supervision_events
BEGIN
    SELECT RAISE(ABORT, 'supervision_events is append-only: DELETE refused');
END;

ALTER TABLE evidence_photos ADD COLUMN supervision_id INTEGER REFERENCES supervision_orders (id);
CREATE INDEX evidence_photos_supervision_id ON evidence_photos (supervision_id);
