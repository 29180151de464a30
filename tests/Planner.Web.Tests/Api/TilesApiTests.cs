using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Tests.Api;

/// <summary>
/// Vector tiles on both engines: the same sites as the GeoJSON API for every filter and scope, the same properties, in
/// the right place on the tile, none lost at a district zoom, revalidated by ETag and changed by the next write.
/// </summary>
public abstract class TilesApiTests(PlannerWebFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>XYZ tile of a lon/lat at a zoom (y from the north, as OpenLayers asks).</summary>
    static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var t = TileAddress.Containing(lon, lat, z);
        return (t.X, t.Y);
    }

    static async Task<List<TileFeature>> ReadAsync(HttpResponseMessage response, int z, int x, int y)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        return TileFeature.Read(await response.Content.ReadAsByteArrayAsync(Ct), TileAddressOf(z, x, y));
    }

    async Task<List<Site>> SitesAsync()
    {
        await using var db = factory.OpenDatabase();
        return await db.Sites.Include(s => s.Township).Where(s => s.DeletedAt == null).ToListAsync(Ct);
    }

    /// <summary>Every tile at zoom z over the sites' extent, features by site id (a site across a seam is in several).</summary>
    async Task<Dictionary<long, TileFeature>> AllTilesAsync(HttpClient client, int z, string query, IReadOnlyList<Site> sites)
    {
        var lons = sites.SelectMany(s => s.Geometry.Coordinates).Select(c => c.X).ToList();
        var lats = sites.SelectMany(s => s.Geometry.Coordinates).Select(c => c.Y).ToList();
        var (x0, y0) = TileOf(lons.Min(), lats.Max(), z);
        var (x1, y1) = TileOf(lons.Max(), lats.Min(), z);
        var found = new Dictionary<long, TileFeature>();
        for (var x = x0; x <= x1; x++)
        for (var y = y0; y <= y1; y++)
            foreach (var f in await ReadAsync(await client.GetAsync($"/tiles/sites/{z}/{x}/{y}.mvt?{query}", Ct), z, x, y))
                found.TryAdd(f.Id, f);
        return found;
    }

    async Task<long[]> ApiIdsAsync(HttpClient client, string query)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/sites?{query}", Ct));
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).Order().ToArray();
    }

    [Fact]
    public async Task Tiles_hold_the_sites_the_map_s_filters_select_for_each_filter_and_scope()
    {
        var sites = await SitesAsync();
        var leader = await factory.SignedInAsync("leader1");
        var township = sites.First(s => s.Township!.Name == "二里岗街道").TownshipId;
        var c = sites.Select(s => s.Geometry.Centroid).ToList();
        var area = $"{c.Min(p => p.X)} {c.Min(p => p.Y)},{c.Max(p => p.X)} {c.Min(p => p.Y)},{c.Min(p => p.X)} {c.Max(p => p.Y)}";
        foreach (var query in new[] { "", "programme=road", "programme=compound,fringe", $"township={township}", "status=construction,suspended",
                     "overdue=1", "pilot=1", "showcase=1", "q=号院", "unit=办事处", "area=" + Uri.EscapeDataString(area), "q=没有这个项目" })
        {
            var tiles = await AllTilesAsync(leader, 13, query, sites);
            Assert.Equal(await ApiIdsAsync(leader, query), tiles.Keys.Order().ToArray());
            Assert.All(tiles.Values, f => Assert.Equal(f.Layer, f.Properties["programme"]));
        }
        // A field team's tiles hold its own township's sites, whatever it asks for.
        var field = await factory.SignedInAsync("field1");
        var own = await AllTilesAsync(field, 13, "", sites);
        Assert.NotEmpty(own);
        Assert.All(own.Values, f => Assert.Equal("南关街道", f.Properties["township"]));
        Assert.Equal(await ApiIdsAsync(field, ""), own.Keys.Order().ToArray());
        Assert.Empty(await AllTilesAsync(field, 13, $"township={township}", sites));
    }

    [Fact]
    public async Task A_site_s_feature_carries_the_map_s_properties_and_lies_where_the_site_is()
    {
        var leader = await factory.SignedInAsync("leader1");
        var sites = await SitesAsync();
        using var doc = JsonDocument.Parse(await leader.GetStringAsync("/api/sites", Ct));
        var api = doc.RootElement.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetInt64(), f => f.GetProperty("properties").Clone());
        foreach (var site in sites.Where(s => s.Programme == Programme.Road).Take(3).Concat(sites.Where(s => s.Programme != Programme.Road).Take(3)))
        {
            var centre = site.Geometry.InteriorPoint;
            const int z = 17;
            var (x, y) = TileOf(centre.X, centre.Y, z);
            var feature = (await ReadAsync(await leader.GetAsync($"/tiles/sites/{z}/{x}/{y}.mvt", Ct), z, x, y)).Single(f => f.Id == site.Id);
            var expected = api[site.Id];
            foreach (var name in Planner.Tiles.SiteTiles.Properties)
            {
                var value = feature.Properties.GetValueOrDefault(name);
                if (!expected.TryGetProperty(name, out var e)) { Assert.Null(value); continue; }
                var text = e.ValueKind switch { JsonValueKind.String => e.GetString(), JsonValueKind.True => "True", JsonValueKind.False => "False", _ => e.GetRawText() };
                Assert.True(text == Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), $"{site.Code} {name}: {text} ≠ {value}");
            }
            // On the tile's grid (4096 units at z17: about 0.3 m here), clipped to the tile and its buffer.
            var clip = Cgcs2000.Factory.ToGeometry(Planner.Tiles.MvtTileBuilder.QueryBounds(TileAddressOf(z, x, y)));
            var expectedShape = site.Geometry.Intersection(clip);
            Assert.True(feature.Geometry.Distance(expectedShape.InteriorPoint) < 1e-5 || expectedShape.Distance(feature.Geometry.InteriorPoint) < 1e-5,
                $"{site.Code}: {feature.Geometry.AsText()[..Math.Min(80, feature.Geometry.AsText().Length)]}");
            Assert.True(Math.Abs(feature.Geometry.EnvelopeInternal.MinX - expectedShape.EnvelopeInternal.MinX) < 2e-5, $"{site.Code}: west edge");
            Assert.True(Math.Abs(feature.Geometry.EnvelopeInternal.MaxY - expectedShape.EnvelopeInternal.MaxY) < 2e-5, $"{site.Code}: north edge");
        }
    }

    static TileAddress TileAddressOf(int z, int x, int y) => TileAddress.TryCreate(z, x, y, out var t, out var error) ? t : throw new ArgumentException(error);

    [Fact]
    public async Task At_a_district_zoom_no_site_is_lost_small_ones_close_together_become_one_dot_and_tiles_carry_only_what_drawing_needs()
    {
        var leader = await factory.SignedInAsync("leader1");
        var sites = await SitesAsync();
        // At z5 a tile unit is about 300 m (0.0027°) and the district a few dozen units across: small sites share dots.
        var (ids, dots) = await DistrictTilesAsync(leader, 5, "", sites);
        Assert.NotEmpty(dots);
        Assert.All(dots, d => Assert.True(Convert.ToInt64(d.Properties["count"]) > 1, "a dot without an id stands for several sites"));
        Assert.All(dots, d => Assert.IsType<NetTopologySuite.Geometries.Point>(d.Geometry));
        // Every site once: drawn by itself (its id) or counted in a dot.
        Assert.Equal(sites.Count, ids.Count + dots.Sum(d => Convert.ToInt64(d.Properties["count"])));
        Assert.Subset(sites.Select(s => s.Id).ToHashSet(), ids.Keys.ToHashSet());
        // Below the list's zoom a feature carries what drawing needs, not names and codes.
        Assert.All(ids.Values.Concat(dots), f => Assert.Equal(Planner.Tiles.SiteTiles.DrawProperties.Order(),
            f.Properties.Keys.Where(k => k is not ("id" or "count")).Order()));

        // A dot says what the sites in it have in common: all overdue, all under construction, all done.
        foreach (var (query, property, expected) in new (string, string, object)[]
                 { ("overdue=1", "overdue", true), ("status=construction", "status", "construction"), ("status=completed", "progress", 100L) })
        {
            var (_, filtered) = await DistrictTilesAsync(leader, 5, query, sites);
            Assert.All(filtered, d => Assert.Equal(expected, d.Properties[property] is long or int ? Convert.ToInt64(d.Properties[property]) : d.Properties[property]));
        }
        // From the list's zoom on, every site is itself.
        var (_, none) = await DistrictTilesAsync(leader, Planner.Tiles.SiteTiles.CoalesceBelowZoom, "", sites);
        Assert.Empty(none);
    }

    /// <summary>
    /// The features of every tile over the district at z: the sites drawn by themselves, by id, and the dots that stand
    /// for several (no id), each counted in the tile it lies in (one in a neighbour's buffer is that neighbour's).
    /// </summary>
    async Task<(Dictionary<long, TileFeature> Ids, List<TileFeature> Dots)> DistrictTilesAsync(HttpClient client, int z, string query, IReadOnlyList<Site> sites)
    {
        var lons = sites.SelectMany(s => s.Geometry.Coordinates).Select(c => c.X).ToList();
        var lats = sites.SelectMany(s => s.Geometry.Coordinates).Select(c => c.Y).ToList();
        var (x0, y0) = TileOf(lons.Min(), lats.Max(), z);
        var (x1, y1) = TileOf(lons.Max(), lats.Min(), z);
        var ids = new Dictionary<long, TileFeature>();
        var dots = new List<TileFeature>();
        for (var x = x0; x <= x1; x++)
        for (var y = y0; y <= y1; y++)
        {
            Assert.True(TileAddress.TryCreate(z, x, y, out var tile, out _));
            var bounds = tile.LonLatBounds();
            foreach (var f in await ReadAsync(await client.GetAsync($"/tiles/sites/{z}/{x}/{y}.mvt?{query}", Ct), z, x, y))
            {
                if (f.Id != 0) ids.TryAdd(f.Id, f);
                else if (bounds.Contains(f.Geometry.Coordinate)) dots.Add(f);
            }
        }
        return (ids, dots);
    }

    [Fact]
    public async Task The_browser_revalidates_with_the_ETag_and_a_write_on_any_node_shows_on_the_next_request()
    {
        var leader = await factory.SignedInAsync("leader1");
        var sites = await SitesAsync();
        var site = sites.First(s => s.Programme == Programme.Compound && s.Status != SiteStatus.Suspended);
        var p = site.Geometry.InteriorPoint;
        const int z = 15;
        var (x, y) = TileOf(p.X, p.Y, z);
        var url = $"/tiles/sites/{z}/{x}/{y}.mvt";
        var first = await leader.GetAsync(url, Ct);
        var etag = first.Headers.ETag!;
        Assert.Contains("no-cache", first.Headers.CacheControl!.ToString());
        var second = await leader.GetAsync(url, Ct);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(Ct), await second.Content.ReadAsByteArrayAsync(Ct));

        var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await leader.SendAsync(revalidate, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));

        // Another node (or the CLI) changes the site straight in the database: the version moves, the cache is left behind.
        await using (var db = factory.OpenDatabase())
            await db.Sites.Where(s => s.Id == site.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SiteStatus.Suspended), Ct);
        // On PostGIS the new version reaches the nodes as a NOTIFY at commit, within milliseconds: the next requests
        // are sent until it has (a bounded wait, not a timing assertion).
        HttpResponseMessage changed;
        var asked = 0;
        do
        {
            if (asked++ > 0) await Task.Delay(50, Ct);
            var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(etag);
            changed = await leader.SendAsync(again, Ct);
        } while (changed.StatusCode == HttpStatusCode.NotModified && asked < 100);
        Assert.NotEqual(etag, changed.Headers.ETag);
        var feature = (await ReadAsync(changed, z, x, y)).Single(f => f.Id == site.Id);
        Assert.Equal("suspended", feature.Properties["status"]);
        await using (var db = factory.OpenDatabase())
            await db.Sites.Where(s => s.Id == site.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, site.Status), Ct);
    }

    [Fact]
    public async Task A_client_that_takes_gzip_gets_the_same_tile_gzipped_and_one_that_refuses_it_gets_it_plain()
    {
        var leader = await factory.SignedInAsync("leader1");
        var p = (await SitesAsync()).First().Geometry.InteriorPoint;
        const int z = 13;
        var (x, y) = TileOf(p.X, p.Y, z);
        var url = $"/tiles/sites/{z}/{x}/{y}.mvt";
        async Task<HttpResponseMessage> AskAsync(string? acceptEncoding)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            return await leader.SendAsync(request, Ct);
        }

        var plain = await AskAsync(null);
        var tile = await plain.Content.ReadAsByteArrayAsync(Ct);
        Assert.NotEmpty(tile);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", plain.Headers.Vary);
        foreach (var accepts in new[] { "gzip, deflate, br", "br;q=1, gzip;q=0.5", "*" })
        {
            // Twice: the first hit gzips, the next is served from what the first made.
            for (var i = 0; i < 2; i++)
            {
                var zipped = await AskAsync(accepts);
                Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
                Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
                Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
                Assert.Equal(plain.Headers.ETag, zipped.Headers.ETag);
                await using var unzip = new System.IO.Compression.GZipStream(await zipped.Content.ReadAsStreamAsync(Ct), System.IO.Compression.CompressionMode.Decompress);
                var read = new MemoryStream();
                await unzip.CopyToAsync(read, Ct);
                Assert.Equal(tile, read.ToArray());
            }
        }
        foreach (var refuses in new[] { "gzip;q=0", "br", "gzip;q=0, *", "identity" })
        {
            var again = await AskAsync(refuses);
            Assert.Empty(again.Content.Headers.ContentEncoding);
            Assert.Equal(tile, await again.Content.ReadAsByteArrayAsync(Ct));
        }
        // A tile with no site in it stays empty, gzip or not.
        var (ex, ey) = TileOf(p.X + 1, p.Y, z);
        var emptyAsked = new HttpRequestMessage(HttpMethod.Get, $"/tiles/sites/{z}/{ex}/{ey}.mvt");
        emptyAsked.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        var empty = await leader.SendAsync(emptyAsked, Ct);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Empty(empty.Content.Headers.ContentEncoding);
        Assert.Empty(await empty.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Township_tiles_carry_the_choropleth_s_figures_within_the_user_s_townships()
    {
        var sites = await SitesAsync();
        var p = sites[0].Geometry.InteriorPoint;
        const int z = 10;
        var (x, y) = TileOf(p.X, p.Y, z);
        using var doc = JsonDocument.Parse(await (await factory.SignedInAsync("leader1")).GetStringAsync("/api/townships?programme=road", Ct));
        var figures = doc.RootElement.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetInt64(), f => f.GetProperty("properties").Clone());
        var tile = await ReadAsync(await (await factory.SignedInAsync("leader1")).GetAsync($"/tiles/townships/{z}/{x}/{y}.mvt?programme=road", Ct), z, x, y);
        Assert.NotEmpty(tile);
        Assert.All(tile, t =>
        {
            Assert.Equal("townships", t.Layer);
            Assert.Equal(figures[t.Id].GetProperty("total").GetInt32(), Convert.ToInt32(t.Properties["total"]));
            Assert.Equal(figures[t.Id].GetProperty("overdue").GetInt32(), Convert.ToInt32(t.Properties["overdue"]));
        });
        var field = await ReadAsync(await (await factory.SignedInAsync("field1")).GetAsync($"/tiles/townships/{z}/{x}/{y}.mvt", Ct), z, x, y);
        Assert.Equal(["南关街道"], field.Select(t => (string)t.Properties["name"]!));
    }

    [Fact]
    public async Task Bad_addresses_and_filters_get_a_400_that_says_what_is_wrong()
    {
        var leader = await factory.SignedInAsync("leader1");
        foreach (var (url, says) in new[]
                 {
                     ("/tiles/sites/23/0/0.mvt", "z=23"), ("/tiles/sites/3/8/0.mvt", "0 到 7"), ("/tiles/sites/3/0/-1.mvt", "0 到 7"),
                     ("/tiles/sites/12/3360/1626.mvt?status=done", "status"), ("/tiles/townships/12/3360/1626.mvt?township=abc", "township"),
                 })
        {
            var response = await leader.GetAsync(url, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {response.StatusCode}");
            Assert.Contains(says, await response.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/tiles/sites/12/3360/1626.mvt", Ct)).StatusCode);
    }
}

public sealed class SqliteTilesApiTests(PlannerWebFactory factory) : TilesApiTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisTilesApiTests(PostgisWebFactory factory) : TilesApiTests(factory), IClassFixture<PostgisWebFactory>
{
    [Fact]
    public async Task Where_a_tile_is_drawn_affine_every_shape_lies_within_a_unit_and_a_half_of_the_one_PROJ_projects()
    {
        var ct = TestContext.Current.CancellationToken;
        await factory.SignedInAsync("leader1"); // the app has migrated and seeded the database
        await using var db = factory.OpenDatabase();
        var sites = await db.Sites.AsNoTracking().Where(s => s.DeletedAt == null).OrderBy(s => s.Id).ToListAsync(ct);
        var compared = 0;
        foreach (var site in sites.Where(s => s.Programme == Programme.Road).Take(2).Concat(sites.Where(s => s.Programme != Programme.Road).Take(2)))
            foreach (var z in new[] { 12, 14, 16 })
            {
                var p = site.Geometry.InteriorPoint;
                var tile = TileAddress.Containing(p.X, p.Y, z);
                Assert.NotNull(Planner.Tiles.MvtTileBuilder.LinearMercator(tile)); // the affine path is the one under test
                var ours = await Planner.Tiles.SiteTiles.SitesAsync(db, tile, new SiteFilter(), Planner.Users.SiteScope.District, DateOnly.FromDateTime(DateTime.Today), ct);
                await using var command = db.Database.GetDbConnection().CreateCommand();
                await db.Database.OpenConnectionAsync(ct);
                command.CommandText = $"""
                    SELECT ST_AsMVT(q, 'projected', 4096, 'geom', 'id') FROM (
                        SELECT id, ST_AsMVTGeom(ST_Transform(ST_SetSRID(geom, 4326), 3857), ST_TileEnvelope({z}, {tile.X}, {tile.Y}), 4096, 64, true) AS geom
                        FROM sites WHERE deleted_at IS NULL) q
                    WHERE geom IS NOT NULL
                    """;
                var projected = (byte[])(await command.ExecuteScalarAsync(ct))!;
                await db.Database.CloseConnectionAsync();
                var reference = TileFeature.Read(projected, tile).ToDictionary(f => f.Id, f => f.Geometry);
                var unit = (tile.LonLatBounds().MaxX - tile.LonLatBounds().MinX) / Planner.Tiles.MvtTileBuilder.Extent;
                foreach (var f in TileFeature.Read(ours, tile).Where(f => f.Geometry is not NetTopologySuite.Geometries.Point && reference.ContainsKey(f.Id)))
                {
                    var distance = NetTopologySuite.Algorithm.Distance.DiscreteHausdorffDistance.Distance(f.Geometry, reference[f.Id]);
                    Assert.True(distance <= 1.5 * unit, $"z{z} {tile} site {f.Id}: {distance / unit:F2} units apart");
                    compared++;
                }
            }
        Assert.True(compared >= 12, $"{compared} shapes compared");
    }

    [Fact]
    public async Task A_tile_s_own_planner_settings_end_with_it_the_connection_goes_back_as_it_came_and_keeps_the_statement_prepared()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = factory.OpenDatabase();
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        Task<string> ShowAsync(string sql) => connection.ScalarTextAsync(sql, ct);
        const string Workers = "SHOW max_parallel_workers_per_gather", Plans = "SHOW plan_cache_mode",
            Prepared = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%ST_AsMVT(m,%'";
        // Our connections start without parallel workers (PlannerDatabase.DefaultSettings); a connection string may say
        // otherwise, and a tile leaves the session's own setting as it was.
        await ShowAsync("SET max_parallel_workers_per_gather = 2");
        var (workers, plans) = (await ShowAsync(Workers), await ShowAsync(Plans));
        Assert.NotEqual("0", workers);
        Assert.Equal("auto", plans);
        var site = await db.Sites.AsNoTracking().FirstAsync(s => s.DeletedAt == null, ct);
        var p = site.Geometry.InteriorPoint;
        // z11 is planned for its box (below GenericPlanZoom), z15 may take the generic plan. Each zoom's statement is
        // prepared on the connection (earlier tests may have prepared it already), and the second tile at a zoom reuses it.
        foreach (var z in new[] { 11, 15 })
        {
            var counts = new List<int>();
            for (var i = 0; i < 2; i++)
            {
                var tile = TileAddress.Containing(p.X, p.Y, z);
                var bytes = await Planner.Tiles.SiteTiles.SitesAsync(db, tile, new SiteFilter(), Planner.Users.SiteScope.District, DateOnly.FromDateTime(DateTime.Today), ct);
                Assert.NotEmpty(bytes);
                Assert.Equal(workers, await ShowAsync(Workers));
                Assert.Equal(plans, await ShowAsync(Plans));
                counts.Add(int.Parse(await ShowAsync(Prepared), System.Globalization.CultureInfo.InvariantCulture));
            }
            Assert.True(counts[0] >= 1, $"z{z}: no tile statement prepared");
            Assert.Equal(counts[0], counts[1]);
        }

        // Below GenericPlanZoom each tile is planned for its box; from it PostgreSQL may settle on the generic plan
        // (it tries five custom plans first).
        for (var i = 0; i < 6; i++)
            foreach (var z in new[] { 11, 15 })
                await Planner.Tiles.SiteTiles.SitesAsync(db, TileAddress.Containing(p.X, p.Y, z), new SiteFilter(), Planner.Users.SiteScope.District,
                    DateOnly.FromDateTime(DateTime.Today), ct);
        const string Plans11 = "SELECT sum(generic_plans) FROM pg_prepared_statements WHERE statement LIKE '%ST_AsMVT(m,%' AND statement LIKE '%count(*)%'";
        const string Plans15 = "SELECT sum(generic_plans) FROM pg_prepared_statements WHERE statement LIKE '%ST_AsMVT(m,%' AND statement NOT LIKE '%count(*)%'";
        Assert.Equal("0", await ShowAsync(Plans11));
        Assert.NotEqual("0", await ShowAsync(Plans15));
    }

    [Fact]
    public async Task A_tile_whose_statement_fails_leaves_no_transaction_open_on_its_connection()
    {
        var ct = TestContext.Current.CancellationToken;
        await factory.SignedInAsync("leader1"); // the app has migrated and seeded the database
        await using var db = factory.OpenDatabase();
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        Task<string> ShowAsync(string sql) => connection.ScalarTextAsync(sql, ct);
        await ShowAsync("SET max_parallel_workers_per_gather = 2");
        var workers = await ShowAsync("SHOW max_parallel_workers_per_gather");
        var site = await db.Sites.AsNoTracking().FirstAsync(s => s.DeletedAt == null, ct);
        // Below GenericPlanZoom, where a tile opens a transaction of its own for its planner setting.
        var tile = TileAddress.Containing(site.Geometry.InteriorPoint.X, site.Geometry.InteriorPoint.Y, Planner.Tiles.SiteTiles.GenericPlanZoom - 3);
        Task<byte[]> TileAsync() => Planner.Tiles.SiteTiles.SitesAsync(db, tile, new SiteFilter(), Planner.Users.SiteScope.District, DateOnly.FromDateTime(DateTime.Today), ct);

        // Made once, so the statement is prepared on this connection: the next one fails in execution, after its BEGIN,
        // not in parsing (which takes the table's lock too).
        Assert.NotEmpty(await TileAsync());
        // Another session holds the sites table; this one gives up waiting after 200 ms, inside the tile's transaction.
        await using var other = factory.OpenDatabase();
        await using (var locking = await other.Database.BeginTransactionAsync(ct))
        {
            await other.Database.ExecuteSqlRawAsync("LOCK TABLE sites IN ACCESS EXCLUSIVE MODE", ct);
            await ShowAsync("SET lock_timeout = '200ms'");
            var failure = await Assert.ThrowsAsync<Npgsql.PostgresException>(TileAsync);
            Assert.Equal("55P03", failure.SqlState);
            // Not left in an aborted transaction (every command would fail), nor with the tile's settings.
            Assert.Equal(workers, await ShowAsync("SHOW max_parallel_workers_per_gather"));
            // Nor inside a transaction block at all: a savepoint needs one.
            Assert.Equal("25P01", (await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ShowAsync("SAVEPOINT probe"))).SqlState);
            await locking.RollbackAsync(ct);
        }
        await ShowAsync("RESET lock_timeout");
        Assert.NotEmpty(await TileAsync());
        Assert.Equal(workers, await ShowAsync("SHOW max_parallel_workers_per_gather"));
    }
}
