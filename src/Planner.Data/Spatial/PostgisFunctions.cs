namespace Planner.Spatial;

/// <summary>PostGIS functions of our own schema, for queries on PostgreSQL only (mapped in the model there).</summary>
public static class PostgisFunctions
{
    /// <summary>
    /// <c>planner_map_geojson(geom, tolerance, decimals)</c>: the geometry as the map draws it, as GeoJSON made by PostGIS, in
    /// UTF-8 — simplified to <paramref name="toleranceDegrees"/> (0: as stored), exterior rings counter-clockwise, lines as
    /// stored. The SQL function returns text (so that PostgreSQL can inline it, migration 0020), which Npgsql reads as its
    /// UTF-8 bytes: the model maps it as bytes, and the answer copies them unchanged.
    /// </summary>
    public static byte[] MapGeoJson(NetTopologySuite.Geometries.Geometry geometry, double toleranceDegrees, int decimals) =>
        throw new NotSupportedException("planner_map_geojson runs in PostGIS, inside a query");
}
