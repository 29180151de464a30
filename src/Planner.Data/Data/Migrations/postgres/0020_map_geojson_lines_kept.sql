-- planner_map_geojson (0008) again, for two faults found by measuring it:
-- * ST_ForcePolygonCCW is ST_Reverse(ST_ForcePolygonCW(g)) in PostGIS 3: it wrote every road end to start (a line has
--   no ring to orient, but ST_Reverse turns it round) and copied each geometry twice. Only a polygon whose rings are not
--   already as RFC 7946 wants them is turned now. Simplification keeps the rings' orientation, so the stored geometry is
--   tested (ST_IsPolygonCCW is true for a line) and the simplified one is made once.
-- * convert_to is STABLE, so this IMMUTABLE function was never inlined: PostgreSQL ran it as a function call per row.
--   It now returns the text itself, which Npgsql reads as its UTF-8 bytes (the connection's encoding is always UTF-8),
--   so the app still copies the bytes into its answer unchanged; every function in the body is immutable and the
--   planner inlines it.
DROP FUNCTION planner_map_geojson(geometry, double precision, integer);
CREATE FUNCTION planner_map_geojson(g geometry, tolerance double precision, decimals integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ST_AsGeoJSON(CASE
        WHEN ST_IsPolygonCCW(g) THEN CASE WHEN tolerance > 0 AND ST_NPoints(g) >= 8 THEN ST_SimplifyPreserveTopology(g, tolerance) ELSE g END
        ELSE ST_ForcePolygonCCW(CASE WHEN tolerance > 0 AND ST_NPoints(g) >= 8 THEN ST_SimplifyPreserveTopology(g, tolerance) ELSE g END)
        END, decimals, 0) $$;
