-- A site's geometry as the map draws it, made where the geometry is: simplified to the view's pixel (topology kept,
-- so polygons stay valid; small shapes as they are), exterior rings counter-clockwise (RFC 7946), as many decimals as the view can show,
-- no "crs" member, as UTF-8 bytes that the app copies into its answer unchanged. The same rule as the app's own on
-- SQLite (GeoJsonFeatures.Simplify); a SQL function, so the planner inlines it.
CREATE FUNCTION planner_map_geojson(g geometry, tolerance double precision, decimals integer) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT convert_to(ST_AsGeoJSON(ST_ForcePolygonCCW(CASE WHEN tolerance > 0 AND ST_NPoints(g) >= 8 THEN ST_SimplifyPreserveTopology(g, tolerance) ELSE g END), decimals, 0), 'UTF8') $$;
