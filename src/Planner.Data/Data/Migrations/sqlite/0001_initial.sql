-- Planner schema v1 on SQLite. Geometry is EWKB (CGCS2000 lon/lat, SRID 4490) in BLOBs; the
-- min/max lon/lat columns and their index stand in for a spatial index.
CREATE TABLE townships (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE,
    boundary    BLOB NOT NULL,
    area_m2     REAL NOT NULL,
    min_lon     REAL NOT NULL,
    min_lat     REAL NOT NULL,
    max_lon     REAL NOT NULL,
    max_lat     REAL NOT NULL
);

CREATE TABLE sites (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    programme           TEXT NOT NULL CHECK (programme IN ('road', 'compound', 'fringe')),
    code                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL CHECK (trim(name) <> ''),
    township_id         INTEGER NOT NULL REFERENCES townships (id),
    township_assigned   INTEGER NOT NULL DEFAULT 0,
    community           TEXT,
    responsible_unit    TEXT,
    responsible_person  TEXT,
    responsible_phone   TEXT,
    lead_official       TEXT,
    planned_start       TEXT,
    planned_end         TEXT,
    actual_start        TEXT,
    actual_end          TEXT,
    budget              REAL,
    is_pilot            INTEGER NOT NULL DEFAULT 0,
    is_showcase         INTEGER NOT NULL DEFAULT 0,
    notes               TEXT,
    status              TEXT NOT NULL CHECK (status IN ('planning','approved','design','tender','construction','completed','accepted','suspended')),
    suspended_from      TEXT,
    progress            INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    geom                BLOB NOT NULL,
    area_m2             REAL,
    length_m            REAL NOT NULL,
    min_lon             REAL NOT NULL,
    min_lat             REAL NOT NULL,
    max_lon             REAL NOT NULL,
    max_lat             REAL NOT NULL,
    version             INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER,
    road_name           TEXT,
    road_from           TEXT,
    road_to             TEXT,
    road_width_m        REAL,
    road_grade          TEXT,
    build_year          INTEGER,
    buildings           INTEGER,
    households          INTEGER,
    floor_area_m2       REAL,
    has_property_management INTEGER,
    works_class         TEXT,
    villages            TEXT,
    households_to_relocate INTEGER,
    illegal_structure_area_m2 REAL,
    CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start)
);
CREATE INDEX sites_bbox ON sites (min_lon, min_lat, max_lon, max_lat);
CREATE INDEX sites_township_status ON sites (township_id, status);

CREATE TABLE progress_records (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id     INTEGER NOT NULL REFERENCES sites (id),
    at          INTEGER NOT NULL,
    by_user     TEXT NOT NULL,
    status      TEXT NOT NULL,
    percent     INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    note        TEXT
);
CREATE INDEX progress_records_site_at ON progress_records (site_id, at);

-- The progress history is evidence: nobody rewrites it.
CREATE TRIGGER progress_records_no_update BEFORE UPDATE ON progress_records
BEGIN
    SELECT RAISE(ABORT, 'progress_records is append-only: UPDATE refused');
END;
CREATE TRIGGER progress_records_no_delete BEFORE DELETE ON progress_records
BEGIN
    SELECT RAISE(ABORT, 'progress_records is append-only: DELETE refused');
END;

CREATE TABLE site_tasks (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id             INTEGER NOT NULL REFERENCES sites (id),
    measure             TEXT NOT NULL,
    deadline            TEXT NOT NULL,
    responsible_person  TEXT NOT NULL,
    done_on             TEXT
);
CREATE INDEX site_tasks_site_deadline ON site_tasks (site_id, deadline);
