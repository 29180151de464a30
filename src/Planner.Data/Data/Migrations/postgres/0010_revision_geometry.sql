-- A revision's snapshots keep the site's geometry as geometry, beside the Feature's properties: an import copies the
-- bytes it writes into sites.geom instead of writing every outline again as GeoJSON text (docs/benchmarks.md).
-- Older rows keep the geometry inside their JSON, where SiteSnapshot reads it; the table is append-only.
ALTER TABLE site_revisions ADD COLUMN before_geom geometry(Geometry, 4490);
ALTER TABLE site_revisions ADD COLUMN after_geom geometry(Geometry, 4490);
DO $$
BEGIN
    ALTER TABLE site_revisions ALTER COLUMN before_geom SET COMPRESSION lz4;
    ALTER TABLE site_revisions ALTER COLUMN after_geom SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available: revision geometry stays pglz-compressed';
END
$$;
