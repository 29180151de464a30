using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Users;

namespace Planner.Tiles;

/// <summary>
/// The map's sites as Mapbox vector tiles: a layer per programme (road, compound, fringe), the map's properties on each
/// feature, the feature id the site's id. The selection is <see cref="SiteSelection.SelectSites"/> itself (filters,
/// township scope, overdue rule, the spatial index), narrowed to the tile and its buffer. PostGIS makes the whole tile
/// in one SQL statement (<c>ST_AsMVTGeom</c>, <c>ST_AsMVT</c>) around the query EF Core writes for that selection, as
/// Martin and pg_tileserv do; SQLite's rows are written by <see cref="MvtTileBuilder"/>.
/// </summary>
public static class SiteTiles
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    sealed record TileSite(long Id, string Code, string Name, string Programme, int TownshipId, string Township, SiteStatus Status,
        int Progress, DateOnly? PlannedEnd, bool Pilot, bool Showcase, bool Overdue, NetTopologySuite.Geometries.Geometry Geometry);

    /// <summary>A feature's property, once for both engines: its name, how PostGIS reads it from the selection, how SQLite's rows give it.</summary>
    sealed record Property(string Name, string Sql, Func<TileSite, object?> Value);

    /// <summary>The properties a feature carries: the names of the map's GeoJSON.</summary>
    static readonly Property[] All =
    [
        new("code", "code", s => s.Code),
        new("name", "name", s => s.Name),
        new("programme", "programme", s => s.Programme),
        new("townshipId", "township_id", s => s.TownshipId),
        new("township", "township", s => s.Township),
        new("status", "status", s => s.Status.Code()),
        new("progress", "progress", s => s.Progress),
        new("plannedEnd", "to_char(planned_end, 'YYYY-MM-DD')", s => s.PlannedEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("pilot", "pilot", s => s.Pilot),
        new("showcase", "showcase", s => s.Showcase),
        new("overdue", "overdue", s => s.Overdue),
    ];

    public static readonly IReadOnlyList<string> Properties = [.. All.Select(p => p.Name)];

    /// <summary>What drawing a site needs (the theme's colour, the overdue outline): all a tile below <see cref="ListZoom"/> carries.</summary>
    public static readonly IReadOnlyList<string> DrawProperties = ["programme", "status", "progress", "overdue"];

    /// <summary>
    /// From this tile zoom on, tiles carry every property (the map lists the sites in view from its zoom 14, which reads
    /// 512-pixel tiles of zoom 13); below it a district view draws tens of thousands of sites and the names, codes and
    /// townships would be most of the bytes the browser decodes.
    /// </summary>
    public const int ListZoom = 13;

    static Property[] For(TileAddress tile) => tile.Z >= ListZoom ? All : [.. All.Where(p => DrawProperties.Contains(p.Name))];

    public static async Task<byte[]> SitesAsync(PlannerDbContext db, TileAddress tile, SiteFilter filter, SiteScope scope, DateOnly today,
        CancellationToken cancellationToken = default)
    {
        var selection = db.SelectSites(filter with { Bbox = MvtTileBuilder.QueryBounds(tile) }, scope, today);
        var rows = selection.Select(OverdueRule.Project<TileSite>((s, overdue) => new TileSite(s.Id, s.Code, s.Name, EF.Property<string>(s, "programme"),
            s.TownshipId, s.Township!.Name, s.Status, s.Progress, s.PlannedEnd, s.IsPilot, s.IsShowcase, overdue, s.Geometry), today));
        return db.Engine == DatabaseEngine.Postgres
            ? await PostgisAsync(db, rows, tile, cancellationToken)
            : await BuiltAsync(rows, tile, cancellationToken);
    }

    /// <summary>
    /// EF Core's SQL for the selection, wrapped: its columns renamed by position (the record's order), each geometry put on
    /// the tile's grid (one that shrinks below a pixel becomes its point on surface, as <see cref="MvtTileBuilder"/> does),
    /// and one <c>ST_AsMVT</c> layer per programme. CGCS2000 is drawn as WGS 84 (see <see cref="TileAddress"/>).
    /// </summary>
    static async Task<byte[]> PostgisAsync(PlannerDbContext db, IQueryable<TileSite> rows, TileAddress tile, CancellationToken cancellationToken)
    {
        await using var command = rows.CreateDbCommand();
        var layers = string.Join(" || ", Enum.GetValues<Programme>().Select(p =>
            $"COALESCE((SELECT ST_AsMVT(m, '{p.Code()}', {MvtTileBuilder.Extent}, 'geom', 'id') FROM m WHERE programme = '{p.Code()}' AND geom IS NOT NULL), ''::bytea)"));
        command.CommandText = $"""
            WITH sel(id, code, name, programme, township_id, township, status, progress, planned_end, pilot, showcase, overdue, geom) AS (
            {command.CommandText}
            ),
            m AS (
                SELECT id, {string.Join(", ", For(tile).Select(p => $"{p.Sql} AS \"{p.Name}\""))},
                       COALESCE(ST_AsMVTGeom(g.merc, e.box, {MvtTileBuilder.Extent}, {MvtTileBuilder.Buffer}, true),
                                ST_AsMVTGeom(ST_PointOnSurface(g.merc), e.box, {MvtTileBuilder.Extent}, {MvtTileBuilder.Buffer}, true)) AS geom
                FROM sel
                CROSS JOIN (SELECT ST_TileEnvelope(@tile_z, @tile_x, @tile_y) AS box) e
                CROSS JOIN LATERAL (SELECT ST_Transform(ST_SetSRID(sel.geom, 4326), 3857) AS merc) g
            )
            SELECT {layers}
            """;
        foreach (var (name, value) in new[] { ("tile_z", tile.Z), ("tile_x", tile.X), ("tile_y", tile.Y) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    static async Task<byte[]> BuiltAsync(IQueryable<TileSite> rows, TileAddress tile, CancellationToken cancellationToken)
    {
        var builder = new MvtTileBuilder(tile);
        var properties = For(tile);
        await foreach (var s in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            builder.Add(s.Programme, s.Id, s.Geometry, properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value(s))));
        }
        return builder.ToArray();
    }
}
