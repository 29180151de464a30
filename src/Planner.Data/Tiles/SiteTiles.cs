using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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

    /// <summary>
    /// A feature's property, once for both engines: its name, how PostGIS reads it from the selection, how SQLite's rows
    /// give it; and, for what drawing needs, how a dot standing for several small sites says it (see <see cref="CoalesceBelowZoom"/>).
    /// </summary>
    sealed record Property(string Name, string Sql, Func<TileSite, object?> Value, string? CoalescedSql = null, Func<IReadOnlyList<TileSite>, object?>? Coalesced = null);

    /// <summary>The properties a feature carries: the names of the map's GeoJSON.</summary>
    static readonly Property[] All =
    [
        new("code", "code", s => s.Code),
        new("name", "name", s => s.Name),
        new("programme", "programme", s => s.Programme, "programme", g => g[0].Programme),
        new("townshipId", "township_id", s => s.TownshipId),
        new("township", "township", s => s.Township),
        // A dot of several sites: the status most of them have, their median progress, overdue if any is.
        new("status", "status", s => s.Status.Code(), "mode() WITHIN GROUP (ORDER BY status)",
            g => g.GroupBy(s => s.Status.Code()).OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key),
        new("progress", "progress", s => s.Progress, "percentile_disc(0.5) WITHIN GROUP (ORDER BY progress)",
            g => g.Select(s => s.Progress).Order().ElementAt((g.Count + 1) / 2 - 1)),
        new("plannedEnd", "to_char(planned_end, 'YYYY-MM-DD')", s => s.PlannedEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("pilot", "pilot", s => s.Pilot),
        new("showcase", "showcase", s => s.Showcase),
        new("overdue", "overdue", s => s.Overdue, "bool_or(overdue)", g => g.Any(s => s.Overdue)),
    ];

    public static readonly IReadOnlyList<string> Properties = [.. All.Select(p => p.Name)];

    /// <summary>What drawing a site needs (the theme's colour, the overdue outline): all a tile below <see cref="ListZoom"/> carries.</summary>
    public static readonly IReadOnlyList<string> DrawProperties = [.. All.Where(p => p.Coalesced is not null).Select(p => p.Name)];

    /// <summary>
    /// From this tile zoom on, tiles carry every property (the map lists the sites in view from its zoom 14, which reads
    /// 256-pixel tiles of zoom 14; a view between zoom 13 and 14 may read 512-pixel tiles of 13); below it a district view
    /// draws tens of thousands of sites and the names, codes and townships would be most of the bytes the browser decodes.
    /// </summary>
    public const int ListZoom = 13;

    /// <summary>
    /// Below this tile zoom (the district views, where nothing is listed) sites smaller than <see cref="SmallUnits"/>
    /// are drawn as dots, one per programme and <see cref="CellUnits"/> cell, carrying <c>count</c> (the sites in it)
    /// and an id only when it is one site: at 100,000 sites a district view would otherwise draw every one of them
    /// on top of each other, 5 to a dot, and the browser spends seconds on shapes nobody can tell apart (as tippecanoe
    /// coalesces the densest features of low zooms). Larger sites keep their shapes.
    /// </summary>
    public const int CoalesceBelowZoom = ListZoom;

    /// <summary>16 pixels of a 512-pixel tile: a site smaller than this is a dot at that zoom.</summary>
    public const int SmallUnits = (int)MvtTileBuilder.Extent / 32;

    /// <summary>8 pixels of a 512-pixel tile: the dots' grid, a dot's size (it divides the tile, so neighbours agree).</summary>
    public const int CellUnits = (int)MvtTileBuilder.Extent / 64;

    static Property[] For(TileAddress tile) => tile.Z >= ListZoom ? All : [.. All.Where(p => p.Coalesced is not null)];

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
    /// Three things measured at 10⁵ sites (docs/benchmarks.md, the tiles): on a tile small enough (at Zhengzhou's latitude
    /// from zoom 12 on) the Mercator outline is an affine map of lon/lat, within half a tile unit of PROJ's
    /// (<see cref="MvtTileBuilder.LinearMercator"/>); it is made once per site
    /// (<c>OFFSET 0</c> keeps PostgreSQL from pulling the <c>LATERAL</c> up and repeating <c>ST_Transform</c> for each of
    /// the nine places that use it). It runs without parallel workers, as every statement on our connections does
    /// (<see cref="PlannerDatabase.DefaultSettings"/>: a worker loads PostGIS and PROJ afresh, which cost a z14 tile 30 ms of its 50).
    /// </summary>
    static async Task<byte[]> PostgisAsync(PlannerDbContext db, IQueryable<TileSite> rows, TileAddress tile, CancellationToken cancellationToken)
    {
        await using var command = rows.CreateDbCommand();
        var layers = string.Join(" || ", Enum.GetValues<Programme>().Select(p =>
            $"COALESCE((SELECT ST_AsMVT(m, '{p.Code()}', {MvtTileBuilder.Extent}, 'geom', 'id') FROM m WHERE programme = '{p.Code()}' AND geom IS NOT NULL), ''::bytea)"));
        var properties = For(tile);
        var columns = string.Join(", ", properties.Select(p => $"{p.Sql} AS \"{p.Name}\""));
        var coalescedColumns = string.Join(", ", properties.Select(p => $"{p.CoalescedSql} AS \"{p.Name}\""));
        var count = tile.Z < CoalesceBelowZoom ? ", NULL::bigint AS count" : "";
        var shapeGeometry = $"""
            COALESCE(ST_AsMVTGeom(g.merc, e.box, {MvtTileBuilder.Extent}, {MvtTileBuilder.Buffer}, true),
                     ST_AsMVTGeom(ST_PointOnSurface(g.merc), e.box, {MvtTileBuilder.Extent}, {MvtTileBuilder.Buffer}, true))
            """;
        var shapes = $"""
            SELECT id, {columns}{count},
                   {shapeGeometry} AS geom
            FROM g CROSS JOIN e
            """;
        // Tile units are metres times Extent / the tile's width; the cells count from the projection's origin, which
        // lies on the tiles' grid, so a cell is the same in every tile that holds it.
        var m = tile.Z >= CoalesceBelowZoom ? shapes : $"""
            {shapes} WHERE g.size >= @small
            UNION ALL
            SELECT CASE WHEN count(*) = 1 THEN min(id) END, {coalescedColumns}, count(*),
                   ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(avg(g.cx), avg(g.cy)), 3857), e.box, {MvtTileBuilder.Extent}, {MvtTileBuilder.Buffer}, true)
            FROM g CROSS JOIN e
            WHERE g.size < @small
            GROUP BY programme, floor(g.cx / @cell), floor(g.cy / @cell), e.box
            """;
        var linear = MvtTileBuilder.LinearMercator(tile);
        var mercator = linear is null ? "ST_Transform(ST_SetSRID(sel.geom, 4326), 3857)" : "ST_SetSRID(ST_Affine(sel.geom, @ax, 0, 0, @ay, 0, @by), 3857)";
        // Below GenericPlanZoom every tile is planned for its own box (see there). SET LOCAL holds until the end of the
        // transaction, so the pooled connection goes back as it came: the tile's own transaction, opened and committed in
        // the same batch as the statement (one round trip; a separate COMMIT cost 0.1–0.5 ms of a 3–6 ms tile), or the
        // caller's when there is one.
        var planning = tile.Z < GenericPlanZoom;
        var caller = db.Database.CurrentTransaction;
        var own = planning && caller is null;
        command.CommandText = $"""
            {(own ? "BEGIN;" : "")}{(planning ? "SET LOCAL plan_cache_mode = force_custom_plan;" : "")}
            WITH sel({SelectionColumns}, geom) AS (
            {command.CommandText}
            ),
            e AS (SELECT ST_TileEnvelope(@tile_z, @tile_x, @tile_y) AS box),
            g AS (
                SELECT {SelectionColumns}, merc, GREATEST(ST_XMax(merc) - ST_XMin(merc), ST_YMax(merc) - ST_YMin(merc)) AS size,
                       (ST_XMin(merc) + ST_XMax(merc)) / 2 AS cx, (ST_YMin(merc) + ST_YMax(merc)) / 2 AS cy
                FROM sel CROSS JOIN LATERAL (SELECT {mercator} AS merc OFFSET 0) t
            ),
            m AS (
            {m}
            )
            SELECT {layers};
            {(own ? "COMMIT;" : "")}
            """;
        void Parameter(string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        Parameter("tile_z", tile.Z);
        Parameter("tile_x", tile.X);
        Parameter("tile_y", tile.Y);
        if (linear is var (ax, ay, by))
        {
            Parameter("ax", ax);
            Parameter("ay", ay);
            Parameter("by", by);
        }
        if (tile.Z < CoalesceBelowZoom)
        {
            Parameter("small", SmallUnits * MvtTileBuilder.MetresPerUnit(tile.Z));
            Parameter("cell", CellUnits * MvtTileBuilder.MetresPerUnit(tile.Z));
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            command.Transaction = caller?.GetDbTransaction();
            // Prepared once per connection and kept there by Npgsql: PostgreSQL no longer parses the statement for each
            // tile, nor plans it from GenericPlanZoom on (together 1.1–1.3 ms a tile, as long as executing a z16 tile).
            await command.PrepareAsync(cancellationToken);
            try
            {
                return await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
            }
            catch when (own)
            {
                // The statement failed after BEGIN (a timeout, a cancelled tile): the batch's COMMIT never ran.
                await PlannerDatabase.RollBackAsync(command.Connection!);
                throw;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// From this zoom the tile statement, prepared once per connection, may run on PostgreSQL's generic plan (planned
    /// once, not per tile: 0.8 ms of a z16 tile's 1.5 ms in the database). Below it a tile's box holds thousands of sites,
    /// and the generic plan, not knowing the box, guesses a few rows and joins the townships by a nested loop: a z12
    /// tile of 3,108 sites took 34–44 ms on it against 24–35 ms planned for its box (docs/benchmarks.md).
    /// </summary>
    public const int GenericPlanZoom = 14;

    /// <summary>The selection's columns but its geometry, in <see cref="TileSite"/>'s order.</summary>
    const string SelectionColumns = "id, code, name, programme, township_id, township, status, progress, planned_end, pilot, showcase, overdue";

    static async Task<byte[]> BuiltAsync(IQueryable<TileSite> rows, TileAddress tile, CancellationToken cancellationToken)
    {
        var builder = new MvtTileBuilder(tile);
        var properties = For(tile);
        var cells = new Dictionary<(string Programme, long X, long Y), (List<TileSite> Sites, double X, double Y)>();
        await foreach (var s in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (tile.Z < CoalesceBelowZoom && builder.Footprint(s.Geometry) is var (size, x, y) && size < SmallUnits)
            {
                var key = (s.Programme, (long)Math.Floor(x / CellUnits), (long)Math.Floor(y / CellUnits));
                var cell = cells.GetValueOrDefault(key, ([], 0, 0));
                cell.Sites.Add(s);
                cells[key] = (cell.Sites, cell.X + x, cell.Y + y);
                continue;
            }
            builder.Add(s.Programme, s.Id, s.Geometry, properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value(s))));
        }
        foreach (var ((programme, _, _), (sites, x, y)) in cells)
        {
            builder.AddPoint(programme, sites.Count == 1 ? sites[0].Id : null, (x / sites.Count, y / sites.Count),
                [.. properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.Coalesced!(sites))), new("count", sites.Count)]);
        }
        return builder.ToArray();
    }
}
