using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Tests.Api;

public abstract class SitesApiTests(PlannerWebFactory factory)
{
    async Task<JsonElement[]> FeaturesAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.Clone()).ToArray();
    }

    async Task<List<Site>> SitesAsync()
    {
        await using var db = factory.OpenDatabase();
        return await db.Sites.Include(s => s.Township).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_leader_gets_every_site_as_RFC7946_GeoJSON()
    {
        var client = await factory.SignedInAsync("leader1");
        var features = await FeaturesAsync(client, "/api/sites");
        var sites = await SitesAsync();
        Assert.Equal(sites.Count, features.Length);
        var first = features.Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "GC-XQ-001");
        var site = sites.Single(s => s.Code == "GC-XQ-001");
        Assert.Equal(site.Id, first.GetProperty("id").GetInt64());
        Assert.Equal(site.Township!.Name, first.GetProperty("properties").GetProperty("township").GetString());
        var geometry = GeoJsonGeometry.Read(first.GetProperty("geometry"));
        Assert.True(geometry.EqualsExact(site.Geometry, 1e-7), "coordinates are lon/lat, rounded to 7 decimals (1 cm)");
        Assert.True(((NetTopologySuite.Geometries.Polygon)geometry).Shell.IsCCW, "RFC 7946 exterior rings are counter-clockwise");
    }

    [Fact]
    public async Task Lines_keep_their_direction_and_rings_are_written_counter_clockwise()
    {
        var ct = TestContext.Current.CancellationToken;
        // A compound stored clockwise, as shapefiles give their rings.
        string clockwise;
        await using (var db = factory.OpenDatabase())
        {
            var site = await db.Sites.OfType<CompoundSite>().Where(s => s.Code != "GC-XQ-001").OrderBy(s => s.Code).FirstAsync(ct);
            if (((NetTopologySuite.Geometries.Polygon)site.Geometry).Shell.IsCCW) site.SetGeometry(site.Geometry.Reverse());
            Assert.False(((NetTopologySuite.Geometries.Polygon)site.Geometry).Shell.IsCCW);
            await db.SaveChangesAsync(ct);
            clockwise = site.Code;
        }
        var client = await factory.SignedInAsync("leader1");
        var sites = (await SitesAsync()).ToDictionary(s => s.Code);
        foreach (var query in new[] { "", "&res=300" })
        {
            var written = (await FeaturesAsync(client, "/api/sites?programme=road,compound" + query)).ToDictionary(
                f => f.GetProperty("properties").GetProperty("code").GetString()!, f => GeoJsonGeometry.Read(f.GetProperty("geometry")));
            var turned = (NetTopologySuite.Geometries.Polygon)written[clockwise];
            Assert.True(turned.Shell.IsCCW, $"{clockwise}{query}: RFC 7946 exterior rings are counter-clockwise");
            if (query == "") Assert.True(turned.Normalized().EqualsExact(sites[clockwise].Geometry.Normalized(), 1e-7), "the same ring, turned");
            foreach (var road in sites.Values.Where(s => s.Programme == Programme.Road))
            {
                // A road runs from its start to its end: simplified (to 5 decimals at 300 m per pixel) or not, never end to start.
                var line = written[road.Code];
                Assert.True(line.Coordinates[0].Equals2D(road.Geometry.Coordinates[0], 1e-4), $"{road.Code}{query} starts where it is stored to start");
                if (query == "") Assert.True(line.EqualsExact(road.Geometry, 1e-7), $"{road.Code}: the stored vertices, in order");
            }
        }
    }

    [Fact]
    public async Task Every_site_s_map_properties_are_the_database_s_and_an_empty_selection_is_an_empty_collection()
    {
        var client = await factory.SignedInAsync("leader1");
        var today = factory.Services.GetRequiredService<DistrictTime>().Today;
        var sites = (await SitesAsync()).ToDictionary(s => s.Id);
        var features = await FeaturesAsync(client, "/api/sites");
        foreach (var f in features)
        {
            var site = sites[f.GetProperty("id").GetInt64()];
            var p = f.GetProperty("properties");
            Assert.Equal(site.Code, p.GetProperty("code").GetString());
            Assert.Equal(site.Name, p.GetProperty("name").GetString());
            Assert.Equal(site.Programme.Code(), p.GetProperty("programme").GetString());
            Assert.Equal(site.TownshipId, p.GetProperty("townshipId").GetInt32());
            Assert.Equal(site.Status.Code(), p.GetProperty("status").GetString());
            Assert.Equal(site.Progress, p.GetProperty("progress").GetInt32());
            Assert.Equal(site.IsOverdue(today), p.GetProperty("overdue").GetBoolean());
            Assert.Equal(site.IsPilot, p.GetProperty("pilot").GetBoolean());
            Assert.Equal(site.IsShowcase, p.GetProperty("showcase").GetBoolean());
            Assert.Equal(site.PlannedEnd?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.TryGetProperty("plannedEnd", out var end) ? end.GetString() : null);
            Assert.Equal(site.AreaSquareMetres is { } a ? Math.Round(a, 1) : (double?)null, p.TryGetProperty("areaM2", out var area) ? area.GetDouble() : null);
            Assert.Equal(Math.Round(site.LengthMetres, 1), p.GetProperty("lengthM").GetDouble());
        }
        // The edges the sample has: several statuses, sites with and without a planned end, roads without an area.
        Assert.True(features.Select(f => f.GetProperty("properties").GetProperty("status").GetString()).Distinct().Count() > 1);
        Assert.Contains(features, f => !f.GetProperty("properties").TryGetProperty("areaM2", out _));

        var none = await client.GetAsync("/api/sites?q=没有这个项目", TestContext.Current.CancellationToken);
        using var empty = JsonDocument.Parse(await none.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, empty.RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal(0, empty.RootElement.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task Filters_select_what_the_database_says()
    {
        var client = await factory.SignedInAsync("leader1");
        var sites = await SitesAsync();
        // The district's day, not this machine's: from 16:00 UTC they differ.
        var today = factory.Services.GetRequiredService<DistrictTime>().Today;
        var township = sites.First(s => s.Township!.Name == "二里岗街道").TownshipId;

        async Task Check(string query, Func<Site, bool> expected)
        {
            var codes = (await FeaturesAsync(client, "/api/sites?" + query)).Select(f => f.GetProperty("properties").GetProperty("code").GetString()).Order();
            Assert.Equal(sites.Where(expected).Select(s => s.Code).Order(), codes);
        }

        await Check("programme=road", s => s.Programme == Programme.Road);
        await Check("programme=road,fringe", s => s.Programme != Programme.Compound);
        await Check($"township={township}", s => s.TownshipId == township);
        await Check("status=construction,suspended", s => s.Status is SiteStatus.Construction or SiteStatus.Suspended);
        await Check("overdue=1", s => s.IsOverdue(today));
        await Check("pilot=1", s => s.IsPilot);
        await Check("showcase=1&programme=compound", s => s.IsShowcase && s.Programme == Programme.Compound);
        await Check("q=GC-DL-00", s => s.Code.StartsWith("GC-DL-00"));
        await Check("q=号院", s => s.Name.Contains("号院"));
        // The map's view: sites that meet it (OGC API Features' bbox), not only their boxes.
        await Check("bbox=113.66,34.73,113.70,34.77", s => s.Geometry.Intersects(Cgcs2000.Factory.ToGeometry(new NetTopologySuite.Geometries.Envelope(113.66, 113.70, 34.73, 34.77))));
        await Check("unit=办事处", s => s.ResponsibleUnit?.Contains("办事处") == true);
        // A triangle drawn on the map: exact intersection, not just bounding boxes.
        var triangle = Planner.Geometry.Cgcs2000.Factory.CreatePolygon([new(113.66, 34.73), new(113.72, 34.73), new(113.66, 34.77), new(113.66, 34.73)]);
        await Check("area=113.66 34.73,113.72 34.73,113.66 34.77", s => s.Geometry.Intersects(triangle));
    }

    [Theory]
    [InlineData("bbox=1,2,3")]
    [InlineData("bbox=113.7,34.8,113.6,34.7")]
    [InlineData("status=finished")]
    [InlineData("programme=park")]
    [InlineData("township=abc")]
    [InlineData("area=113.66 34.73,113.72")]
    public async Task A_bad_filter_is_a_400_that_says_which(string query)
    {
        var client = await factory.SignedInAsync("leader1");
        var response = await client.GetAsync("/api/sites?" + query, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(query.Split('=')[0], await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Zoomed_out_polygons_are_simplified_but_stay_valid()
    {
        var client = await factory.SignedInAsync("leader1");
        var full = await FeaturesAsync(client, "/api/townships");
        var fringe = await FeaturesAsync(client, "/api/sites?programme=fringe");
        var detailed = fringe.Sum(f => GeoJsonGeometry.Read(f.GetProperty("geometry")).NumPoints);
        // 300 m per pixel: a fringe zone of ~1 km keeps only a handful of vertices.
        var coarse = await FeaturesAsync(client, "/api/sites?programme=fringe&res=300");
        var simplified = coarse.Select(f => GeoJsonGeometry.Read(f.GetProperty("geometry"))).ToList();
        Assert.True(simplified.Sum(g => g.NumPoints) < detailed, "fewer vertices at low zoom");
        Assert.All(simplified, g => Assert.True(g.IsValid && !g.IsEmpty));
        Assert.Equal(11, full.Length);
    }

    [Fact]
    public async Task Townships_carry_progress_figures_that_match_the_sites()
    {
        var client = await factory.SignedInAsync("leader1");
        var features = await FeaturesAsync(client, "/api/townships?programme=compound");
        var sites = await SitesAsync();
        // The district's day, not this machine's: from 16:00 UTC they differ.
        var today = factory.Services.GetRequiredService<DistrictTime>().Today;
        foreach (var f in features)
        {
            var p = f.GetProperty("properties");
            var mine = sites.Where(s => s.Township!.Name == p.GetProperty("name").GetString() && s.Programme == Programme.Compound).ToList();
            Assert.Equal(mine.Count, p.GetProperty("total").GetInt32());
            Assert.Equal(mine.Count(s => s.Status.IsFinished()), p.GetProperty("done").GetInt32());
            Assert.Equal(mine.Count(s => s.IsOverdue(today)), p.GetProperty("overdue").GetInt32());
        }
    }

    [Fact]
    public async Task Township_figures_count_the_drawn_area_by_its_shape_as_the_list_does()
    {
        var client = await factory.SignedInAsync("leader1");
        var sites = await SitesAsync();
        var triangle = Cgcs2000.Factory.CreatePolygon([new(113.66, 34.73), new(113.72, 34.73), new(113.66, 34.77), new(113.66, 34.73)]);
        Assert.True(sites.Count(s => s.Geometry.EnvelopeInternal.Intersects(triangle.EnvelopeInternal)) > sites.Count(s => s.Geometry.Intersects(triangle)),
            "the triangle's box holds sites the triangle does not touch");
        const string area = "area=113.66 34.73,113.72 34.73,113.66 34.77";
        var listed = (await FeaturesAsync(client, "/api/sites?" + area)).GroupBy(f => f.GetProperty("properties").GetProperty("township").GetString()!)
            .ToDictionary(g => g.Key, g => g.Count());
        var figures = (await FeaturesAsync(client, "/api/townships?" + area)).ToDictionary(
            f => f.GetProperty("properties").GetProperty("name").GetString()!, f => f.GetProperty("properties").GetProperty("total").GetInt32());
        Assert.Equal(sites.Count(s => s.Geometry.Intersects(triangle)), figures.Values.Sum());
        foreach (var (township, total) in figures) Assert.Equal(listed.GetValueOrDefault(township), total);
    }
}

public sealed class SqliteSitesApiTests(PlannerWebFactory factory) : SitesApiTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisSitesApiTests(PostgisWebFactory factory) : SitesApiTests(factory), IClassFixture<PostgisWebFactory>;
