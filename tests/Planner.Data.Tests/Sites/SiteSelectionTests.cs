using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NetTopologySuite.Geometries;
using Planner.Data;
using Planner.Geometry;
using Planner.Sample;
using Planner.Sites;
using Planner.Spatial;
using Planner.Users;

namespace Planner.Tests.Sites;

/// <summary>
/// Every filter, alone and together, selects on both engines what <see cref="FilterOracle"/> selects in memory; the box and
/// the drawn area go through the engine's spatial index, which follows every change of a site's geometry.
/// </summary>
public abstract class SiteSelectionTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    static readonly DateOnly Today = new(2026, 6, 15);

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }

    // A triangle over the middle of the district, and its bounding box: the box holds sites the triangle does not touch.
    static readonly Polygon Triangle = Cgcs2000.Factory.CreatePolygon([new(113.66, 34.73), new(113.72, 34.73), new(113.66, 34.77), new(113.66, 34.73)]);
    static readonly Envelope View = new(113.66, 113.70, 34.73, 34.77);

    async Task<(List<Site> All, List<Townships.Township> Townships)> LoadAsync()
    {
        await using var db = Open();
        return (await db.Sites.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken),
            await db.Townships.AsNoTracking().OrderBy(t => t.Code).ToListAsync(TestContext.Current.CancellationToken));
    }

    async Task AssertSelectsAsync(SiteFilter filter, List<Site> all, SiteScope? scope = null, bool nonEmpty = true)
    {
        scope ??= SiteScope.District;
        await using var db = Open();
        var selected = await db.SelectSites(filter, scope, Today).Select(s => s.Code).ToListAsync(TestContext.Current.CancellationToken);
        var expected = FilterOracle.Select(filter, all.Where(s => scope.CanSee(s.TownshipId)), Today).Select(s => s.Code).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), selected.Order(StringComparer.Ordinal));
        if (nonEmpty) Assert.NotEmpty(selected);
        // Counting and grouping stay in the query and agree with the list.
        Assert.Equal(expected.Count, await db.SelectSites(filter, scope, Today).CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Each_filter_selects_what_it_says()
    {
        var (all, townships) = await LoadAsync();
        await AssertSelectsAsync(new SiteFilter(), all);
        foreach (var p in Enum.GetValues<Programme>()) await AssertSelectsAsync(new SiteFilter { Programmes = new HashSet<Programme> { p } }, all);
        foreach (var t in townships) await AssertSelectsAsync(new SiteFilter { TownshipIds = new HashSet<int> { t.Id } }, all);
        foreach (var s in all.Select(s => s.Status).Distinct()) await AssertSelectsAsync(new SiteFilter { Statuses = new HashSet<SiteStatus> { s } }, all);
        await AssertSelectsAsync(new SiteFilter { OverdueOnly = true }, all);
        await AssertSelectsAsync(new SiteFilter { PilotOnly = true }, all);
        await AssertSelectsAsync(new SiteFilter { ShowcaseOnly = true }, all);
        await AssertSelectsAsync(new SiteFilter { Text = "号院" }, all);
        await AssertSelectsAsync(new SiteFilter { Unit = "办事处" }, all);
        await AssertSelectsAsync(new SiteFilter { Text = "没有这样的项目" }, all, nonEmpty: false);
    }

    [Fact]
    public async Task The_box_and_the_drawn_area_select_the_sites_that_meet_them_exactly()
    {
        var (all, _) = await LoadAsync();
        var inBox = all.Count(s => s.Geometry.EnvelopeInternal.Intersects(Triangle.EnvelopeInternal));
        var inTriangle = all.Count(s => s.Geometry.Intersects(Triangle));
        Assert.True(inBox > inTriangle && inTriangle > 0, $"the triangle's box holds {inBox} sites, the triangle {inTriangle}: the test needs both");
        await AssertSelectsAsync(new SiteFilter { Area = Triangle }, all);
        await AssertSelectsAsync(new SiteFilter { Bbox = View }, all);
        await AssertSelectsAsync(new SiteFilter { Bbox = View, Area = Triangle, Programmes = new HashSet<Programme> { Programme.Compound } }, all);
        await AssertSelectsAsync(new SiteFilter { Bbox = new Envelope(113.0, 113.01, 34.0, 34.01) }, all, nonEmpty: false);
        // A field team's township only, with the area.
        var township = all.First(s => s.Geometry.Intersects(Triangle)).TownshipId;
        await AssertSelectsAsync(new SiteFilter { Area = Triangle }, all, SiteScope.Townships([township]));
    }

    [Fact]
    public async Task The_spatial_index_follows_a_site_that_moves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Open();
        var site = (await db.Sites.OrderBy(s => s.Code).ToListAsync(ct)).First(s => s.Geometry is Polygon);
        var old = site.Geometry.EnvelopeInternal;
        // Two kilometres east.
        var moved = site.Geometry.Copy();
        moved.Apply(new Shift(0.02));
        moved.GeometryChanged();
        site.SetGeometry(moved);
        await db.SaveChangesAsync(ct);

        await using var read = Open();
        var oldBox = new Envelope(old.Centre.X - 1e-5, old.Centre.X + 1e-5, old.Centre.Y - 1e-5, old.Centre.Y + 1e-5);
        var newCentre = moved.InteriorPoint.Coordinate;
        var newBox = new Envelope(newCentre.X - 1e-5, newCentre.X + 1e-5, newCentre.Y - 1e-5, newCentre.Y + 1e-5);
        Assert.DoesNotContain(site.Code, await read.SelectSites(new SiteFilter { Bbox = oldBox }, SiteScope.District, Today).Select(s => s.Code).ToListAsync(ct));
        Assert.Contains(site.Code, await read.SelectSites(new SiteFilter { Bbox = newBox }, SiteScope.District, Today).Select(s => s.Code).ToListAsync(ct));
    }

    sealed class Shift(double dx) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++) seq.SetX(i, seq.GetX(i) + dx);
        }
    }

    /// <summary>The map's query, as the sites API sends it: the box, in code order, a page of rows.</summary>
    protected async Task<(string Sql, DbParameter[] Parameters)> MapQueryAsync()
    {
        var capture = new Capture();
        await using var db = new PlannerDbContext(new DbContextOptionsBuilder<PlannerDbContext>(PlannerDatabase.Options(ConnectionString)).AddInterceptors(capture).Options);
        await db.SelectSites(new SiteFilter { Bbox = View }, SiteScope.District, Today).OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Code, s.Geometry }).Take(5001).ToListAsync(TestContext.Current.CancellationToken);
        return capture.Last!.Value;
    }

    sealed class Capture : DbCommandInterceptor
    {
        public (string Sql, DbParameter[] Parameters)? Last { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Last = (command.CommandText, command.Parameters.Cast<DbParameter>().ToArray());
            return ValueTask.FromResult(result);
        }
    }
}

public sealed class SqliteSiteSelectionTests(PostgisServer server) : SiteSelectionTests(server, DatabaseEngine.Sqlite)
{
    [Fact]
    public async Task The_map_query_narrows_by_the_R_tree()
    {
        var (sql, parameters) = await MapQueryAsync();
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        SqliteSpatialFunctions.Register(connection);
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var p in parameters) explain.Parameters.Add(new SqliteParameter(p.ParameterName, p.Value));
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) plan.Add(reader.GetString(3));
        Assert.Contains(plan, line => line.Contains("VIRTUAL TABLE INDEX", StringComparison.Ordinal) && line.Contains("sites_rtree", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("SEARCH", StringComparison.Ordinal) && line.Contains("INTEGER PRIMARY KEY", StringComparison.Ordinal));
    }
}

public sealed class PostgisSiteSelectionTests(PostgisServer server) : SiteSelectionTests(server, DatabaseEngine.Postgres)
{
    [Fact]
    public async Task The_map_query_narrows_by_the_GiST_index()
    {
        var (sql, parameters) = await MapQueryAsync();
        await using var connection = await PlannerDatabase.DataSource(ConnectionString).OpenConnectionAsync(TestContext.Current.CancellationToken);
        // The sample district is small enough that a full scan is cheaper; with scans priced out the plan shows whether
        // the query can use the index at all (with the old box columns it could not).
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        foreach (var p in parameters) explain.Parameters.Add(((NpgsqlParameter)p).Clone());
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) plan.Add(reader.GetString(0));
        Assert.Contains(plan, line => line.Contains("sites_geom_gist", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("geom && ", StringComparison.Ordinal) || line.Contains("st_intersects", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_map_s_GeoJSON_function_is_inlined_into_the_query()
    {
        // A SQL function is inlined only if nothing in its body is less immutable than it says it is (convert_to, which is
        // STABLE, kept it a call per row until migration 0020).
        await using var connection = await PlannerDatabase.DataSource(ConnectionString).OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var explain = new NpgsqlCommand("EXPLAIN VERBOSE SELECT planner_map_geojson(geom, $1, 6) FROM sites", connection);
        explain.Parameters.Add(new NpgsqlParameter { Value = 1e-5 });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) plan.Add(reader.GetString(0));
        var output = Assert.Single(plan, line => line.TrimStart().StartsWith("Output:", StringComparison.Ordinal));
        Assert.Contains("st_asgeojson(", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("planner_map_geojson", output, StringComparison.Ordinal);
    }
}
