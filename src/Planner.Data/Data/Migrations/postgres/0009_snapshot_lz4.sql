-- Revision snapshots hold a site's whole geometry as GeoJSON text; an import writes one per site. lz4, as for the
-- geometry itself (0005), compresses them several times faster than pglz. Servers built without lz4 keep pglz.
DO $$
BEGIN
    ALTER TABLE site_revisions ALTER COLUMN before SET COMPRESSION lz4;
    ALTER TABLE site_revisions ALTER COLUMN after SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available: snapshots stay pglz-compressed';
END
$$;
