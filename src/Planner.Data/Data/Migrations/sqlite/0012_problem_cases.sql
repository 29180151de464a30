-- Problem cases of refined urban management (see the PostgreSQL script).
CREATE TABLE problem_cases (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id               TEXT NOT NULL,
    category                TEXT NOT NULL,
    geom                    BLOB NOT NULL,
    township_id             INTEGER NOT NULL REFERENCES townships (id),
    site_id                 INTEGER REFERENCES sites (id),
    description             TEXT,
    reported_by             TEXT NOT NULL,
    reporter_name           TEXT NOT NULL,
    reported_at             INTEGER NOT NULL,
    state                   TEXT NOT NULL,
    step_started_at         INTEGER NOT NULL,
    deadline                INTEGER,
    dispatched_township_id  INTEGER,
    dispatched_unit         TEXT,
    handled_by              TEXT,
    rework_count            INTEGER NOT NULL,
    late_steps              INTEGER NOT NULL,
    closed_at               INTEGER,
    version                 INTEGER NOT NULL
);
CREATE UNIQUE INDEX problem_cases_client_id ON problem_cases (client_id);
CREATE INDEX problem_cases_state_category ON problem_cases (state, category);
CREATE INDEX problem_cases_township_id ON problem_cases (township_id);
CREATE INDEX problem_cases_site_id ON problem_cases (site_id);

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL REFERENCES problem_cases (id),
    at          INTEGER NOT NULL,
    by_user     TEXT NOT NULL,
    by_name     TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    note        TEXT,
    late        INTEGER NOT NULL
);
CREATE INDEX case_events_case_at ON case_events (case_id, at);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: UPDATE refused');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: DELETE refused');
END;

ALTER TABLE evidence_photos ADD COLUMN case_id INTEGER REFERENCES problem_cases (id);
ALTER TABLE evidence_photos ADD COLUMN stage TEXT;
CREATE INDEX evidence_photos_case_id ON evidence_photos (case_id);
