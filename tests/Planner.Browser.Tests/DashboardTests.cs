namespace Planner.Tests;

/// <summary>
/// The leader's day in a real Chromium: sign in lands on the dashboard, the charts draw, a township's overdue bar
/// opens the map with that township's overdue sites, and the 月考核 page offers its workbook.
/// </summary>
public sealed class DashboardTests(PlannerServer server)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1440, 900)]
    public async Task The_daily_meeting_brief_reads_on_a_phone_and_a_desk_and_its_sites_open_on_the_map(int width, int height)
    {
        var leader = await server.SignInAsync("leader1", width, height);
        await leader.GotoAsync($"{server.BaseUrl}/Daily");
        Assert.True(await leader.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling of the page");
        // On a phone the township table scrolls inside its own box.
        var table = await leader.EvaluateAsync<double[]>("() => { const b = document.querySelector('.table-scroll'); return [b.scrollWidth, b.clientWidth]; }");
        if (width < 500) Assert.True(table[0] > table[1], "the table is wider than a phone and scrolls in its box");
        await leader.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"daily-{width}x{height}.png"), FullPage = true });
        var site = leader.Locator(".daily-sites li a").First;
        if (await site.CountAsync() > 0)
        {
            await site.ClickAsync();
            await leader.WaitForURLAsync(u => u.Contains("/Map?site="));
            await PlannerServer.WaitForMapAsync(leader);
        }
        await leader.Context.CloseAsync();
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1440, 900)]
    public async Task A_leader_lands_on_the_dashboard_and_drills_from_a_chart_into_the_map(int width, int height)
    {
        var leader = await server.SignInAsync("leader1", width, height);
        Assert.EndsWith("/Dashboard", leader.Url);
        await leader.WaitForSelectorAsync("body[data-dashboard-state=ready]", new() { Timeout = 30_000 });
        Assert.Equal(4, await leader.Locator(".charts canvas").CountAsync());
        // The period's fields say the period the heading names (none was asked for).
        var heading = await leader.InnerTextAsync("h1 small");
        var period = $"{await leader.InputValueAsync("input[name=from]")} – {await leader.InputValueAsync("input[name=to]")}";
        Assert.Equal(heading.Trim(), period);
        Assert.True(await leader.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling");
        await leader.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"dashboard-{width}x{height}.png"), FullPage = true });
        // The case categories: bars when the period has cases, a sentence instead of an empty axis when it has none.
        var cases = await leader.EvaluateAsync<System.Text.Json.JsonElement>(
            "() => ({ n: plannerDashboard.data.categories.length, title: plannerDashboard.categories.getOption().title?.[0]?.text ?? null })");
        if (cases.GetProperty("n").GetInt32() == 0) Assert.Equal("本期无上报案件", cases.GetProperty("title").GetString());
        else Assert.Equal(System.Text.Json.JsonValueKind.Null, cases.GetProperty("title").ValueKind);
        var bulletin = await leader.RunAndWaitForDownloadAsync(() => leader.ClickAsync(".dash-links a.download"));
        Assert.StartsWith("周通报-", bulletin.SuggestedFilename);
        Assert.EndsWith(".docx", bulletin.SuggestedFilename);

        // The overdue bar of the first township with overdue sites, clicked where ECharts drew it.
        var target = await leader.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => {
              const d = plannerDashboard.data;
              const i = d.townships.findIndex(t => t.overdue > 0);
              const chart = plannerDashboard.townships;
              const bar = chart.getModel().getSeriesByIndex(2).getData().getItemLayout(i); // the overdue series' rectangle
              const [x, y] = [bar.x + bar.width / 2, bar.y + bar.height / 2];
              const box = chart.getDom().getBoundingClientRect();
              return { id: d.townships[i].townshipId, overdue: d.townships[i].overdue, x: box.left + x, y: box.top + y, top: box.top };
            }
            """);
        await leader.Locator("#chart-townships").ScrollIntoViewIfNeededAsync();
        var box = await leader.Locator("#chart-townships").BoundingBoxAsync();
        var offset = target.GetProperty("y").GetDouble() - target.GetProperty("top").GetDouble();
        await leader.Mouse.ClickAsync((float)target.GetProperty("x").GetDouble(), (float)(box!.Y + offset));
        await leader.WaitForURLAsync(u => u.Contains("/Map?"));
        Assert.Contains($"township={target.GetProperty("id").GetInt32()}", leader.Url);
        Assert.Contains("overdue=1", leader.Url);
        await PlannerServer.WaitForMapAsync(leader);
        var shown = await leader.EvaluateAsync<int>("async () => (await (await fetch('/api/sites?res=1' + location.search.replace('?', '&'))).json()).features.length");
        Assert.Equal(target.GetProperty("overdue").GetInt32(), shown);

        await leader.GotoAsync($"{server.BaseUrl}/Assessment");
        Assert.True(await leader.Locator(".red-list li").CountAsync() > 0); // 红黑榜
        Assert.True(await leader.Locator(".black-list li").CountAsync() > 0);
        var download = await leader.RunAndWaitForDownloadAsync(() => leader.ClickAsync("a.download"));
        Assert.StartsWith("月考核表-", download.SuggestedFilename);
        await leader.Context.CloseAsync();
    }
}
