-- A revision's snapshots keep the site's geometry as geometry (EWKB, as sites.geom), beside the Feature's properties.
-- Older rows keep the geometry inside their JSON, where SiteSnapshot reads it; the table is append-only.
ALTER TABLE site_revisions ADD COLUMN before_geom BLOB;
ALTER TABLE site_revisions ADD COLUMN after_geom BLOB;
