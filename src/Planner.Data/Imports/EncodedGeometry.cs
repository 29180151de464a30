namespace Planner.Import;

/// <summary>
/// A site's geometry as EWKB, the binary form a PostGIS COPY writes into the site's geometry column and into its
/// first revision's: made on the import's parallel workers, so the thread that writes rows only copies bytes.
/// </summary>
public sealed record EncodedGeometry(byte[] Ewkb)
{
    public static EncodedGeometry Of(NetTopologySuite.Geometries.Geometry geometry) =>
        new(Data.Ewkb.Write(geometry));
}
