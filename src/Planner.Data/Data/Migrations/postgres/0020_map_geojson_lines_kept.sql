-- ST_ForcePolygonCCW is ST_Reverse(ST_ForcePolygonCW(g)) in PostGIS 3: it reversed every road (a line has no ring to
-- orient, but ST_Reverse turns it end to start), and copied each geometry twice. Only a polygon whose rings are not
-- already as RFC 7946 wants them is turned now; simplification keeps the stored rings' orientation, so the stored geometry
-- is tested (a line is "counter-clockwise" to ST_IsPolygonCCW) and the simplified one is written once.
CREATE OR REPLACE FUNCTION planner_map_geojson(g geometry, tolerance double precision, decimals integer) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT convert_to(ST_AsGeoJSON(CASE
        WHEN ST_IsPolygonCCW(g) THEN CASE WHEN tolerance > 0 AND ST_NPoints(g) >= 8 THEN ST_SimplifyPreserveTopology(g, tolerance) ELSE g END
        ELSE ST_ForcePolygonCCW(CASE WHEN tolerance > 0 AND ST_NPoints(g) >= 8 THEN ST_SimplifyPreserveTopology(g, tolerance) ELSE g END)
        END, decimals, 0), 'UTF8') $$;
