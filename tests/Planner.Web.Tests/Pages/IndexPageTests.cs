using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Sites;

namespace Planner.Tests.Pages;

public sealed class IndexPageTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    [Fact]
    public async Task First_run_seeds_the_sample_district_and_the_overview_counts_it()
    {
        var client = await factory.SignedInAsync("leader1");
        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var document = new HtmlParser().ParseDocument(html);

        await using var db = factory.OpenDatabase();
        var sites = await db.Sites.ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(112, sites.Count);
        foreach (var programme in Enum.GetValues<Programme>())
        {
            var row = document.QuerySelector($"#summary tr[data-programme={programme.Code()}]")!;
            Assert.Equal(programme.ChineseName(), row.QuerySelector("th")!.TextContent);
            foreach (var status in Enum.GetValues<SiteStatus>())
            {
                var expected = sites.Count(s => s.Programme == programme && s.Status == status);
                Assert.Equal(expected.ToString(), row.QuerySelector($"td[data-status={status.Code()}]")!.TextContent);
            }
            var listed = document.QuerySelectorAll($"table.sites[data-programme={programme.Code()}] tbody tr");
            Assert.Equal(sites.Count(s => s.Programme == programme), listed.Length);
        }
        Assert.Contains("南曹乡", html); // Chinese stays readable, not entity-encoded
    }

    [Fact]
    public async Task English_is_one_click_away()
    {
        var client = await factory.SignedInAsync("leader1");
        var switched = await client.GetAsync("/lang?to=en&returnUrl=/", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, switched.StatusCode);
        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("Old compound renovation", html);
        Assert.Contains("<html lang=\"en\">", html);
        var offsite = await client.GetAsync("/lang?to=zh&returnUrl=//evil.example", TestContext.Current.CancellationToken);
        Assert.Equal("/", offsite.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task User_text_is_HTML_encoded()
    {
        var client = await factory.SignedInAsync("leader1");
        await using (var db = factory.OpenDatabase())
        {
            var site = await db.Sites.FirstAsync(s => s.Code == "GC-XQ-002", TestContext.Current.CancellationToken);
            site.Name = "<script>alert(1)</script>老旧小区";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;老旧小区", html);
    }
}
