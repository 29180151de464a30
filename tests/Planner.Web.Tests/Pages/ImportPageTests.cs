using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Planner.Data;

namespace Planner.Tests.Pages;

/// <summary>The import page on both engines: on PostGIS it imports through the app's EF Core connection with binary COPY.</summary>
public abstract class ImportPageTests(PlannerWebFactory factory)
{
    const string GeoJson = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"编号":"WEB-1","名称":"南曹村整治"},"geometry":{"type":"Polygon","coordinates":[[[113.790,34.700],[113.800,34.700],[113.800,34.710],[113.790,34.710],[113.790,34.700]]]}},
          {"type":"Feature","properties":{"编号":"WEB-2","名称":"<b>自相交</b>"},"geometry":{"type":"Polygon","coordinates":[[[113.790,34.700],[113.800,34.710],[113.800,34.700],[113.790,34.710],[113.790,34.700]]]}}
        ]}
        """;

    static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/Import", TestContext.Current.CancellationToken);
        return new HtmlParser().ParseDocument(html).QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    static async Task<(HttpStatusCode Status, AngleSharp.Html.Dom.IHtmlDocument Page)> PreviewAsync(HttpClient client)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(client)), "__RequestVerificationToken" },
            { new StringContent("fringe"), "Programme" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(GeoJson));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(file, "upload", "村庄.geojson");
        var response = await client.PostAsync("/Import?handler=Preview", form, TestContext.Current.CancellationToken);
        return (response.StatusCode, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_planner_previews_then_commits_the_valid_rows()
    {
        var client = await factory.SignedInAsync("planner1");
        var (status, page) = await PreviewAsync(client);
        Assert.Equal(HttpStatusCode.OK, status);
        var report = page.QuerySelector("#import-report")!;
        Assert.Equal(("1", "1", "false"), (report.GetAttribute("data-new"), report.GetAttribute("data-refused"), report.GetAttribute("data-committed")));
        Assert.Contains("自相交", page.QuerySelector("table.problems")!.TextContent);
        Assert.NotNull(page.QuerySelector("svg.preview-map path.new"));
        await using (var db = factory.OpenDatabase())
            Assert.False(await db.Sites.AnyAsync(s => s.Code == "WEB-1", TestContext.Current.CancellationToken)); // preview stores nothing

        var token = page.QuerySelector("#import-form input[name=Token]")!.GetAttribute("value")!;
        var commit = await client.PostAsync("/Import?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Token"] = token, ["Programme"] = "fringe",
        }), TestContext.Current.CancellationToken);
        var done = new HtmlParser().ParseDocument(await commit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("true", done.QuerySelector("#import-report")!.GetAttribute("data-committed"));
        await using (var db = factory.OpenDatabase())
        {
            var site = await db.Sites.Include(s => s.Township).SingleAsync(s => s.Code == "WEB-1", TestContext.Current.CancellationToken);
            Assert.Equal(("南曹村整治", "南曹乡"), (site.Name, site.Township!.Name));
            Assert.False(await db.Sites.AnyAsync(s => s.Code == "WEB-2", TestContext.Current.CancellationToken));
        }
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("gpkg")]
    public async Task A_townships_ledger_exported_then_uploaded_updates_its_sites_in_place(string format)
    {
        // What an office does: export its township's ledger, change it (in Excel or QGIS), upload it again.
        var client = await factory.SignedInAsync("planner1");
        int townshipId;
        Dictionary<string, (int Version, NetTopologySuite.Geometries.Geometry Shape)> before;
        await using (var db = factory.OpenDatabase())
        {
            townshipId = await db.Townships.Where(t => t.Name == "南关街道").Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
            before = await db.Sites.Where(s => s.TownshipId == townshipId && s.DeletedAt == null)
                .ToDictionaryAsync(s => s.Code, s => (s.Version, s.Geometry), TestContext.Current.CancellationToken);
        }
        var file = await client.GetByteArrayAsync($"/api/sites/export?format={format}&township={townshipId}", TestContext.Current.CancellationToken);
        var form = new MultipartFormDataContent { { new StringContent(await TokenAsync(client)), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(file), "upload", $"南关街道台账.{format}");
        var preview = await client.PostAsync("/Import?handler=Preview", form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = new HtmlParser().ParseDocument(await preview.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var report = page.QuerySelector("#import-report");
        Assert.True(report is not null, page.QuerySelector("main")?.TextContent);
        // The ledger as exported restates every site: the preview finds each one as it is.
        Assert.Equal(("0", before.Count.ToString(), "0", before.Count.ToString()),
            (report!.GetAttribute("data-new"), report.GetAttribute("data-updated"), report.GetAttribute("data-refused"), report.GetAttribute("data-unchanged")));
        // The preview map shows where each row is: the ledger's points, or the package's shapes.
        Assert.Equal(before.Count, page.QuerySelectorAll(format == "xlsx" ? "svg.preview-map circle.update" : "svg.preview-map path.update").Length);

        var done = await CommitAsync(client, page);
        var unchanged = int.Parse(done.QuerySelector("#import-report")!.GetAttribute("data-unchanged")!);
        Dictionary<string, int> versions;
        await using (var db = factory.OpenDatabase())
        {
            var after = await db.Sites.Where(s => s.TownshipId == townshipId && s.DeletedAt == null).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(before.Keys.Order(), after.Select(s => s.Code).Order());
            // Each keeps its shape; a site the file changes has a new version, one it does not keeps its own.
            Assert.All(after, s => Assert.True(s.Version >= before[s.Code].Version && s.Geometry.EqualsExact(before[s.Code].Shape, 1e-9), s.Code));
            Assert.Equal(unchanged, after.Count(s => s.Version == before[s.Code].Version));
            versions = after.ToDictionary(s => s.Code, s => s.Version);
        }

        // The same file uploaded again changes nothing: every site is left as it was, and the page says so.
        var second = new MultipartFormDataContent { { new StringContent(await TokenAsync(client)), "__RequestVerificationToken" } };
        second.Add(new ByteArrayContent(file), "upload", $"南关街道台账.{format}");
        var again = new HtmlParser().ParseDocument(await (await client.PostAsync("/Import?handler=Preview", second, TestContext.Current.CancellationToken))
            .Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // The preview already says so, and the version check a commit makes still holds.
        Assert.Equal(before.Count.ToString(), again.QuerySelector("#import-report")!.GetAttribute("data-unchanged"));
        Assert.Contains($"其中 {before.Count} 个已有项目与文件一致，导入时将保持原样", again.QuerySelector("p.unchanged")!.TextContent);
        var secondDone = await CommitAsync(client, again);
        Assert.Equal(before.Count.ToString(), secondDone.QuerySelector("#import-report")!.GetAttribute("data-unchanged"));
        Assert.Contains($"其中 {before.Count} 个已有项目与文件一致", secondDone.QuerySelector("p.unchanged")!.TextContent);
        await using (var db = factory.OpenDatabase())
            Assert.Equal(versions, await db.Sites.Where(s => s.TownshipId == townshipId && s.DeletedAt == null)
                .ToDictionaryAsync(s => s.Code, s => s.Version, TestContext.Current.CancellationToken));
    }

    static async Task<AngleSharp.Html.Dom.IHtmlDocument> CommitAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument preview)
    {
        var commit = await client.PostAsync("/Import?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = preview.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Token"] = preview.QuerySelector("#import-form input[name=Token]")!.GetAttribute("value")!,
        }), TestContext.Current.CancellationToken);
        var done = new HtmlParser().ParseDocument(await commit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("true", done.QuerySelector("#import-report")!.GetAttribute("data-committed"));
        return done;
    }

    [Fact]
    public async Task Another_user_cannot_commit_a_planners_upload()
    {
        var planner = await factory.SignedInAsync("planner1");
        var (_, page) = await PreviewAsync(planner);
        var token = page.QuerySelector("#import-form input[name=Token]")!.GetAttribute("value")!;
        var admin = await factory.SignedInAsync("admin1");
        var response = await admin.PostAsync("/Import?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync(admin), ["Token"] = token,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("leader1")]
    [InlineData("field1")]
    public async Task Leaders_and_field_teams_cannot_import(string user)
    {
        var client = await factory.SignedInAsync(user);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Import", TestContext.Current.CancellationToken)).StatusCode);
        var post = await client.PostAsync("/Import?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string> { ["Token"] = new string('a', 32) }), TestContext.Current.CancellationToken);
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, post.StatusCode.ToString());
        Assert.DoesNotContain("/Import", await client.GetStringAsync("/", TestContext.Current.CancellationToken));
    }
}

public sealed class SqliteImportPageTests(PlannerWebFactory factory) : ImportPageTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisImportPageTests(PostgisWebFactory factory) : ImportPageTests(factory), IClassFixture<PostgisWebFactory>;
