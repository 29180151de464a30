using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planner.Data;

namespace Planner.Tests.Access;

/// <summary>"Whose territory, whose responsibility": a field user sees their townships only, whatever they ask for.</summary>
public sealed class TownshipScopeTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    static async Task<string[]> TownshipsOf(HttpClient client, string url)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(url, TestContext.Current.CancellationToken));
        return doc.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").TryGetProperty("township", out var t) ? t.GetString()! : f.GetProperty("properties").GetProperty("name").GetString()!)
            .ToArray();
    }

    [Fact]
    public async Task A_field_user_gets_only_their_townships_sites_from_the_API()
    {
        var client = await factory.SignedInAsync("field1");
        var all = await TownshipsOf(client, "/api/sites");
        Assert.NotEmpty(all);
        Assert.All(all, t => Assert.Equal("南关街道", t));

        await using var db = factory.OpenDatabase();
        var other = await db.Townships.SingleAsync(t => t.Name == "北下街街道", TestContext.Current.CancellationToken);
        Assert.Empty(await TownshipsOf(client, $"/api/sites?township={other.Id}"));
        Assert.Empty(await TownshipsOf(client, "/api/sites?bbox=113.66,34.75,113.70,34.77&q=GC"));
        Assert.Equal(["南关街道"], await TownshipsOf(client, "/api/townships"));
    }

    [Fact]
    public async Task A_field_user_bound_to_two_townships_sees_both()
    {
        var client = await factory.SignedInAsync("field2");
        var seen = (await TownshipsOf(client, "/api/sites")).Distinct().Order().ToArray();
        Assert.Equal(["十八里河街道", "南曹乡"], seen.OrderBy(s => s == "南曹乡").ToArray());
    }

    [Fact]
    public async Task Another_townships_site_panel_is_not_found()
    {
        var client = await factory.SignedInAsync("field1");
        await using var db = factory.OpenDatabase();
        var mine = await db.Sites.Where(s => s.Township!.Name == "南关街道").Select(s => s.Id).FirstAsync(TestContext.Current.CancellationToken);
        var theirs = await db.Sites.Where(s => s.Township!.Name == "北下街街道").Select(s => s.Id).FirstAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Sites/Panel/{mine}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Sites/Panel/{theirs}", TestContext.Current.CancellationToken)).StatusCode);
        var leader = await factory.SignedInAsync("leader1");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/Sites/Panel/{theirs}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_overview_page_counts_only_their_township()
    {
        var client = await factory.SignedInAsync("field1");
        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("北下街街道", html);
        Assert.Contains("南关街道", html);
    }
}
