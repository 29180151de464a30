using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;

namespace Planner.Tests.Access;

/// <summary>Personal access tokens on both engines: made on the page and shown once, read within the user's townships, never write, revoked and expired ones refused, stored hashed.</summary>
public abstract class AccessTokenTests(PlannerWebFactory factory)
{
    async Task<(string Token, HttpClient Owner)> MakeTokenAsync(string user, string name)
    {
        var owner = await factory.SignedInAsync(user);
        var page = new HtmlParser().ParseDocument(await owner.GetStringAsync("/Account/Tokens"));
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = name, ["Days"] = "30", ["__RequestVerificationToken"] = page.QuerySelector("#token-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        });
        var made = await owner.PostAsync("/Account/Tokens?handler=Create", form);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.True(made.Headers.CacheControl!.NoStore);
        var token = new HtmlParser().ParseDocument(await made.Content.ReadAsStringAsync()).QuerySelector("#new-token")!.TextContent.Trim();
        Assert.StartsWith("plnr_", token);
        // Shown once: the list shows its first characters only.
        var again = await owner.GetStringAsync("/Account/Tokens");
        Assert.DoesNotContain(token, again);
        Assert.Contains(token[..11], again);
        return (token, owner);
    }

    HttpClient Bearer(string token)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_field_team_s_token_reads_its_township_and_writes_nothing()
    {
        var (token, _) = await MakeTokenAsync("field1", "QGIS");
        var gis = Bearer(token);
        var sites = await gis.GetFromJsonAsync<JsonElement>("/api/sites?res=1");
        var townships = sites.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("township").GetString()).Distinct().ToList();
        Assert.Equal(["南关街道"], townships);
        Assert.Equal(HttpStatusCode.OK, (await gis.GetAsync("/api/sites/export?format=geojson")).StatusCode);

        var write = await gis.PostAsJsonAsync("/api/supervisions", new { siteId = 1, unit = "x", deadline = "2099-01-01", note = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("只能读取", await write.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await gis.DeleteAsync("/api/sites/1")).StatusCode);

        // Nothing a token stands for beyond reading: the documents and the editing policies take the signed-in cookie only.
        var planner = await MakeTokenAsync("planner1", "script");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(planner.Token).GetAsync("/api/reports/monthly.xlsx")).StatusCode);
    }

    [Fact]
    public async Task Prometheus_scrapes_the_metrics_with_an_admin_s_token_and_nobody_else_reads_them()
    {
        var (admin, _) = await MakeTokenAsync("admin1", "prometheus");
        await Bearer(admin).GetAsync("/api/sites?res=1"); // a request to count
        var metrics = await Bearer(admin).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds", text);
        var (field, _) = await MakeTokenAsync("field1", "curious");
        Assert.Equal(HttpStatusCode.Forbidden, (await Bearer(field).GetAsync("/metrics")).StatusCode);
        var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode); // to the sign-in form, as every page
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Unknown_revoked_and_expired_tokens_are_refused_and_only_hashes_are_stored()
    {
        var wrong = await Bearer("plnr_" + new string('A', 43)).GetAsync("/api/sites?res=1");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer", wrong.Headers.WwwAuthenticate.Single().Scheme);
        // A page without a token still sends people to sign in.
        Assert.Contains("/Account/Login", (await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/Map")).Headers.Location!.ToString());

        var (token, owner) = await MakeTokenAsync("leader1", "GDAL");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
            var stored = await db.AccessTokens.AsNoTracking().SingleAsync(t => t.Prefix == token.Substring(0, 11));
            Assert.NotEqual(token, stored.Hash);
            Assert.Equal(64, stored.Hash.Length);

            // Expired: refused. (Before its first use: a node keeps a token it accepted for the sessions' cache time.)
            await db.AccessTokens.Where(t => t.Id == stored.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
            Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(token).GetAsync("/api/my/work")).StatusCode);
            await db.AccessTokens.Where(t => t.Id == stored.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddDays(1)));
            Assert.Equal(HttpStatusCode.OK, (await Bearer(token).GetAsync("/api/my/work")).StatusCode);
            Assert.NotNull((await db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == stored.Id)).LastUsedAt);

            // Revoked by its owner on the page: refused; nobody else can revoke it.
            var page = new HtmlParser().ParseDocument(await owner.GetStringAsync("/Account/Tokens"));
            var revoke = page.QuerySelector($"tr[data-token-id='{stored.Id}'] form")!;
            var other = await factory.SignedInAsync("field1");
            var otherPage = new HtmlParser().ParseDocument(await other.GetStringAsync("/Account/Tokens"));
            var foreign = await other.PostAsync($"/Account/Tokens?handler=Revoke&id={stored.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["__RequestVerificationToken"] = otherPage.QuerySelector("#token-form input[name=__RequestVerificationToken]")!.GetAttribute("value")! }));
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            var revoked = await owner.PostAsync(revoke.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
                { ["__RequestVerificationToken"] = revoke.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")! }));
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }
        // Revoked on this node's page: refused at once, though the node had just accepted it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(token).GetAsync("/api/my/work")).StatusCode);
    }

    [Fact]
    public async Task A_node_keeps_an_accepted_token_no_longer_than_the_token_lives()
    {
        var (token, _) = await MakeTokenAsync("leader1", "short-lived");
        var expires = DateTimeOffset.UtcNow.AddSeconds(5);
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PlannerDbContext>().AccessTokens.Where(t => t.Prefix == token.Substring(0, 11))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, expires), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(token).GetAsync("/api/my/work", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(token).GetAsync("/api/my/work", TestContext.Current.CancellationToken)).StatusCode);
        // The sessions' cache time here is 15 s; the token's own end comes first.
        await Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(token).GetAsync("/api/my/work", TestContext.Current.CancellationToken)).StatusCode);
    }
}

public sealed class SqliteAccessTokenTests(PlannerWebFactory factory) : AccessTokenTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisAccessTokenTests(PostgisWebFactory factory) : AccessTokenTests(factory), IClassFixture<PostgisWebFactory>;
