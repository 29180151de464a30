using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Sites;
using Planner.Users;

namespace Planner.Tests.Api;

/// <summary>
/// OGC API Features on both engines: the landing page, conformance, collections and their links; paging that covers a
/// collection once; CRS84 and EPSG:4490 (latitude first) for answers and boxes; the map's filters and the user's
/// townships; every bad parameter a 400 that names it; desktop GIS through a personal access token.
/// </summary>
public abstract class OgcApiTests(PlannerWebFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Epsg4490 = "http://www.opengis.net/def/crs/EPSG/0/4490";

    static async Task<JsonElement> JsonAsync(HttpClient client, string url, string mediaType = "application/json")
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.Clone();
    }

    async Task<List<Site>> SitesAsync()
    {
        await using var db = factory.OpenDatabase();
        return await db.Sites.Include(s => s.Township).Where(s => s.DeletedAt == null).ToListAsync(Ct);
    }

    static string Href(JsonElement links, string rel) => links.EnumerateArray().Single(l => l.GetProperty("rel").GetString() == rel).GetProperty("href").GetString()!;

    [Fact]
    public async Task The_landing_page_leads_to_conformance_the_definition_and_five_collections()
    {
        var client = await factory.SignedInAsync("leader1");
        var landing = await JsonAsync(client, "/ogc");
        var links = landing.GetProperty("links");
        Assert.EndsWith("/ogc/conformance", Href(links, "conformance"));
        Assert.EndsWith("/ogc/collections", Href(links, "data"));
        var conformance = await JsonAsync(client, new Uri(Href(links, "conformance")).PathAndQuery);
        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", classes);
        var api = await JsonAsync(client, new Uri(Href(links, "service-desc")).PathAndQuery, "application/vnd.oai.openapi+json");
        Assert.Equal("3.0.3", api.GetProperty("openapi").GetString());
        Assert.True(api.GetProperty("paths").TryGetProperty("/collections/roads/items", out _));

        var collections = (await JsonAsync(client, "/ogc/collections")).GetProperty("collections").EnumerateArray().ToList();
        Assert.Equal(["roads", "compounds", "fringe-zones", "townships", "cases"], collections.Select(c => c.GetProperty("id").GetString()));
        foreach (var c in collections)
        {
            Assert.Equal(["http://www.opengis.net/def/crs/OGC/1.3/CRS84", Epsg4490], c.GetProperty("crs").EnumerateArray().Select(x => x.GetString()));
            var bbox = c.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(x => x.GetDouble()).ToList();
            Assert.True(bbox[0] > 113 && bbox[2] < 114 && bbox[1] > 34 && bbox[3] < 35, "the district's extent, longitude first");
            Assert.EndsWith($"/ogc/collections/{c.GetProperty("id").GetString()}/items", Href(c.GetProperty("links"), "items"));
        }
    }

    [Fact]
    public async Task Paging_through_next_links_returns_each_site_of_a_programme_once_with_its_fields()
    {
        var client = await factory.SignedInAsync("leader1");
        var compounds = (await SitesAsync()).Where(s => s.Programme == Programme.Compound).ToList();
        var first = await JsonAsync(client, "/ogc/collections/compounds/items", "application/geo+json");
        Assert.Equal(10, first.GetProperty("numberReturned").GetInt32()); // the default limit
        Assert.Equal(compounds.Count, first.GetProperty("numberMatched").GetInt32());

        var seen = new List<long>();
        var url = "/ogc/collections/compounds/items?limit=7";
        while (true)
        {
            var page = await JsonAsync(client, url, "application/geo+json");
            var features = page.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(features.Count, page.GetProperty("numberReturned").GetInt32());
            seen.AddRange(features.Select(f => f.GetProperty("id").GetInt64()));
            var next = page.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            if (next.ValueKind == JsonValueKind.Undefined) break;
            url = new Uri(next.GetProperty("href").GetString()!).PathAndQuery;
        }
        Assert.Equal(compounds.Select(s => s.Id).Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var one = compounds.First(s => s.ResponsibleUnit is not null);
        var item = await JsonAsync(client, $"/ogc/collections/compounds/items/{one.Id}", "application/geo+json");
        var p = item.GetProperty("properties");
        Assert.Equal(one.Code, p.GetProperty("code").GetString());
        Assert.Equal(one.ResponsibleUnit, p.GetProperty("responsibleUnit").GetString());
        Assert.Equal(one.Township!.Name, p.GetProperty("townshipName").GetString());
        Assert.False(p.TryGetProperty("version", out _), "the editor's members are not published");
        // A site of another programme is not a compound.
        var road = (await SitesAsync()).First(s => s.Programme == Programme.Road);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/ogc/collections/compounds/items/{road.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task EPSG_4490_answers_latitude_first_and_boxes_in_it_select_the_same_sites()
    {
        var client = await factory.SignedInAsync("leader1");
        var roads = (await SitesAsync()).Where(s => s.Programme == Programme.Road).ToList();
        var response = await client.GetAsync($"/ogc/collections/roads/items?limit=1000&crs={Uri.EscapeDataString(Epsg4490)}", Ct);
        Assert.Equal($"<{Epsg4490}>", response.Headers.GetValues("Content-Crs").Single());
        using var latLon = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        foreach (var f in latLon.RootElement.GetProperty("features").EnumerateArray())
        {
            var site = roads.Single(s => s.Id == f.GetProperty("id").GetInt64());
            var first = f.GetProperty("geometry").GetProperty("coordinates")[0];
            var stored = site.Geometry.Coordinates[0];
            Assert.Equal(stored.Y, first[0].GetDouble(), 7);
            Assert.Equal(stored.X, first[1].GetDouble(), 7);
        }
        var crs84 = await client.GetAsync("/ogc/collections/roads/items?limit=1", Ct);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", crs84.Headers.GetValues("Content-Crs").Single());

        async Task<long[]> Ids(string query) =>
            (await JsonAsync(client, "/ogc/collections/roads/items?limit=1000&" + query, "application/geo+json")).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("id").GetInt64()).Order().ToArray();
        var lonLat = await Ids("bbox=113.66,34.73,113.70,34.77");
        Assert.NotEmpty(lonLat);
        Assert.True(lonLat.Length < roads.Count);
        Assert.Equal(lonLat, await Ids($"bbox=34.73,113.66,34.77,113.70&bbox-crs={Uri.EscapeDataString(Epsg4490)}"));
        Assert.Equal(lonLat, await Ids("bbox=113.66,34.73,0,113.70,34.77,100"));
        var box = new NetTopologySuite.Geometries.Envelope(113.66, 113.70, 34.73, 34.77);
        Assert.Equal(roads.Where(s => s.Geometry.Intersects(Planner.Geometry.Cgcs2000.Factory.ToGeometry(box))).Select(s => s.Id).Order(), lonLat);
    }

    [Fact]
    public async Task The_map_s_filters_and_the_user_s_townships_apply()
    {
        var sites = await SitesAsync();
        var leader = await factory.SignedInAsync("leader1");
        async Task<List<long>> Ids(HttpClient client, string collection, string query) =>
            (await JsonAsync(client, $"/ogc/collections/{collection}/items?limit=10000&{query}", "application/geo+json")).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("id").GetInt64()).Order().ToList();
        var township = sites.First(s => s.Township!.Name == "二里岗街道").TownshipId;
        Assert.Equal(sites.Where(s => s.Programme == Programme.Fringe && s.TownshipId == township).Select(s => s.Id).Order(), await Ids(leader, "fringe-zones", $"township={township}"));
        Assert.Equal(sites.Where(s => s.Programme == Programme.Road && s.Status == SiteStatus.Construction).Select(s => s.Id).Order(), await Ids(leader, "roads", "status=construction"));
        // The district's day, not this machine's: from 16:00 UTC they differ.
        var today = factory.Services.GetRequiredService<DistrictTime>().Today;
        Assert.Equal(sites.Where(s => s.Programme == Programme.Compound && s.IsOverdue(today)).Select(s => s.Id).Order(), await Ids(leader, "compounds", "overdue=1"));
        var from = new DateOnly(today.Year + 5, 1, 1);
        Assert.Equal(sites.Where(s => s.Programme == Programme.Road && (s.PlannedEnd is null || s.PlannedEnd >= from)).Select(s => s.Id).Order(),
            await Ids(leader, "roads", $"datetime={from:yyyy-MM-dd}T00:00:00Z/.."));

        // Nothing selected: an empty collection, no next page.
        var none = await JsonAsync(leader, "/ogc/collections/roads/items?q=没有这个项目", "application/geo+json");
        Assert.Equal((0, 0), (none.GetProperty("numberMatched").GetInt32(), none.GetProperty("numberReturned").GetInt32()));
        Assert.DoesNotContain(none.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "next");
        // Cases without a box are paged by the database, with a box in memory: the same ids either way.
        var allCases = await Ids(leader, "cases", "");
        Assert.Equal(allCases, await Ids(leader, "cases", "bbox=73,3,136,54"));

        var field = await factory.SignedInAsync("field1");
        Assert.Equal(sites.Where(s => s.Programme == Programme.Road && s.Township!.Name == "南关街道").Select(s => s.Id).Order(), await Ids(field, "roads", ""));
        var townships = (await JsonAsync(field, "/ogc/collections/townships/items?limit=100", "application/geo+json")).GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["南关街道"], townships.Select(t => t.GetProperty("properties").GetProperty("name").GetString()));
        var theirs = sites.First(s => s.Programme == Programme.Road && s.Township!.Name != "南关街道");
        Assert.Equal(HttpStatusCode.NotFound, (await field.GetAsync($"/ogc/collections/roads/items/{theirs.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Every_bad_parameter_gets_a_400_that_names_it_and_a_limit_above_the_maximum_is_the_maximum()
    {
        var client = await factory.SignedInAsync("leader1");
        foreach (var (url, says) in new[]
                 {
                     ("/ogc/collections/roads/items?limit=0", "limit"), ("/ogc/collections/roads/items?limit=abc", "limit"),
                     ("/ogc/collections/roads/items?offset=-1", "offset"), ("/ogc/collections/roads/items?crs=EPSG:3857", "crs"),
                     ("/ogc/collections/roads/items?bbox-crs=urn:x", "bbox-crs"), ("/ogc/collections/roads/items?bbox=1,2,3", "bbox"),
                     ("/ogc/collections/roads/items?bbox=34,113,35,114", "bbox"), ("/ogc/collections/roads/items?programme=road", "programme"),
                     ("/ogc/collections/roads/items?status=done", "status"), ("/ogc/collections/roads/items?datetime=yesterday", "datetime"),
                     ("/ogc/collections/cases/items?state=lost", "state"), ("/ogc/collections/roads/items?f=html", "f"),
                     ("/ogc/collections/roads/items/1?limit=1", "limit"),
                 })
        {
            var response = await client.GetAsync(url, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {response.StatusCode}");
            Assert.Contains(says, await response.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ogc/collections/bridges/items", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ogc/collections/roads/items/999999", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ogc/collections/roads/items/abc", Ct)).StatusCode);
        var all = await JsonAsync(client, "/ogc/collections/cases/items?limit=20000", "application/geo+json");
        Assert.Equal(all.GetProperty("numberMatched").GetInt32(), all.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task Desktop_GIS_reads_with_an_access_token_and_nobody_reads_without_one()
    {
        await factory.SignedInAsync("field1"); // the factory makes its users on first use
        string token;
        await using (var scope = factory.Services.CreateAsyncScope())
            (token, _) = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync("field1", "QGIS", 30, Ct);
        var gis = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        gis.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var roads = await JsonAsync(gis, "/ogc/collections/roads/items?limit=1000", "application/geo+json");
        Assert.All(roads.GetProperty("features").EnumerateArray(), f => Assert.Equal("南关街道", f.GetProperty("properties").GetProperty("townshipName").GetString()));
        var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/ogc/collections", Ct);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }
}

public sealed class SqliteOgcApiTests(PlannerWebFactory factory) : OgcApiTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisOgcApiTests(PostgisWebFactory factory) : OgcApiTests(factory), IClassFixture<PostgisWebFactory>;
