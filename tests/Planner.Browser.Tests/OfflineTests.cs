using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Planner.Tests;

/// <summary>
/// The field loop without network, on a phone (390×844) in a real Chromium: 我的任务 keeps the pages a field user
/// needs; the network goes (for the page and its service worker alike); the site's report page still opens, a
/// report with a photo is made and waits in 待发送 with its photo; the network returns and the report arrives, once.
/// </summary>
public sealed class OfflineTests(PlannerServer server)
{
    const string Note = "离线填报：围挡已完成";

    [Fact]
    public async Task A_report_made_offline_with_a_photo_waits_on_the_phone_and_arrives_once_when_the_network_returns()
    {
        var field = await server.SignInAsync("field1", 390, 844);
        var context = field.Context;
        await field.GotoAsync($"{server.BaseUrl}/Work");
        await field.WaitForSelectorAsync("body[data-offline-ready=yes]", new() { Timeout = 30_000 });
        await field.WaitForFunctionAsync("async () => !!(await navigator.serviceWorker.ready).active");
        Assert.Equal("/manifest.webmanifest", await field.GetAttributeAsync("link[rel=manifest]", "href"));

        var item = field.Locator(".work-sites li.work-item").Filter(new() { Has = field.Locator("a.report-link") }).First;
        var href = (await item.Locator("a.report-link").GetAttributeAsync("href"))!;
        var siteId = long.Parse(href.Split('/')[^1], CultureInfo.InvariantCulture);
        Assert.True((await item.Locator("a.report-link").BoundingBoxAsync())!.Height >= 44, "the report link is touch-sized");
        var lon = double.Parse((await item.GetAttributeAsync("data-lon"))!, CultureInfo.InvariantCulture);
        var lat = double.Parse((await item.GetAttributeAsync("data-lat"))!, CultureInfo.InvariantCulture);
        var photo = Path.Combine(PlannerServer.Artefacts, "offline-report-photo.jpg");
        var localNow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime;
        await File.WriteAllBytesAsync(photo, TestPhotos.Jpeg(1200, 900, gps: (lon, lat), taken: localNow, seed: 13));
        var before = await ReportsWithNoteAsync(siteId);

        await GoOfflineAsync(context);
        Assert.False(await field.EvaluateAsync<bool>("() => navigator.onLine"));
        // The report page comes from what the phone kept.
        await field.GotoAsync($"{server.BaseUrl}{href}");
        var form = field.Locator("form#report-form");
        await form.WaitForAsync();
        await form.Locator("input[name=progress]").FillAsync("55");
        await form.Locator("textarea[name=note]").FillAsync(Note);
        await form.Locator("input[name=photos]").SetInputFilesAsync(photo);
        await form.Locator("button[type=submit]").ClickAsync();
        await field.WaitForSelectorAsync("body[data-outbox-state=queued]");
        Assert.Equal("待发送 1", (await field.Locator("#outbox-badge").InnerTextAsync()).Trim());
        await field.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "offline-report-kept-390x844.png") });
        Assert.Equal(before, await ReportsWithNoteAsync(siteId)); // nothing reached the server

        // 待发送 lists it, with its photo, still without network.
        await field.GotoAsync($"{server.BaseUrl}/Outbox");
        var waiting = field.Locator("#outbox li.outbox-waiting");
        await waiting.WaitForAsync();
        Assert.Equal(1, await waiting.CountAsync());
        await field.WaitForFunctionAsync("() => { const img = document.querySelector('#outbox li.outbox-waiting img'); return img && img.complete && img.naturalWidth === 1200; }");
        await field.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "offline-outbox-390x844.png"), FullPage = true });

        // The network returns: the outbox sends by itself.
        await GoOnlineAsync(context);
        await field.WaitForSelectorAsync("#outbox[data-state=empty]", new() { Timeout = 40_000 });
        Assert.True(await field.Locator("#outbox-badge").IsHiddenAsync());
        await field.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "offline-outbox-sent-390x844.png") });
        // Once: a reload and a second send find nothing more to store.
        await field.ReloadAsync();
        await field.WaitForSelectorAsync("#outbox[data-state=empty]");
        var reports = await ReportsWithNoteAsync(siteId);
        Assert.Equal(before + 1, reports);
        var sent = await PlannerReportAsync(siteId);
        Assert.Equal(55, sent.GetProperty("progress").GetInt32());
        Assert.Equal(1, sent.GetProperty("photos").GetArrayLength());
        Assert.Equal("pending", sent.GetProperty("state").GetString());

        // Signing out drops the kept pages (they hold this user's data).
        await field.GotoAsync($"{server.BaseUrl}/Work"); // keeping its pages again as the user signs out
        await field.ClickAsync("form.logout button");
        await field.WaitForURLAsync(u => u.Contains("/Account/Login"));
        Assert.Equal(0, await field.EvaluateAsync<int>("""
            async () => { let n = 0; for (const k of await caches.keys()) if (k.startsWith('planner-pages')) n += (await (await caches.open(k)).keys()).length; return n; }
            """));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_problem_reported_offline_from_the_phone_s_position_arrives_once_as_a_case()
    {
        var inspector = await server.SignInAsync("inspector1", 390, 844);
        var context = inspector.Context;
        await context.GrantPermissionsAsync(["geolocation"]); // the phone's GPS works without network
        await context.SetGeolocationAsync(new() { Longitude = 113.6812f, Latitude = 34.7402f });
        await inspector.GotoAsync($"{server.BaseUrl}/Work");
        await inspector.WaitForSelectorAsync("body[data-offline-ready=yes]", new() { Timeout = 30_000 });
        await inspector.WaitForFunctionAsync("async () => !!(await navigator.serviceWorker.ready).active");
        var photo = Path.Combine(PlannerServer.Artefacts, "offline-case-photo.jpg");
        await File.WriteAllBytesAsync(photo, TestPhotos.Jpeg(800, 600, seed: 14));

        await GoOfflineAsync(context);
        await inspector.GotoAsync($"{server.BaseUrl}/Cases/New");
        var form = inspector.Locator("form#case-form");
        await form.WaitForAsync();
        await inspector.WaitForFunctionAsync("() => document.querySelector('input[data-position=lon]').value !== ''");
        await form.Locator("select[name=Category]").SelectOptionAsync("black-water");
        await form.Locator("textarea[name=Note]").FillAsync("离线上报：河道发黑有异味");
        await form.Locator("input[name=photos]").SetInputFilesAsync(photo);
        await form.Locator("button[type=submit]").ClickAsync();
        await inspector.WaitForSelectorAsync("body[data-outbox-state=queued]");
        Assert.Equal("待发送 1", (await inspector.Locator("#outbox-badge").InnerTextAsync()).Trim());

        await GoOnlineAsync(context);
        await inspector.WaitForSelectorAsync("#outbox-badge[hidden]", new() { State = WaitForSelectorState.Attached, Timeout = 40_000 });
        var cases = await inspector.EvaluateAsync<JsonElement>("async () => await (await fetch('/api/cases?category=black-water')).json()");
        var mine = cases.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("properties").TryGetProperty("description", out var d) && d.GetString() == "离线上报：河道发黑有异味").ToList();
        Assert.Single(mine);
        var at = mine[0].GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(113.6812, at[0].GetDouble(), 3);
        Assert.Equal(34.7402, at[1].GetDouble(), 3);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_kept_page_the_user_never_opened_answers_with_the_offline_page()
    {
        var field = await server.SignInAsync("field1", 390, 844);
        await field.GotoAsync($"{server.BaseUrl}/Work");
        await field.WaitForSelectorAsync("body[data-offline-ready=yes]", new() { Timeout = 30_000 });
        await field.WaitForFunctionAsync("async () => !!(await navigator.serviceWorker.ready).active");
        await GoOfflineAsync(field.Context);
        await field.GotoAsync($"{server.BaseUrl}/Import"); // not a field page: never kept
        Assert.Contains("没有网络", await field.Locator("h1").InnerTextAsync());
        await field.GotoAsync($"{server.BaseUrl}/Work"); // kept
        Assert.Equal("我的任务", (await field.Locator("main h1").InnerTextAsync()).Trim());
        await field.Context.CloseAsync();
    }

    /// <summary>No network for the pages (navigator.onLine turns false) nor for their service worker.</summary>
    static async Task GoOfflineAsync(IBrowserContext context)
    {
        await context.SetOfflineAsync(true);
        await context.RouteAsync("**", route => route.AbortAsync("internetdisconnected"));
    }

    static async Task GoOnlineAsync(IBrowserContext context)
    {
        await context.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await context.SetOfflineAsync(false);
    }

    /// <summary>How many reports on the site carry the test's note, as a planner reads them.</summary>
    async Task<int> ReportsWithNoteAsync(long siteId) =>
        (await PlannerReportsAsync(siteId)).EnumerateArray().Count(r => r.TryGetProperty("note", out var n) && n.GetString() == Note);

    async Task<JsonElement> PlannerReportAsync(long siteId) =>
        (await PlannerReportsAsync(siteId)).EnumerateArray().Single(r => r.TryGetProperty("note", out var n) && n.GetString() == Note);

    async Task<JsonElement> PlannerReportsAsync(long siteId)
    {
        var planner = await server.SignInAsync("planner1");
        try
        {
            return await planner.EvaluateAsync<JsonElement>($"async () => await (await fetch('/api/sites/{siteId}/reports')).json()");
        }
        finally
        {
            await planner.Context.CloseAsync();
        }
    }
}
