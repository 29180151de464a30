using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NetTopologySuite;
using NetTopologySuite.IO;
using Planner.Geometry;

namespace Planner.Data;

/// <summary>
/// Stores geometry as EWKB (WKB with SRID): a BLOB on SQLite; on PostGIS the bytes go through
/// PostGIS's bytea→geometry cast on write and come back as EWKB via <see cref="PostgisEwkbResolverFactory"/>.
/// </summary>
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

/// <summary>Geometry snapshots for change tracking: exact coordinate equality, deep copies.</summary>
public sealed class GeometryValueComparer<T>() : ValueComparer<T>(
    (a, b) => ReferenceEquals(a, b) || (a != null && b != null && a.SRID == b.SRID && a.EqualsExact(b)),
    g => g.EnvelopeInternal.GetHashCode(),
    g => (T)g.Copy())
    where T : NetTopologySuite.Geometries.Geometry;
