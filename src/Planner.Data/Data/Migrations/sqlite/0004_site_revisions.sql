-- Audit history of every change to a site, with snapshots before and after. Append-only, like progress_records.
CREATE TABLE site_revisions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id          INTEGER NOT NULL REFERENCES sites (id),
    version          INTEGER NOT NULL,
    at               INTEGER NOT NULL,
    by_user          TEXT NOT NULL,
    action           TEXT NOT NULL,
    summary          TEXT,
    before           TEXT,
    after            TEXT,
    related_site_id  INTEGER REFERENCES sites (id)
);
CREATE INDEX site_revisions_site_version ON site_revisions (site_id, version);
CREATE TRIGGER site_revisions_no_update BEFORE UPDATE ON site_revisions
BEGIN
    SELECT RAISE(ABORT, 'site_revisions is append-only: UPDATE refused');
END;
CREATE TRIGGER site_revisions_no_delete BEFORE DELETE ON site_revisions
BEGIN
    SELECT RAISE(ABORT, 'site_revisions is append-only: DELETE refused');
END;
