using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.IO;
using Planner.Data;

namespace Planner.Spatial;

/// <summary>
/// The exact spatial test SQLite lacks (SpatiaLite's .NET package is not served), as a function of SQLite registered on
/// every connection EF Core opens: <c>planner_meets(geom, shape, min_lon, min_lat, max_lon, max_lat)</c>. It runs on the
/// rows the R*Tree let through; a site whose box lies inside a rectangular shape meets it without being read.
/// </summary>
sealed class SqliteSpatialFunctions : DbConnectionInterceptor
{
    public const string Meets = "planner_meets";

    public static readonly SqliteSpatialFunctions Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    public static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
            sqlite.CreateFunction<byte[], byte[], double, double, double, double, bool>(Meets, MeetsShape, isDeterministic: true);
    }

    /// <summary>The shape of the current query, prepared once: the same bytes arrive with every row.</summary>
    [ThreadStatic] static (byte[] Bytes, IPreparedGeometry Prepared, Envelope? Rectangle)? last;

    static bool MeetsShape(byte[] geom, byte[] shape, double minLon, double minLat, double maxLon, double maxLat)
    {
        if (last is not { } s || !s.Bytes.AsSpan().SequenceEqual(shape))
        {
            var g = new WKBReader().Read(shape);
            s = (shape, PreparedGeometryFactory.Prepare(g), g.IsRectangle ? g.EnvelopeInternal : null);
            last = s;
        }
        if (s.Rectangle is { } r && r.Contains(new Envelope(minLon, maxLon, minLat, maxLat))) return true;
        return s.Prepared.Intersects(Ewkb.Read(geom));
    }
}
