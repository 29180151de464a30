namespace Planner.Import;

/// <summary>
/// A site's geometry encoded as a PostGIS import writes it — EWKB for the geometry column, GeoJSON for the first
/// revision's snapshot — made on the import's parallel workers, so the thread that writes rows only copies bytes.
/// </summary>
public sealed record EncodedGeometry(byte[] Ewkb, byte[] SnapshotGeometry)
{
    public static EncodedGeometry Of(NetTopologySuite.Geometries.Geometry geometry) =>
        new(Data.GeometryValueConverter<NetTopologySuite.Geometries.Geometry>.ToEwkb(geometry), Sites.SiteFeature.SnapshotGeometry(geometry));
}
