using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NetTopologySuite;
using NetTopologySuite.IO;
using Planner.Geometry;

namespace Planner.Data;

/// <summary>Stores geometry as EWKB (WKB with SRID) in a BLOB on SQLite; PostGIS maps geometry itself (Npgsql's NTS plugin).</summary>
public sealed class GeometryValueConverter<T>() : ValueConverter<T, byte[]>(g => ToEwkb(g), b => FromEwkb(b))
    where T : NetTopologySuite.Geometries.Geometry
{
    static readonly NtsGeometryServices Services = new(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid);

    public static byte[] ToEwkb(T geometry) =>
        new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false).Write(geometry);

    public static T FromEwkb(byte[] bytes)
    {
        var geometry = new WKBReader(Services) { HandleSRID = true }.Read(bytes);
        if (geometry.SRID == 0) geometry.SRID = Cgcs2000.Srid;
        return (T)geometry;
    }
}
