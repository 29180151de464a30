using System.Text.Json;
using Microsoft.Playwright;

namespace Planner.Tests;

/// <summary>
/// Field teams work on phones: at 390×844 the map fills the screen, the filters and exports open as a drawer,
/// a tapped site's panel comes up as a sheet, and no page scrolls sideways; at 1440×900 the same page is three
/// columns. Nothing the pages load is refused by the Content-Security-Policy.
/// </summary>
public sealed class PhoneLayoutTests(PlannerServer server)
{
    public static TheoryData<int, int, string> Sizes => new() { { 390, 844, "field1" }, { 1440, 900, "field1" }, { 390, 844, "planner1" } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_map_fills_the_screen_a_site_can_be_read_and_exports_are_reachable(int width, int height, string user)
    {
        var phone = width < 768;
        var page = await server.SignInAsync(user, width, height);
        var violations = WatchForPolicyViolations(page);
        await page.GotoAsync($"{server.BaseUrl}/Map{(user == "planner1" ? "?x=113.68000&y=34.74500&z=15" : "")}");
        await PlannerServer.WaitForMapAsync(page);

        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        if (phone) Assert.Equal(width, map.Width, 1.0);
        else Assert.True(map.Width > 700, $"map {map.Width} px wide");
        Assert.True(map.Height > height * 0.75, $"map {map.Height} px high");
        await AssertNoSidewaysScrollAsync(page, "/Map");
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"map-{user}-{width}x{height}.png") });

        // Tap a site on the map (its interior point on screen); its panel comes up and can be read.
        var target = await page.EvaluateAsync<JsonElement>("""
            () => {
              const size = plannerMap.map.getSize();
              for (const s of plannerMap.sites()) {
                const p = s.pixel;
                // Clear of the buttons on top and of the sheet's handle below, and not under another site (a road).
                if (p[0] > 40 && p[0] < size[0] - 40 && p[1] > 120 && p[1] < size[1] - 120 && plannerMap.siteAt(p) === s.id)
                  return { x: p[0], y: p[1], id: s.id, name: s.name };
              }
              return null;
            }
            """);
        Assert.True(target.ValueKind == JsonValueKind.Object, "a site is on screen");
        await page.Mouse.ClickAsync(map.X + (float)target.GetProperty("x").GetDouble(), map.Y + (float)target.GetProperty("y").GetDouble());
        var panel = page.Locator($"#panel .site-panel[data-site-id='{target.GetProperty("id").GetInt64()}']");
        await panel.WaitForAsync();
        await page.WaitForTimeoutAsync(300); // the sheet slides up
        var heading = (await page.Locator("#panel h2").BoundingBoxAsync())!;
        Assert.True(heading.Y >= 0 && heading.Y + heading.Height <= height, $"the panel's title is on screen (y = {heading.Y})");
        Assert.Equal(target.GetProperty("name").GetString(), await page.InnerTextAsync("#panel h2"));
        Assert.True(await page.Locator("#panel dd.measure").IsVisibleAsync());
        if (phone)
        {
            // The sheet covers most of the map: the chosen site is moved into the part it leaves, below the buttons.
            await page.WaitForTimeoutAsync(400);
            var sheetTop = (await page.Locator("#side").BoundingBoxAsync())!.Y - map.Y;
            var seen = await page.EvaluateAsync<JsonElement>($"() => plannerMap.sites().find(s => s.id === {target.GetProperty("id").GetInt64()})?.pixel ?? null");
            Assert.True(seen.ValueKind == JsonValueKind.Array, "the chosen site is still drawn in the view");
            var y = seen[1].GetDouble();
            Assert.True(y > 56 && y < sheetTop, $"the chosen site at y = {y:F0} px, the sheet from {sheetTop:F0} px");
        }
        await AssertNoSidewaysScrollAsync(page, "/Map with a site open");
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"map-{user}-{width}x{height}-site.png") });

        if (user == "planner1")
        {
            // 编辑 lies below the site's details: the form it opens is shown from its title, not from where the sheet was scrolled to.
            await page.ClickAsync("#panel [data-action=edit]");
            await page.Locator("#site-form").WaitForAsync();
            await page.WaitForTimeoutAsync(300);
            var title = (await page.Locator("#site-form h2").BoundingBoxAsync())!;
            var handle = phone ? await page.Locator("#sheet-handle").BoundingBoxAsync() : null;
            var visibleFrom = handle is null ? 0 : handle.Y + handle.Height;
            Assert.True(title.Y >= visibleFrom - 1 && title.Y + title.Height <= height, $"the form's title at y = {title.Y:F0} px, visible from {visibleFrom:F0} px");
            await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"map-{user}-{width}x{height}-edit.png") });
            await page.ClickAsync("#site-cancel");
            await panel.WaitForAsync();
        }

        // Exports and the printable sheets: in the drawer on a phone, in the left column on a desktop.
        if (phone)
        {
            Assert.False(await InViewportAsync(page, "#exports a[data-format=xlsx]", width, height));
            await page.ClickAsync("#open-filters");
            await page.WaitForTimeoutAsync(300);
        }
        foreach (var format in new[] { "xlsx", "csv", "kml", "gpx", "geojson", "sheets" })
            Assert.True(await InViewportAsync(page, $"#exports a[data-format={format}]", width, height), $"{format} link reachable");
        var touchHeight = (await page.Locator("#exports a[data-format=xlsx]").BoundingBoxAsync())!.Height;
        if (phone) Assert.True(touchHeight >= 44, $"export link {touchHeight} px high");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#exports a[data-format=xlsx]"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        // The browser takes the UTF-8 name (filename*): the ledger's Chinese name.
        Assert.StartsWith("项目台账-", download.SuggestedFilename);
        if (phone) await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"map-{user}-{width}x{height}-drawer.png") });
        var sheetsHref = await page.GetAttributeAsync("#exports a[data-format=sheets]", "href");
        var sheets = await page.Context.NewPageAsync();
        WatchForPolicyViolations(sheets, violations);
        await sheets.GotoAsync(server.BaseUrl + sheetsHref);
        Assert.True(await sheets.Locator("section.sheet").CountAsync() > 0);
        await AssertNoSidewaysScrollAsync(sheets, "/Sites/Sheets");
        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("field1", true)]
    [InlineData("inspector1", true)]
    [InlineData("planner1", false)]
    public async Task On_a_phone_a_field_team_s_and_an_inspector_s_work_list_is_the_first_link_in_sight(string user, bool workFirst)
    {
        var page = await server.SignInAsync(user, 390, 844);
        await page.GotoAsync($"{server.BaseUrl}/Map");
        var links = await page.Locator("header nav a:not([hidden])").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
        Assert.Equal(workFirst ? "/Work" : "/Map", links[0]);
        Assert.Contains("/Work", links);
        // The header's links scroll sideways on a phone: the work list must be in sight without scrolling them.
        var work = (await page.Locator("header nav a[href='/Work']").BoundingBoxAsync())!;
        if (workFirst) Assert.True(work.X >= 0 && work.X + work.Width <= 390, $"我的任务 at x {work.X}–{work.X + work.Width}");
        Assert.Equal("page", await page.Locator("header nav a[href='/Map']").GetAttributeAsync("aria-current"));
        Assert.Null(await page.Locator("header nav a[href='/Work']").GetAttributeAsync("aria-current"));
        await page.Locator("header nav a[href='/Work']").ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/Work"));
        Assert.Equal("page", await page.Locator("header nav a[href='/Work']").GetAttributeAsync("aria-current"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"work-{user}-390x844.png") });
        // Whichever page it is, its own link is in sight in the scrolling row, the last one included.
        foreach (var href in links.TakeLast(2))
        {
            await page.GotoAsync(server.BaseUrl + href);
            var nav = (await page.Locator("body > header nav").BoundingBoxAsync())!;
            var current = (await page.Locator("header nav a[aria-current=page]").BoundingBoxAsync())!;
            Assert.True(current.X >= nav.X && current.X + current.Width <= nav.X + nav.Width,
                $"{href}: its link at x {current.X:F0}–{current.X + current.Width:F0}, the row shows {nav.X:F0}–{nav.X + nav.Width:F0}");
        }
        // The row fades at an edge that hides links, and only there: at its end, the left.
        Assert.Equal("left", await page.Locator("body > header nav").GetAttributeAsync("data-more"));
        await page.Locator("body > header nav").EvaluateAsync("nav => { nav.scrollLeft = 0; nav.dispatchEvent(new Event('scroll')); }");
        Assert.Equal("right", await page.Locator("body > header nav").GetAttributeAsync("data-more"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task No_page_scrolls_sideways_on_a_phone()
    {
        var page = await server.SignInAsync("planner1", 390, 844);
        var violations = WatchForPolicyViolations(page);
        var siteId = await page.EvaluateAsync<long>("async () => (await (await fetch('/api/sites?q=GC-XQ-001')).json()).features[0].id");
        foreach (var path in new[] { "/", "/Import", $"/Sites/History/{siteId}", "/Sites/Sheets?q=GC-XQ-00", $"/Sites/Panel/{siteId}" })
        {
            var response = await page.GotoAsync(server.BaseUrl + path);
            Assert.Equal(200, response!.Status);
            await AssertNoSidewaysScrollAsync(page, path);
            await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"phone{path.Split('?')[0].Replace('/', '-')}.png"), FullPage = true });
        }
        var signIn = await (await page.Context.Browser!.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } })).NewPageAsync();
        await signIn.GotoAsync($"{server.BaseUrl}/Account/Login");
        await AssertNoSidewaysScrollAsync(signIn, "/Account/Login");
        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }

    static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        var (scroll, client) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => document.documentElement.clientWidth"));
        Assert.True(scroll <= client, $"{where} scrolls sideways: {scroll} px of content in {client} px");
    }

    static async Task<bool> InViewportAsync(IPage page, string selector, int width, int height)
    {
        var locator = page.Locator(selector);
        if (!await locator.IsVisibleAsync()) return false;
        var box = await locator.BoundingBoxAsync();
        return box is not null && box.X >= 0 && box.X + box.Width <= width && box.Y >= 0 && box.Y + box.Height <= height;
    }

    /// <summary>Collects what the browser refuses under the Content-Security-Policy.</summary>
    static List<string> WatchForPolicyViolations(IPage page, List<string>? into = null)
    {
        var found = into ?? [];
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) found.Add(m.Text); };
        return found;
    }
}
