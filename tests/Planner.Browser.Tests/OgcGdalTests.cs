using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Sites;
using Planner.Users;

namespace Planner.Tests;

/// <summary>
/// OGC API Features as desktop GIS reads it: GDAL's OAPIF driver (what QGIS uses) against the running app, with a
/// personal access token in the Authorization header, paging through next links; the copy's vertices are the database's.
/// </summary>
public sealed class OgcGdalTests(PlannerServer server)
{
    async Task<string[]> AuthAsync(string user)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var (token, _) = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(user, "GDAL", 1, TestContext.Current.CancellationToken);
        return ["--config", "GDAL_HTTP_HEADERS", $"Authorization: Bearer {token}"];
    }

    async Task<List<Site>> SitesAsync(Programme programme, string? township = null)
    {
        await using var db = PlannerDatabase.Open(server.ConnectionString);
        return (await db.Sites.Include(s => s.Township).Where(s => s.DeletedAt == null).ToListAsync(TestContext.Current.CancellationToken))
            .Where(s => s.Programme == programme && (township is null || s.Township!.Name == township)).ToList();
    }

    /// <summary>
    /// The sites and what GDAL read, from a moment the sites held throughout GDAL's reading: the browser tests run side
    /// by side on one server and some of them edit sites, so the sites (ids and versions) are read before and after and
    /// GDAL reads again when they changed.
    /// </summary>
    async Task<(List<Site> Sites, T Read)> WhileUnchangedAsync<T>(Programme programme, string? township, Func<T> read)
    {
        static string State(List<Site> sites) => string.Join(";", sites.OrderBy(s => s.Id).Select(s => $"{s.Id}:{s.Version}"));
        for (var attempt = 1; ; attempt++)
        {
            var sites = await SitesAsync(programme, township);
            var result = read();
            if (State(sites) == State(await SitesAsync(programme, township))) return (sites, result);
            Assert.True(attempt < 5, $"the {programme} sites kept changing while GDAL read them");
        }
    }

    static (int Exit, string Output, string Error) Gdal(string tool, params string[] args) => ExportFiles.Run(tool, args);

    [Fact]
    public async Task GDAL_lists_the_collections_with_their_counts_and_copies_one_to_a_GeoPackage_with_the_database_s_vertices()
    {
        ExportFiles.RequireGdal();
        var auth = await AuthAsync("leader1");
        var source = $"OAPIF:{server.BaseUrl}/ogc";
        var (exit, listing, error) = Gdal("ogrinfo", [.. auth, "-ro", "-q", source]);
        Assert.True(exit == 0, error + listing);
        foreach (var id in new[] { "roads", "compounds", "fringe-zones", "townships", "cases" }) Assert.Contains(id, listing);

        var (roads, (summary, summaryError, features)) = await WhileUnchangedAsync(Programme.Road, null, () =>
        {
            var (_, info, infoError) = Gdal("ogrinfo", [.. auth, "-ro", "-so", source, "roads"]);
            // Seven features a page: GDAL follows the next links to the end.
            var copy = Path.Combine(Path.GetTempPath(), $"ogc-roads-{Guid.NewGuid():N}.gpkg");
            var (copyExit, output, copyError) = Gdal("ogr2ogr", [.. auth, "-f", "GPKG", copy, source, "roads", "-oo", "PAGE_SIZE=7"]);
            Assert.True(copyExit == 0, copyError + output);
            var copied = ExportFiles.ReadWithGdal(copy);
            File.Delete(copy);
            return (info, infoError, copied);
        });
        Assert.True(summary.Contains($"Feature Count: {roads.Count}"), summaryError + summary);
        Assert.Equal(roads.Select(s => s.Code).Order(), features.Select(f => ExportFiles.Prop(f, "code")).Order());
        foreach (var f in features)
        {
            var site = roads.Single(s => s.Code == ExportFiles.Prop(f, "code"));
            AssertSameVertices(site.Geometry, f.GetProperty("geometry"), swapped: false, site.Code);
            Assert.Equal(site.Township!.Name, ExportFiles.Prop(f, "townshipName"));
            Assert.Equal(site.Status.Code(), ExportFiles.Prop(f, "status"));
        }
    }

    [Fact]
    public async Task In_EPSG_4490_GDAL_reads_latitude_first_and_a_field_team_s_token_reads_its_own_township()
    {
        ExportFiles.RequireGdal();
        var auth = await AuthAsync("field1");
        var url = $"{server.BaseUrl}/ogc/collections/compounds/items?crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/4490")}&limit=10000";
        var (own, features) = await WhileUnchangedAsync(Programme.Compound, "南关街道", () =>
        {
            // GDAL's GeoJSON reader takes the coordinates in the order given: x is then the latitude.
            var (exit, json, error) = Gdal("ogr2ogr", [.. auth, "-f", "GeoJSON", "/vsistdout/", url]);
            Assert.True(exit == 0, error);
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.Clone()).ToList();
        });
        Assert.NotEmpty(own);
        Assert.Equal(own.Select(s => s.Code).Order(), features.Select(f => ExportFiles.Prop(f, "code")).Order());
        foreach (var f in features)
        {
            var site = own.Single(s => s.Code == ExportFiles.Prop(f, "code"));
            AssertSameVertices(site.Geometry, f.GetProperty("geometry"), swapped: true, site.Code);
        }
    }

    /// <summary>The same vertices to 1e-7° (1 cm), whichever way a ring runs (latitude first, a ring's direction is a matter of taste).</summary>
    static void AssertSameVertices(NetTopologySuite.Geometries.Geometry stored, JsonElement geometry, bool swapped, string code)
    {
        var read = Planner.Geometry.GeoJsonGeometry.Read(geometry);
        if (swapped) read = Planner.Geometry.AxisOrder.LatLon(read);
        var expected = stored.Copy();
        expected.Normalize();
        read.Normalize();
        Assert.True(expected.EqualsExact(read, 1e-7), $"{code}: read {read.AsText()}, stored {expected.AsText()}");
    }
}
