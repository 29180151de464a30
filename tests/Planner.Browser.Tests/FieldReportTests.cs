using System.Text.Json;

namespace Planner.Tests;

/// <summary>
/// The field loop's first half in a real Chromium: on a phone a field team reports progress with a photo taken
/// on site (a JPEG with EXIF position and time, made here), a planner accepts it on a desktop, and the leader's map
/// shows the site's new status.
/// </summary>
public sealed class FieldReportTests(PlannerServer server)
{
    [Fact]
    public async Task A_field_team_reports_with_a_photo_a_planner_accepts_and_the_leader_sees_the_new_status()
    {
        var field = await server.SignInAsync("field1", 390, 844);
        await field.GotoAsync($"{server.BaseUrl}/Map");
        await PlannerServer.WaitForMapAsync(field);
        // A 南关街道 site before construction, and where it is (the photo is taken there).
        var site = await field.EvaluateAsync<JsonElement>("""
            async () => {
              const j = await (await fetch('/api/sites?res=1')).json();
              const f = j.features.find(f => ['planning', 'approved', 'design'].includes(f.properties.status));
              const c = f.geometry.type === 'LineString' ? f.geometry.coordinates[0] : f.geometry.type === 'MultiLineString' ? f.geometry.coordinates[0][0] : f.geometry.coordinates[0][0];
              return { id: f.id, status: f.properties.status, lon: Array.isArray(c[0]) ? c[0][0] : c[0], lat: Array.isArray(c[0]) ? c[0][1] : c[1] };
            }
            """);
        var id = site.GetProperty("id").GetInt64();
        var photoFile = Path.Combine(PlannerServer.Artefacts, "field-report-photo.jpg");
        var localNow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime;
        await File.WriteAllBytesAsync(photoFile, TestPhotos.Jpeg(1200, 900, gps: (site.GetProperty("lon").GetDouble(), site.GetProperty("lat").GetDouble()), taken: localNow));

        await field.EvaluateAsync($"() => plannerMap.select({id}, true)");
        var form = field.Locator("#report-form");
        await form.WaitForAsync();
        var camera = form.Locator("input[name=photos]");
        Assert.Equal("environment", await camera.GetAttributeAsync("capture"));
        await form.Locator("select[name=status]").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Index = 1 });
        var proposed = await form.Locator("select[name=status]").InputValueAsync();
        await form.Locator("textarea[name=note]").FillAsync("围挡已完成");
        await camera.SetInputFilesAsync(photoFile);
        var send = form.Locator("button[type=submit]");
        Assert.True((await send.BoundingBoxAsync())!.Height >= 44, "the send button is touch-sized");
        await send.ClickAsync();
        await field.WaitForSelectorAsync("body[data-report-state=sent]");
        var pending = field.Locator("#panel li.report-pending");
        await pending.WaitForAsync();
        // The photo was taken on site, just now: nothing to flag. Its thumbnail comes from the server, without EXIF.
        Assert.Equal(0, await pending.Locator(".flag").CountAsync());
        await pending.Locator("img").ScrollIntoViewIfNeededAsync(); // thumbnails load lazily, when in view
        await field.WaitForFunctionAsync("() => { const img = document.querySelector('#panel li.report-pending img'); return img.complete && img.naturalWidth > 0; }");
        await field.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "field-report-sent-390x844.png") });
        // The site is unchanged until a planner accepts.
        Assert.Equal(site.GetProperty("status").GetString(), await field.GetAttributeAsync("#panel .site-panel", "data-status"));
        await field.Context.CloseAsync();

        // The planner finds it on 我的任务, waiting for review, and its link opens the site on the map, zoomed to it.
        var planner = await server.SignInAsync("planner1", 1440, 900);
        await planner.GotoAsync($"{server.BaseUrl}/Work");
        await planner.ClickAsync($"section.work-reviews li a[href^='/Map?site={id}&report=']");
        await PlannerServer.WaitForMapAsync(planner);
        await planner.WaitForSelectorAsync($"#panel[data-site-id='{id}'] li.report-pending");
        await planner.WaitForFunctionAsync("() => plannerMap.map.getView().getZoom() >= 15", null, new() { Timeout = 10_000 });
        // The panel opens at the report, its buttons in sight without scrolling (the site's fields come first).
        await planner.WaitForFunctionAsync("""
            () => { const b = document.querySelector('#panel li.report-pending button[data-review=accept]').getBoundingClientRect();
                    return b.top >= 0 && b.bottom <= window.innerHeight; }
            """, null, new() { Timeout = 10_000 });
        await planner.ClickAsync("#panel li.report-pending button[data-review=accept]");
        await planner.WaitForSelectorAsync("body[data-report-state=reviewed-accept]");
        await planner.WaitForSelectorAsync("#panel li.report-accepted");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "field-report-accepted-1440x900.png") });
        await planner.Context.CloseAsync();

        var leader = await server.SignInAsync("leader1", 390, 844);
        await leader.GotoAsync($"{server.BaseUrl}/Map");
        await PlannerServer.WaitForMapAsync(leader);
        await leader.EvaluateAsync($"() => plannerMap.select({id}, true)");
        await leader.WaitForSelectorAsync("#panel .site-panel");
        Assert.Equal(proposed, await leader.GetAttributeAsync("#panel .site-panel", "data-status"));
        Assert.Equal(0, await leader.Locator("#report-form").CountAsync()); // leaders read; they do not report
        // The site's timeline holds the report with its photo, below the revision that applied it.
        await leader.GotoAsync($"{server.BaseUrl}/Sites/History/{id}");
        var row = leader.Locator("tr.field-report.report-accepted");
        await row.Locator("img").ScrollIntoViewIfNeededAsync();
        await leader.WaitForFunctionAsync("() => { const img = document.querySelector('tr.field-report img'); return img && img.complete && img.naturalWidth > 0; }");
        Assert.Contains("围挡已完成", await row.InnerTextAsync());
        await leader.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "site-timeline-390x844.png") });
        await leader.Context.CloseAsync();
    }
}
