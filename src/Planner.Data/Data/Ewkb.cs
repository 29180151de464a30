using NetTopologySuite;
using NetTopologySuite.IO;
using Planner.Geometry;

namespace Planner.Data;

/// <summary>
/// Geometry as SQLite stores it: EWKB (little-endian WKB with the SRID), CGCS2000 when the bytes carry no SRID. Apart from
/// <see cref="GeometryValueConverter{T}"/> so that code reading rows without EF Core (the CLI's export, the SQLite spatial
/// functions) does not load EF Core to decode them.
/// </summary>
public static class Ewkb
{
    static readonly NtsGeometryServices Services = new(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid);

    public static byte[] Write(NetTopologySuite.Geometries.Geometry geometry) =>
        new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false).Write(geometry);

    public static NetTopologySuite.Geometries.Geometry Read(byte[] bytes)
    {
        var geometry = new WKBReader(Services) { HandleSRID = true }.Read(bytes);
        if (geometry.SRID == 0) geometry.SRID = Cgcs2000.Srid;
        return geometry;
    }
}
