using Microsoft.Playwright;

namespace Planner.Tests;

/// <summary>
/// 督办 from a leader's phone (390×844) and desk, in a real Chromium: 待督办 lists the overdue sites with no order, the
/// form names the site and gives a date, the order leaves 待督办 for 进行中, and the form refuses a second one on that
/// site by leading to the first.
/// </summary>
public sealed class SupervisionTests(PlannerServer server)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1400, 900)]
    public async Task A_leader_issues_an_order_on_a_late_site_from_the_list_of_what_is_late(int width, int height)
    {
        var leader = await server.SignInAsync("leader1", width, height);
        await leader.GotoAsync($"{server.BaseUrl}/Supervisions");
        var due = leader.Locator(".supervision-due li");
        var before = await due.CountAsync();
        Assert.True(before > 0, "the sample district has overdue sites with no order");
        Assert.True(await leader.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling");
        var first = due.First;
        var siteId = await first.GetAttributeAsync("data-site-id");
        var subject = await first.Locator("b").InnerTextAsync();
        var button = first.Locator("a.issue");
        Assert.True((await button.BoundingBoxAsync())!.Height >= 44, "the issue link is touch-sized");
        await button.ClickAsync();
        await leader.WaitForURLAsync(u => u.Contains("/Supervisions/New"));

        // The form says what the order is on, and fills in the unit and a date.
        Assert.Contains(subject, await leader.Locator("#supervision-form .subject").InnerTextAsync());
        Assert.NotEqual("", await leader.InputValueAsync("input[name=Unit]"));
        var deadline = DateOnly.ParseExact(await leader.InputValueAsync("input[name=Deadline]"), "yyyy-MM-dd");
        Assert.True(deadline > DateOnly.FromDateTime(DateTime.UtcNow), "the date given is ahead");
        await leader.FillAsync("textarea[name=Note]", "五日内恢复施工，报送整改照片");
        await leader.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"supervision-new-{width}x{height}.png"), FullPage = true });
        await leader.ClickAsync("#supervision-form button[type=submit]");
        await leader.WaitForURLAsync(u => u.Contains("/Supervisions/Detail/"));
        var orderPath = new Uri(leader.Url).AbsolutePath;

        // 进行中 holds it, 待督办 no longer.
        await leader.GotoAsync($"{server.BaseUrl}/Supervisions");
        Assert.Equal(before - 1, await due.CountAsync());
        Assert.Equal(0, await leader.Locator($".supervision-due li[data-site-id='{siteId}']").CountAsync());
        Assert.Equal(1, await leader.Locator($".supervision-running a[href='{orderPath}']").CountAsync());
        await leader.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"supervision-list-{width}x{height}.png"), FullPage = true });

        // The same form again (a stale tab, a link from the map) leads to the running order instead.
        await leader.GotoAsync($"{server.BaseUrl}/Supervisions/New?siteId={siteId}");
        Assert.Equal(0, await leader.Locator("#supervision-form").CountAsync());
        Assert.Equal(orderPath, await leader.GetAttributeAsync(".already-running a", "href"));
        await leader.Context.CloseAsync();
    }
    [Fact]
    public async Task A_leader_ticks_two_late_sites_on_a_phone_and_issues_both_at_once()
    {
        var leader = await server.SignInAsync("leader1", 390, 844);
        await leader.GotoAsync($"{server.BaseUrl}/Supervisions");
        var due = leader.Locator(".supervision-due li");
        var before = await due.CountAsync();
        Assert.True(before >= 2, $"{before} late sites with no order");
        var picked = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var tick = due.Nth(i).Locator("label.pick");
            Assert.True((await tick.BoundingBoxAsync())!.Height >= 44, "the tick is touch-sized");
            await tick.ClickAsync();
            picked.Add((await due.Nth(i).GetAttributeAsync("data-site-id"))!);
        }
        await leader.FillAsync("#batch-form textarea[name=Note]", "七日内完成整改并报送照片");
        await leader.ClickAsync("#batch-form button[name=All][value=false]");
        await leader.WaitForURLAsync(u => u.Contains("issued=2"));
        Assert.Contains("2", await leader.InnerTextAsync(".notice.saved"));
        Assert.Equal(before - 2, await due.CountAsync());
        foreach (var site in picked) Assert.Equal(0, await leader.Locator($".supervision-due li[data-site-id='{site}']").CountAsync());
        Assert.True(await leader.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling");
        await leader.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "supervision-batch-390x844.png"), FullPage = true });
        await leader.Context.CloseAsync();
    }
}
