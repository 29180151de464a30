using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Planner.Tests.Hosting;

/// <summary>
/// Two instances of the app on one database, as two web nodes behind a balancer: a user signed in through one carries
/// on through the other (the keys that protect the cookie live in the database), an import previewed on one commits on the
/// other, a change made through one shows in the other's cached tiles, and both say they are ready.
/// </summary>
public abstract class TwoNodesTests(PlannerWebFactory first)
{
    /// <summary>A second node on the first node's database.</summary>
    sealed class SecondNode(PlannerWebFactory first) : PlannerWebFactory
    {
        public override string ConnectionString => first.ConnectionString;
    }

    [Fact]
    public async Task A_user_signed_in_through_one_node_carries_on_through_the_other_and_both_are_ready()
    {
        await first.SignedInAsync("leader1"); // the users exist from here
        var cookie = await SignInThroughFirstAsync("field1");
        await using var second = new SecondNode(first);
        var other = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/my/work");
        request.Headers.Add("Cookie", cookie);
        var answer = await other.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode); // the other node reads the cookie the first one wrote
        // …because the key ring is in the database they share, not on one node's disk.
        await using (var scope = first.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<Planner.Data.PlannerDbContext>().DataProtectionKeys.CountAsync() >= 1);
        var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/my/work");
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.SendAsync(anonymous)).StatusCode);

        foreach (var node in new[] { first.CreateClient(), other })
        {
            Assert.Equal(HttpStatusCode.OK, (await node.GetAsync("/healthz")).StatusCode);
            var ready = await node.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("migrations").GetProperty("status").GetString());
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_node_whose_database_lacks_a_migration_is_not_ready_and_says_which()
    {
        await using var node = new SecondNode(first);
        var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Planner.Data.PlannerDbContext>();
            // Its row goes as if the script had never run (the row comes back below: the class's other test shares the database).
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE kept_migration AS SELECT * FROM schema_migrations WHERE version = 15");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM schema_migrations WHERE version = 15");
        }
        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("pending: 0015_data_protection_keys", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode); // alive all the same
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Planner.Data.PlannerDbContext>();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO schema_migrations SELECT * FROM kept_migration");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE kept_migration");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    /// <summary>Signs in through the first node and returns its cookies as a Cookie header, to be sent to the other node.</summary>
    [Fact]
    public async Task An_import_previewed_on_one_node_commits_on_the_other()
    {
        await first.SignedInAsync("leader1");
        // One browser: its cookies go to whichever node the balancer picks.
        var cookies = new CookieContainer();
        var one = first.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        await using var second = new SecondNode(first);
        var two = second.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        var login = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await one.GetStringAsync("/Account/Login"));
        var signedIn = await two.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "planner1", ["Password"] = first.Password,
            ["__RequestVerificationToken"] = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode); // signed in, sent on to the start page

        var importPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await one.GetStringAsync("/Import"));
        var upload = new MultipartFormDataContent
        {
            { new StringContent(importPage.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent("fringe"), "Programme" },
        };
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"编号":"NODE-1","名称":"两节点导入"},"geometry":{"type":"Polygon","coordinates":[[[113.790,34.700],[113.800,34.700],[113.800,34.710],[113.790,34.710],[113.790,34.700]]]}}]}
            """));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/geo+json");
        upload.Add(file, "upload", "村庄.geojson");
        var preview = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await (await one.PostAsync("/Import?handler=Preview", upload)).Content.ReadAsStringAsync());
        Assert.Equal("1", preview.QuerySelector("#import-report")!.GetAttribute("data-new"));

        // The upload waits in Planner:Import:Folder (here the machine's temp folder, as nodes on several machines share a
        // network folder) and its preview in the database: the other node commits it.
        var commit = await two.PostAsync("/Import?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = preview.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Token"] = preview.QuerySelector("#import-form input[name=Token]")!.GetAttribute("value")!, ["Programme"] = "fringe",
        }));
        var done = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await commit.Content.ReadAsStringAsync());
        Assert.Equal("true", done.QuerySelector("#import-report")?.GetAttribute("data-committed"));
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Planner.Data.PlannerDbContext>();
            Assert.True(await db.Sites.AnyAsync(x => x.Code == "NODE-1"));
        }
    }

    [Fact]
    public async Task A_change_made_through_one_node_shows_in_the_other_node_s_tiles()
    {
        await first.SignedInAsync("leader1"); // the users exist from here
        var cookie = await SignInThroughFirstAsync("leader1");
        await using var second = new SecondNode(first);
        var other = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        other.DefaultRequestHeaders.Add("Cookie", cookie);
        long id;
        Planner.Sites.SiteStatus was;
        NetTopologySuite.Geometries.Point at;
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var site = await scope.ServiceProvider.GetRequiredService<Planner.Data.PlannerDbContext>().Sites.AsNoTracking().FirstAsync(x => x.Status != Planner.Sites.SiteStatus.Suspended);
            (id, was, at) = (site.Id, site.Status, site.Geometry.InteriorPoint);
        }
        var tile = Planner.Geometry.TileAddress.Containing(at.X, at.Y, 15);
        var url = $"/tiles/sites/{tile}.mvt";
        var before = await other.GetAsync(url); // the other node makes and keeps the tile
        var etag = before.Headers.ETag!;

        await using (var scope = first.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Planner.Data.PlannerDbContext>().Sites.Where(s => s.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, Planner.Sites.SiteStatus.Suspended));
        try
        {
            // On PostGIS the new version reaches the other node by NOTIFY within milliseconds: ask until it has (bounded).
            HttpResponseMessage after;
            var asked = 0;
            do
            {
                if (asked++ > 0) await Task.Delay(50);
                var again = new HttpRequestMessage(HttpMethod.Get, url);
                again.Headers.IfNoneMatch.Add(etag);
                after = await other.SendAsync(again);
            } while (after.StatusCode == HttpStatusCode.NotModified && asked < 100);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            var feature = Planner.Tests.Api.TileFeature.Read(await after.Content.ReadAsByteArrayAsync(), tile).Single(f => f.Id == id);
            Assert.Equal("suspended", feature.Properties["status"]);
        }
        finally
        {
            await using var scope = first.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Planner.Data.PlannerDbContext>().Sites.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, was));
        }
    }

    async Task<string> SignInThroughFirstAsync(string user)
    {
        var fresh = first.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var form = await fresh.GetAsync("/Account/Login");
        var antiforgery = form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync())
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = user, ["Password"] = first.Password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgery));
        var signedIn = await fresh.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }
}

public sealed class SqliteTwoNodesTests(PlannerWebFactory factory) : TwoNodesTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisTwoNodesTests(PostgisWebFactory factory) : TwoNodesTests(factory), IClassFixture<PostgisWebFactory>;
