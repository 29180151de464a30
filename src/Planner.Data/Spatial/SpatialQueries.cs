using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Planner.Data;
using Planner.Sites;
using Planner.Townships;

namespace Planner.Spatial;

/// <summary>
/// "Which sites meet this shape" as each engine answers it through its spatial index. PostGIS: <c>ST_Intersects</c>,
/// which narrows by the GiST index of <c>geom</c> (<c>&amp;&amp;</c>) before the exact test. SQLite: the R*Tree of the
/// sites' boxes (<c>sites_rtree</c>), then the exact test in SQLite itself (<see cref="SqliteSpatialFunctions"/>), so
/// counts, paging and grouping stay in the query on both engines.
/// </summary>
public static class SpatialQueries
{
    /// <summary>The sites whose geometry meets every one of <paramref name="shapes"/> (CGCS2000 lon/lat); all sites when none is given.</summary>
    public static IQueryable<Site> SitesMeeting(this PlannerDbContext db, params IReadOnlyList<NetTopologySuite.Geometries.Geometry> shapes)
    {
        if (shapes.Count == 0) return db.Sites;
        if (db.Engine == DatabaseEngine.Postgres)
        {
            IQueryable<Site> sites = db.Sites;
            foreach (var shape in shapes)
            {
                var s = WithSrid(shape);
                sites = sites.Where(x => x.Geometry.Intersects(s));
            }
            return sites;
        }
        var sql = new StringBuilder("SELECT * FROM sites WHERE ");
        var parameters = new List<SqliteParameter>();
        for (var i = 0; i < shapes.Count; i++)
        {
            var e = shapes[i].EnvelopeInternal;
            if (i > 0) sql.Append(" AND ");
            sql.Append(CultureInfo.InvariantCulture,
                $"id IN (SELECT id FROM sites_rtree WHERE min_lon <= @maxx{i} AND max_lon >= @minx{i} AND min_lat <= @maxy{i} AND max_lat >= @miny{i})");
            sql.Append(CultureInfo.InvariantCulture, $" AND {SqliteSpatialFunctions.Meets}(geom, @shape{i}, min_lon, min_lat, max_lon, max_lat)");
            parameters.Add(new SqliteParameter($"@minx{i}", e.MinX));
            parameters.Add(new SqliteParameter($"@miny{i}", e.MinY));
            parameters.Add(new SqliteParameter($"@maxx{i}", e.MaxX));
            parameters.Add(new SqliteParameter($"@maxy{i}", e.MaxY));
            parameters.Add(new SqliteParameter($"@shape{i}", new WKBWriter().Write(shapes[i])));
        }
        return db.Sites.FromSqlRaw(sql.ToString(), parameters.ToArray<object>());
    }

    /// <summary>The townships whose boundary meets <paramref name="geometry"/>: the GiST index on PostGIS; on SQLite by their
    /// boxes (a district has a few dozen townships; the exact overlap is measured by <see cref="TownshipLocator"/> anyway).</summary>
    public static IQueryable<Township> TownshipsMeeting(this PlannerDbContext db, NetTopologySuite.Geometries.Geometry geometry)
    {
        if (db.Engine == DatabaseEngine.Postgres)
        {
            var g = WithSrid(geometry);
            return db.Townships.Where(t => t.Boundary.Intersects(g));
        }
        var e = geometry.EnvelopeInternal;
        return db.Townships.Where(t => t.MinLon <= e.MaxX && t.MaxLon >= e.MinX && t.MinLat <= e.MaxY && t.MaxLat >= e.MinY);
    }

    /// <summary>A lon/lat box as a polygon of the stored system.</summary>
    public static Polygon Box(Envelope box) => (Polygon)Geometry.Cgcs2000.Factory.ToGeometry(box);

    /// <summary>PostGIS compares geometries of one SRID only; a shape built without one is in the stored system.</summary>
    static NetTopologySuite.Geometries.Geometry WithSrid(NetTopologySuite.Geometries.Geometry shape)
    {
        if (shape.SRID == Geometry.Cgcs2000.Srid) return shape;
        var copy = shape.Copy();
        copy.SRID = Geometry.Cgcs2000.Srid;
        return copy;
    }
}
