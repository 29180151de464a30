-- Large geometries (a district's boundary, an imported province) are TOASTed: lz4 compresses them several
-- times faster than the default pglz, which an import of a million vertices notices. Servers built
-- without lz4 keep pglz.
DO $$
BEGIN
    ALTER TABLE sites ALTER COLUMN geom SET COMPRESSION lz4;
    ALTER TABLE townships ALTER COLUMN boundary SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available: geometry stays pglz-compressed';
END
$$;
