-- The field's progress reports (进度填报), waiting for a planner's review, and the photos that document them (see the
-- PostgreSQL script).
CREATE TABLE progress_reports (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id          INTEGER NOT NULL REFERENCES sites (id),
    client_id        TEXT NOT NULL,
    reported_by      TEXT NOT NULL,
    reporter_name    TEXT NOT NULL,
    reported_at      INTEGER NOT NULL,
    percent          INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    proposed_status  TEXT,
    actual_date      TEXT,
    note             TEXT,
    state            TEXT NOT NULL,
    reviewed_by      TEXT,
    reviewed_at      INTEGER,
    return_reason    TEXT,
    version          INTEGER NOT NULL
);
CREATE UNIQUE INDEX progress_reports_client_id ON progress_reports (client_id);
CREATE INDEX progress_reports_site_reported ON progress_reports (site_id, reported_at);
CREATE INDEX progress_reports_state ON progress_reports (state);

CREATE TABLE evidence_photos (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id          INTEGER REFERENCES progress_reports (id),
    file_name          TEXT,
    content_type       TEXT NOT NULL,
    original           BLOB NOT NULL,
    display            BLOB NOT NULL,
    thumbnail          BLOB NOT NULL,
    sha256             TEXT NOT NULL,
    width              INTEGER NOT NULL,
    height             INTEGER NOT NULL,
    taken_at           INTEGER,
    lon                REAL,
    lat                REAL,
    uploaded_at        INTEGER NOT NULL,
    uploaded_by        TEXT NOT NULL,
    distance_metres    REAL,
    too_far            INTEGER NOT NULL,
    taken_before_step  INTEGER NOT NULL,
    duplicate_of       INTEGER
);
CREATE INDEX evidence_photos_sha256 ON evidence_photos (sha256);
CREATE INDEX evidence_photos_report_id ON evidence_photos (report_id);

-- Inspectors (监督员) report problems and verify handled ones.
INSERT INTO roles (id, name, normalized_name, concurrency_stamp) VALUES ('inspector', 'Inspector', 'INSPECTOR', 'inspector');
