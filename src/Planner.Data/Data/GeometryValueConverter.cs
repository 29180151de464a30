using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Planner.Data;

/// <summary>Stores geometry as EWKB (WKB with SRID) in a BLOB on SQLite; PostGIS maps geometry itself (Npgsql's NTS plugin).</summary>
public sealed class GeometryValueConverter<T>() : ValueConverter<T, byte[]>(g => ToEwkb(g), b => FromEwkb(b))
    where T : NetTopologySuite.Geometries.Geometry
{
    public static byte[] ToEwkb(T geometry) => Ewkb.Write(geometry);

    public static T FromEwkb(byte[] bytes) => (T)Ewkb.Read(bytes);
}
