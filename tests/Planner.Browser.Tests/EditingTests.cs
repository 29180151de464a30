using System.Text.Json;
using Microsoft.Playwright;

namespace Planner.Tests;

/// <summary>Planners edit on the map in a real Chromium: draw with snapping, save, move a vertex, update the status, and a conflict between two planners.</summary>
public sealed class EditingTests(PlannerServer server)
{
    /// <summary>Clicks save and, when the server warns of an overlap with a sample site, confirms it; waits until saved.</summary>
    static async Task SaveAsync(IPage page, string button = "#site-save")
    {
        await page.EvaluateAsync("() => delete document.body.dataset.editState");
        await page.ClickAsync(button);
        await page.WaitForFunctionAsync("() => ['saved', 'error-409', 'error-400', 'error-412'].includes(document.body.dataset.editState)", null, new() { Timeout = 30_000 });
        var state = await page.EvaluateAsync<string>("() => document.body.dataset.editState");
        if (state == "error-409")
        {
            Assert.True(await page.Locator("#form-messages .overlaps li").CountAsync() > 0, "the overlap warning lists the overlapping sites");
            await page.EvaluateAsync("() => delete document.body.dataset.editState");
            await page.ClickAsync("#confirm-overlap");
            await page.WaitForFunctionAsync("() => document.body.dataset.editState && document.body.dataset.editState !== 'saving'", null, new() { Timeout = 30_000 });
            state = await page.EvaluateAsync<string>("() => document.body.dataset.editState");
        }
        Assert.True(state == "saved", $"save ended in {state}: {await page.InnerTextAsync("#panel")}");
    }

    static async Task<JsonElement> GetSiteAsync(IPage page, long id) =>
        await page.EvaluateAsync<JsonElement>($"async () => {{ const r = await fetch('/api/sites/{id}'); return {{ etag: r.headers.get('ETag'), feature: await r.json() }}; }}");

    [Fact]
    public async Task A_planner_draws_a_compound_snapped_to_a_neighbour_saves_it_moves_a_vertex_and_updates_its_status()
    {
        var page = await server.SignInAsync("planner1");
        // Centre the map on a vertex of a sample compound.
        var sample = await page.Context.APIRequest.GetAsync($"{server.BaseUrl}/api/sites?programme=compound");
        var first = (await sample.JsonAsync())!.Value.GetProperty("features")[0].GetProperty("geometry");
        var vertex = first.GetProperty("type").GetString() == "Polygon" ? first.GetProperty("coordinates")[0][0] : first.GetProperty("coordinates")[0][0][0];
        await page.GotoAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{server.BaseUrl}/Map?x={vertex[0].GetDouble():0.000000}&y={vertex[1].GetDouble():0.000000}&z=17"));
        await PlannerServer.WaitForMapAsync(page);
        Assert.Equal(3, await page.Locator("#edit-tools [data-draw]").CountAsync());

        // A vertex of a compound on screen, and a square drawn outwards from it.
        var target = await page.EvaluateAsync<JsonElement>("""
            async () => {
              // The compounds in view in their full shapes (the map draws tiles; their vertices are what snapping uses).
              const size = plannerMap.map.getSize();
              const [west, north] = plannerMap.map.getCoordinateFromPixel([0, 0]);
              const [east, south] = plannerMap.map.getCoordinateFromPixel(size);
              const lonlat = (c) => ol_toLonLat(c);
              const bbox = [...lonlat([west, south]), ...lonlat([east, north])].map(v => v.toFixed(6)).join(',');
              const json = await (await fetch(`/api/sites?programme=compound&bbox=${bbox}`)).json();
              const onScreen = ([x, y]) => x > 150 && y > 150 && x < size[0] - 150 && y < size[1] - 150;
              for (const f of json.features) {
                const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
                const mean = ring.slice(1).reduce((a, c) => [a[0] + c[0] / (ring.length - 1), a[1] + c[1] / (ring.length - 1)], [0, 0]);
                const centre = plannerMap.pixelOf(mean[0], mean[1]);
                for (const c of ring) {
                  const p = plannerMap.pixelOf(c[0], c[1]);
                  if (onScreen(p)) return { x: p[0], y: p[1], cx: centre[0], cy: centre[1], lonlat: c };
                }
              }
              return null;
            }
            """.Replace("ol_toLonLat(c)", "(() => { const R = 6378137; return [c[0] / R * 180 / Math.PI, (2 * Math.atan(Math.exp(c[1] / R)) - Math.PI / 2) * 180 / Math.PI]; })()"));
        Assert.NotEqual(JsonValueKind.Null, target.ValueKind);
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        double vx = target.GetProperty("x").GetDouble(), vy = target.GetProperty("y").GetDouble();
        double dx = vx - target.GetProperty("cx").GetDouble(), dy = vy - target.GetProperty("cy").GetDouble();
        var norm = Math.Sqrt(dx * dx + dy * dy);
        (dx, dy) = (dx / norm * 70, dy / norm * 70);
        var corners = new[] { (vx + 4, vy + 3), (vx + dx, vy + dy), (vx + dx - dy, vy + dy + dx), (vx - dy, vy + dx) };

        await page.ClickAsync("#edit-tools [data-draw=compound]");
        // The neighbours' full shapes arrive a moment after drawing starts: clicks before that snap to no site.
        await page.WaitForSelectorAsync("body[data-snap-neighbours=ready]");
        foreach (var (x, y) in corners)
        {
            await page.Mouse.MoveAsync(box.X + (float)x, box.Y + (float)y, new() { Steps = 3 });
            await page.Mouse.ClickAsync(box.X + (float)x, box.Y + (float)y);
            await page.WaitForTimeoutAsync(150);
        }
        Assert.Contains("≈", await page.InnerTextAsync("#live-measure")); // measured while drawing
        await page.Mouse.MoveAsync(box.X + (float)vx, box.Y + (float)vy, new() { Steps = 3 });
        await page.Mouse.ClickAsync(box.X + (float)vx, box.Y + (float)vy); // back on the first vertex: finished

        await page.WaitForSelectorAsync("#site-form");
        await page.WaitForFunctionAsync("() => document.querySelector('#edit-measure').textContent.includes('m²')", null, new() { Timeout = 15_000 });
        Assert.Contains("亩", await page.InnerTextAsync("#edit-measure"));
        Assert.True(await page.Locator("#site-form select[name=township] option").CountAsync() > 10); // pick-lists
        Assert.Equal(4, await page.Locator("#site-form select[name=worksClass] option").CountAsync());
        await page.FillAsync("#site-form input[name=code]", "BT-NEW-1");
        await page.FillAsync("#site-form input[name=name]", "浏览器新建小区");
        await page.FillAsync("#site-form input[name=buildYear]", "1995");
        await page.SelectOptionAsync("#site-form select[name=worksClass]", "improvement");
        await page.FillAsync("#site-form input[name=plannedStart]", "2026-12-01");
        await page.FillAsync("#site-form input[name=plannedEnd]", "2026-01-01"); // before the start: refused, naming the field
        await page.EvaluateAsync("() => delete document.body.dataset.editState");
        await page.ClickAsync("#site-save");
        await page.WaitForSelectorAsync("#form-messages .problems");
        // Named in the user's words (the field's label), while the field itself is marked by its key.
        Assert.Equal("计划完工", await page.InnerTextAsync("#form-messages .problems li b"));
        Assert.True(await page.Locator("#site-form input[name=plannedEnd].invalid").CountAsync() == 1);
        await page.FillAsync("#site-form input[name=plannedEnd]", "2027-06-30");
        await SaveAsync(page);

        var panel = page.Locator("#panel .site-panel");
        await panel.WaitForAsync();
        var id = long.Parse((await panel.GetAttributeAsync("data-site-id"))!);
        var saved = await GetSiteAsync(page, id);
        Assert.Equal("\"v1\"", saved.GetProperty("etag").GetString());
        var ring = saved.GetProperty("feature").GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray()
            .Select(c => (X: c[0].GetDouble(), Y: c[1].GetDouble())).ToList();
        var v = (X: target.GetProperty("lonlat")[0].GetDouble(), Y: target.GetProperty("lonlat")[1].GetDouble());
        // Snapped: the neighbour's vertex exactly (to 1e-8°, about 1 mm), although the click was 5 px away.
        Assert.Contains(ring, c => Math.Abs(c.X - v.X) < 1e-8 && Math.Abs(c.Y - v.Y) < 1e-8);
        var area = saved.GetProperty("feature").GetProperty("properties").GetProperty("areaM2").GetDouble();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "editing-drawn.png") });

        // Move the far corner: drag its vertex, then save.
        await page.ClickAsync("#panel [data-action=edit]");
        await page.WaitForSelectorAsync("#site-form[data-id]");
        // The vertex farthest from the snapped one, where the edit layer has it.
        var farthest = await page.EvaluateAsync<double[]>($$"""
            () => {
              const layer = plannerMap.map.getLayers().getArray().find(l => l.get('name') === 'edit');
              const ring = layer.getSource().getFeatures()[0].getGeometry().getCoordinates()[0].map(c => plannerMap.map.getPixelFromCoordinate(c));
              const d = p => Math.hypot(p[0] - {{vx}}, p[1] - {{vy}});
              return ring.reduce((a, b) => d(b) > d(a) ? b : a);
            }
            """);
        var far = (farthest[0], farthest[1]);
        var measured = await page.InnerTextAsync("#edit-measure");
        await page.Mouse.MoveAsync(box.X + (float)far.Item1, box.Y + (float)far.Item2, new() { Steps = 4 });
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (float)far.Item1 + 30, box.Y + (float)far.Item2 + 20, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync("before => document.querySelector('#edit-measure').textContent !== before", measured);
        await SaveAsync(page);
        var moved = await GetSiteAsync(page, id);
        Assert.Equal("\"v2\"", moved.GetProperty("etag").GetString());
        Assert.NotEqual(area, moved.GetProperty("feature").GetProperty("properties").GetProperty("areaM2").GetDouble());
        Assert.Equal(5, moved.GetProperty("feature").GetProperty("geometry").GetProperty("coordinates")[0].GetArrayLength());

        // One step through the workflow from the panel.
        await page.Locator("#panel .site-panel[data-etag='\"v2\"']").WaitForAsync();
        await page.SelectOptionAsync("#status-form select[name=status]", "approved");
        await page.FillAsync("#status-form input[name=note]", "区里已批复立项");
        await SaveAsync(page, "#status-form button[type=submit]");
        await page.Locator("#panel .site-panel[data-status=approved]").WaitForAsync();
        Assert.Contains("区里已批复立项", await page.InnerTextAsync("#panel .timeline"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "editing-status.png") });

        // The history lists each change by whom.
        await page.GotoAsync($"{server.BaseUrl}/Sites/History/{id}");
        var actions = await page.Locator("table.history tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action)");
        Assert.Equal(["progress", "edited", "created"], actions);
        Assert.Contains("规划员", await page.InnerTextAsync("table.history"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_planners_edit_the_same_site_and_the_second_sees_what_changed_before_choosing()
    {
        var first = await server.SignInAsync("planner1");
        var second = await server.SignInAsync("planner2");
        var site = await first.EvaluateAsync<JsonElement>("""
            async () => {
              const all = await (await fetch('/api/sites?programme=fringe')).json();
              const f = all.features[0];
              const c = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0][0] : f.geometry.coordinates[0][0][0];
              return { id: f.id, name: f.properties.name, x: c[0], y: c[1] };
            }
            """);
        var id = site.GetProperty("id").GetInt64();
        var url = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{server.BaseUrl}/Map?site={id}&x={site.GetProperty("x").GetDouble():0.00000}&y={site.GetProperty("y").GetDouble():0.00000}&z=15");
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync(url);
            await PlannerServer.WaitForMapAsync(page);
            await page.Locator($"#panel .site-panel[data-site-id='{id}']").WaitForAsync();
            await page.ClickAsync("#panel [data-action=edit]");
            await page.WaitForSelectorAsync("#site-form[data-id]");
        }

        await first.FillAsync("#site-form input[name=name]", "甲改的名称");
        await SaveAsync(first);

        await second.FillAsync("#site-form input[name=name]", "乙改的名称");
        await second.FillAsync("#site-form input[name=villages]", "乙加的村");
        await second.EvaluateAsync("() => delete document.body.dataset.editState");
        await second.ClickAsync("#site-save");
        var conflict = second.Locator("#form-messages .conflict");
        await conflict.WaitForAsync();
        var nameRow = await second.Locator("#form-messages .conflict tr[data-field=name]").InnerTextAsync();
        Assert.Contains("甲改的名称", nameRow); // theirs
        Assert.Contains("乙改的名称", nameRow); // yours
        await second.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "editing-conflict.png") });
        // Nothing was overwritten: the stored name is still the first planner's.
        Assert.Equal("甲改的名称", (await GetSiteAsync(second, id)).GetProperty("feature").GetProperty("properties").GetProperty("name").GetString());

        // Having seen the difference, the second planner keeps theirs.
        await SaveAsync(second, "#conflict-save-mine");
        var final = await GetSiteAsync(second, id);
        Assert.Equal("乙改的名称", final.GetProperty("feature").GetProperty("properties").GetProperty("name").GetString());

        // Restore the first version from the history page.
        await second.GotoAsync($"{server.BaseUrl}/Sites/History/{id}");
        Assert.Equal(2, await second.Locator("table.history tbody tr[data-action=edited]").CountAsync());
        await second.Locator("table.history tbody tr").Last.Locator("button", new() { HasText = "恢复为修改前" }).ClickAsync();
        await second.Locator(".history-page .notice").WaitForAsync();
        Assert.Equal(site.GetProperty("name").GetString(), (await GetSiteAsync(second, id)).GetProperty("feature").GetProperty("properties").GetProperty("name").GetString());
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task A_self_intersecting_drawing_is_refused_with_the_crossing_marked_on_the_map()
    {
        var page = await server.SignInAsync("planner1");
        await page.GotoAsync($"{server.BaseUrl}/Map?x=113.66800&y=34.73700&z=17");
        await PlannerServer.WaitForMapAsync(page);
        await page.UncheckAsync("#snap");
        await page.ClickAsync("#edit-tools [data-draw=fringe]");
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        float cx = box.X + box.Width / 2, cy = box.Y + box.Height / 2;
        // A bow tie: the second and fourth edges cross in the middle.
        foreach (var (x, y) in new[] { (-80, -80), (80, 80), (80, -80) })
        {
            await page.Mouse.ClickAsync(cx + x, cy + y);
            await page.WaitForTimeoutAsync(150);
        }
        await page.Mouse.DblClickAsync(cx - 80, cy + 80);
        await page.WaitForSelectorAsync("#form-messages .problems");
        Assert.Contains("自相交", await page.InnerTextAsync("#form-messages"));
        var marked = await page.EvaluateAsync<double[]>("""
            () => {
              const layer = plannerMap.map.getLayers().getArray().find(l => l.get('name') === 'edit-problems');
              const f = layer.getSource().getFeatures()[0];
              return f ? plannerMap.map.getPixelFromCoordinate(f.getGeometry().getCoordinates()) : [];
            }
            """);
        Assert.Equal(2, marked.Length);
        Assert.Equal(box.Width / 2, marked[0], 3.0); // the crossing, in the middle of the map
        Assert.Equal(box.Height / 2, marked[1], 3.0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "editing-fault.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_planner_splits_a_compound_along_a_drawn_line_and_merges_the_parts_again()
    {
        var page = await server.SignInAsync("planner1");
        await page.GotoAsync($"{server.BaseUrl}/Map");
        var created = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const ring = [[113.7000, 34.7000], [113.7020, 34.7000], [113.7020, 34.7015], [113.7000, 34.7015], [113.7000, 34.7000]];
              const r = await fetch('/api/sites?confirmOverlap=true', { method: 'POST', headers: { 'Content-Type': 'application/geo+json' },
                body: JSON.stringify({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code: 'BT-SPLIT', name: '待拆分小区', programme: 'compound' } }) });
              return { status: r.status, body: await r.json() };
            }
            """);
        Assert.Equal(201, created.GetProperty("status").GetInt32());
        var id = created.GetProperty("body").GetProperty("id").GetInt64();
        await page.GotoAsync($"{server.BaseUrl}/Map?site={id}&x=113.70100&y=34.70075&z=17");
        await PlannerServer.WaitForMapAsync(page);
        await page.Locator($"#panel .site-panel[data-site-id='{id}']").WaitForAsync();
        await page.UncheckAsync("#snap");

        // A line across the middle, from outside the site to outside it.
        await page.ClickAsync("#panel [data-action=split]");
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        var top = await page.EvaluateAsync<double[]>("() => plannerMap.pixelOf(113.7010, 34.7019)");
        var bottom = await page.EvaluateAsync<double[]>("() => plannerMap.pixelOf(113.7010, 34.6996)");
        await page.EvaluateAsync("() => delete document.body.dataset.editState");
        await page.Mouse.ClickAsync(box.X + (float)top[0], box.Y + (float)top[1]);
        await page.WaitForTimeoutAsync(150);
        await page.Mouse.DblClickAsync(box.X + (float)bottom[0], box.Y + (float)bottom[1]);
        await page.WaitForFunctionAsync("() => document.body.dataset.editState === 'saved'", null, new() { Timeout = 30_000 });
        var history = await page.EvaluateAsync<JsonElement>($"async () => (await fetch('/api/sites/{id}/history')).json()");
        Assert.Equal("split", history[0].GetProperty("action").GetString());
        var other = history[0].GetProperty("relatedSiteId").GetInt64();
        var parts = await page.EvaluateAsync<double[]>($"async () => [await (await fetch('/api/sites/{id}')).json(), await (await fetch('/api/sites/{other}')).json()].map(f => f.properties.areaM2)");
        Assert.Equal(parts[0], parts[1], parts[0] * 1e-3); // cut in the middle

        // Merge the other half back: choose it on the map.
        await page.Locator($"#panel .site-panel[data-site-id='{id}']").WaitForAsync();
        await page.ClickAsync("#panel [data-action=merge]");
        var half = await page.EvaluateAsync<double[]>("() => plannerMap.pixelOf(113.7015, 34.70075)");
        var (mx, my) = (box.X + (float)half[0], box.Y + (float)half[1]);
        var target = await page.EvaluateAsync<double[]>("() => plannerMap.pixelOf(113.7005, 34.70075)");
        // The kept part is one of the two halves: click the half that is the other site.
        var otherIsEast = await page.EvaluateAsync<bool>($"async () => {{ const f = await (await fetch('/api/sites/{other}')).json(); return f.geometry.coordinates[0].some(c => c[0] > 113.7015); }}");
        if (!otherIsEast) (mx, my) = (box.X + (float)target[0], box.Y + (float)target[1]);
        await page.EvaluateAsync("() => delete document.body.dataset.editState");
        await page.Mouse.ClickAsync(mx, my);
        await page.WaitForFunctionAsync("() => document.body.dataset.editState === 'saved'", null, new() { Timeout = 30_000 });
        var merged = await page.EvaluateAsync<JsonElement>($"async () => (await fetch('/api/sites/{id}/history')).json()");
        Assert.Equal("merged", merged[0].GetProperty("action").GetString());
        Assert.Equal(other, merged[0].GetProperty("relatedSiteId").GetInt64());
        Assert.Equal(404, await page.EvaluateAsync<int>($"async () => (await fetch('/api/sites/{other}')).status"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "editing-merged.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_leader_sees_no_editing_tools()
    {
        var page = await server.SignInAsync("leader1");
        await page.GotoAsync($"{server.BaseUrl}/Map?x=113.67200&y=34.73800&z=16");
        await PlannerServer.WaitForMapAsync(page);
        Assert.Equal(0, await page.Locator("#edit-tools").CountAsync());
        var id = await page.EvaluateAsync<long>("() => plannerMap.sites().find(s => s.programme === 'compound').id");
        await page.EvaluateAsync($"() => plannerMap.select({id})");
        await page.Locator($"#panel .site-panel[data-site-id='{id}']").WaitForAsync();
        Assert.Equal(0, await page.Locator("#panel .edit-actions, #panel #status-form").CountAsync());
        var form = await page.Context.APIRequest.GetAsync($"{server.BaseUrl}/Sites/Edit/{id}");
        Assert.Equal(403, form.Status);
        await page.Context.CloseAsync();
    }
}
