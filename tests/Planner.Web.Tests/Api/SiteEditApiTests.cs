using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planner.Data;

namespace Planner.Tests.Api;

/// <summary>
/// The editing API on both engines: GeoJSON Features, ETags, the overlap warning, the workflow, the
/// audit history with restore, split and merge; and only planners and admins may edit.
/// </summary>
public abstract class SiteEditApiTests(PlannerWebFactory factory)
{
    /// <summary>A lon/lat box in 南关街道; tests use different boxes so they do not overlap each other.</summary>
    protected static string Box(double west, double south, double width = 0.0015, double height = 0.0012)
    {
        string P(double x, double y) => string.Create(CultureInfo.InvariantCulture, $"[{x:0.#######},{y:0.#######}]");
        return $"{P(west, south)},{P(west + width, south)},{P(west + width, south + height)},{P(west, south + height)},{P(west, south)}";
    }

    static readonly string DefaultRing = Box(113.6775, 34.7360);

    protected static string Feature(string code, string name = "测试小区", string? ring = null, string extra = "") => $$$"""
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[{{{ring ?? DefaultRing}}}]]},
         "properties":{"code":"{{{code}}}","name":"{{{name}}}","programme":"compound","plannedStart":"2026-03-01","plannedEnd":"2026-12-31","buildYear":1990{{{extra}}}}}
        """;

    static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/geo+json"));

    protected static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? body = null, string? etag = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : Json(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    protected static async Task<JsonElement> BodyAsync(HttpResponseMessage r) =>
        JsonDocument.Parse(await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    /// <summary>Creates a site as planner1 (confirming any overlap with the sample district); returns its URL and ETag.</summary>
    protected async Task<(string Url, string ETag, long Id)> CreateAsync(string body)
    {
        var planner = await factory.SignedInAsync("planner1");
        var created = await SendAsync(planner, HttpMethod.Post, "/api/sites?confirmOverlap=true", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (created.Headers.Location!.OriginalString, created.Headers.ETag!.Tag, (await BodyAsync(created)).GetProperty("id").GetInt64());
    }

    static string Progress(string status, int percent, string? actualDate = null) =>
        JsonSerializer.Serialize(new { status, progress = percent, note = $"to {status}", actualDate });

    [Fact]
    public async Task The_edit_form_is_a_fragment_for_the_map_and_opened_as_a_page_leads_to_the_map()
    {
        var planner = await factory.SignedInAsync("planner1");
        var (_, _, id) = await CreateAsync(Feature("GC-EDIT-FRAG", ring: Box(113.6800, 34.7400)));
        var fragment = await planner.GetAsync($"/Sites/Edit/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Contains("site-form", await fragment.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        foreach (var (url, expected) in new[] { ($"/Sites/Edit/{id}", $"/Map?site={id}"), ("/Sites/Edit?programme=road", "/Map") })
        {
            var page = new HttpRequestMessage(HttpMethod.Get, url);
            page.Headers.Add("Sec-Fetch-Dest", "document");
            var answer = await planner.SendAsync(page, TestContext.Current.CancellationToken);
            Assert.Equal((HttpStatusCode.Redirect, expected), (answer.StatusCode, answer.Headers.Location!.OriginalString));
        }
        var bad = await planner.GetAsync("/Sites/Edit?programme=river", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("river", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_planner_creates_reads_updates_and_deletes_a_site_with_ETags()
    {
        var client = await factory.SignedInAsync("planner1");
        var created = await SendAsync(client, HttpMethod.Post, "/api/sites?confirmOverlap=true", Feature("API-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var etag = created.Headers.ETag!.Tag;
        var body = await BodyAsync(created);
        Assert.Equal("410104003", body.GetProperty("properties").GetProperty("township").GetString()); // derived: 南关街道
        Assert.True(body.GetProperty("properties").GetProperty("areaM2").GetDouble() > 10_000);

        var read = await client.GetAsync(location, TestContext.Current.CancellationToken);
        Assert.Equal(etag, read.Headers.ETag!.Tag);

        var updated = await SendAsync(client, HttpMethod.Put, location + "?confirmOverlap=true", Feature("API-1", "改名后的小区"), etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);
        Assert.Equal("改名后的小区", (await BodyAsync(updated)).GetProperty("properties").GetProperty("name").GetString());

        var stale = await SendAsync(client, HttpMethod.Delete, location, etag: etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var deleted = await SendAsync(client, HttpMethod.Delete, location, etag: updated.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(location, TestContext.Current.CancellationToken)).StatusCode);
        await using var db = factory.OpenDatabase();
        Assert.NotNull((await db.Sites.SingleAsync(s => s.Code == "API-1", TestContext.Current.CancellationToken)).DeletedAt); // kept, soft-deleted
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_gets_412_with_the_current_version()
    {
        var first = await factory.SignedInAsync("planner1");
        var second = await factory.SignedInAsync("admin1");
        var (location, etag, _) = await CreateAsync(Feature("API-2", ring: Box(113.6650, 34.7360)));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(first, HttpMethod.Put, location + "?confirmOverlap=true", Feature("API-2", "甲的修改", Box(113.6650, 34.7360)), etag)).StatusCode);
        var conflict = await SendAsync(second, HttpMethod.Put, location + "?confirmOverlap=true", Feature("API-2", "乙的修改", Box(113.6650, 34.7360)), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, conflict.StatusCode);
        Assert.Equal("甲的修改", (await BodyAsync(conflict)).GetProperty("properties").GetProperty("name").GetString());
        var missing = await SendAsync(second, HttpMethod.Put, location, Feature("API-2", "乙的修改"));
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        await using var db = factory.OpenDatabase();
        Assert.Equal("甲的修改", (await db.Sites.SingleAsync(s => s.Code == "API-2", TestContext.Current.CancellationToken)).Name);
    }

    [Theory]
    [InlineData("[113.6775,34.7360],[113.6790,34.7372],[113.6790,34.7360],[113.6775,34.7372],[113.6775,34.7360]", "自相交")]
    [InlineData("[113.6775,34.7360],[113.6790,34.7360],[113.6790,34.7372],[113.6775,34.7372]", "环未闭合")]
    [InlineData("[2.35,48.85],[2.36,48.85],[2.36,48.86],[2.35,48.85]", "在中国境外")]
    [InlineData("[113.6775,34.7360],[113.6790,34.7360],[113.6800,34.7366],[113.6790,34.7360],[113.6790,34.7372],[113.6775,34.7372],[113.6775,34.7360]", "自相交")] // a spike
    [InlineData("[113.6775,34.7360],[113.6790,34.7360],[113.6805,34.7360],[113.6775,34.7360]", "自相交")] // flat: folds onto itself
    [InlineData("[113.6775,34.7360],[113.6775001,34.7360],[113.6775001,34.7360001],[113.6775,34.7360]", "面积为零")]
    [InlineData("[118.0,34.7360],[118.01,34.7360],[118.01,34.7372],[118.0,34.7360]", "不在本区任何乡/街道范围内")]
    public async Task Bad_geometry_is_refused_naming_the_vertex_and_nothing_is_stored(string ring, string expected)
    {
        var client = await factory.SignedInAsync("planner1");
        var response = await SendAsync(client, HttpMethod.Post, "/api/sites?confirmOverlap=true", Feature("API-BAD", ring: ring));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(text.Contains(expected), text);
        await using var db = factory.OpenDatabase();
        Assert.False(await db.Sites.AnyAsync(s => s.Code == "API-BAD", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_self_intersection_comes_with_its_place_for_the_map()
    {
        var client = await factory.SignedInAsync("planner1");
        var response = await SendAsync(client, HttpMethod.Post, "/api/sites",
            Feature("API-BOWTIE", ring: "[113.6775,34.7360],[113.6790,34.7372],[113.6790,34.7360],[113.6775,34.7372],[113.6775,34.7360]"));
        var at = (await BodyAsync(response)).GetProperty("problems")[0].GetProperty("at");
        Assert.Equal(113.67825, at[0].GetDouble(), 6); // where the edges cross
        Assert.Equal(34.7366, at[1].GetDouble(), 6);
    }

    [Fact]
    public async Task A_line_with_one_point_is_refused()
    {
        var client = await factory.SignedInAsync("planner1");
        var road = """{"type":"Feature","geometry":{"type":"LineString","coordinates":[[113.68,34.74]]},"properties":{"code":"API-ROAD-1","name":"一点路","programme":"road"}}""";
        var response = await SendAsync(client, HttpMethod.Post, "/api/sites", road);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("geometry", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("POST", "/api/sites/check", "null", "null")]
    [InlineData("POST", "/api/sites/check", "[]", "数组")]
    [InlineData("POST", "/api/sites/check", "\"x\"", "字符串")]
    [InlineData("POST", "/api/sites", "[]", "数组")]
    [InlineData("POST", "/api/sites", "42", "数字")]
    public async Task A_body_that_is_not_a_feature_object_is_refused_naming_what_it_is(string method, string url, string body, string kind)
    {
        var client = await factory.SignedInAsync("planner1");
        var response = await SendAsync(client, new HttpMethod(method), url, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("应为 GeoJSON Feature", text);
        Assert.Contains(kind, text);
    }

    [Theory]
    [InlineData("name", "\"name\":\" \"", "\"where\":\"name\",\"label\":\"名称\"")]
    [InlineData("plannedEnd", "\"plannedEnd\":\"2025-01-01\"", "\"where\":\"plannedEnd\",\"label\":\"计划完工\"")]
    [InlineData("buildYear", "\"buildYear\":\"老\"", "\"where\":\"buildYear\",\"label\":\"建成年代\"")]
    public async Task A_bad_field_is_refused_naming_it(string field, string replacement, string expected)
    {
        var client = await factory.SignedInAsync("planner1");
        var body = Feature("API-FIELD").Replace(field switch
        {
            "name" => "\"name\":\"测试小区\"",
            "plannedEnd" => "\"plannedEnd\":\"2026-12-31\"",
            _ => "\"buildYear\":1990",
        }, replacement);
        var response = await SendAsync(client, HttpMethod.Post, "/api/sites?confirmOverlap=true", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_edit_refused_for_bad_input_leaves_the_stored_site_as_it_was()
    {
        var (location, etag, id) = await CreateAsync(Feature("API-KEEP", "原名", Box(113.6675, 34.7360)));
        var client = await factory.SignedInAsync("planner1");
        var response = await SendAsync(client, HttpMethod.Put, location, Feature("API-KEEP", " ", "[113.6675,34.736],[113.669,34.7372],[113.669,34.736],[113.6675,34.7372],[113.6675,34.736]"), etag);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"where\":\"name\"", text);
        Assert.Contains("自相交", text);
        var read = await client.GetAsync(location, TestContext.Current.CancellationToken);
        Assert.Equal(etag, read.Headers.ETag!.Tag);
        Assert.Equal("原名", (await BodyAsync(read)).GetProperty("properties").GetProperty("name").GetString());
        await using var db = factory.OpenDatabase();
        Assert.Equal(1, await db.SiteRevisions.CountAsync(r => r.SiteId == id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_overlap_with_a_site_of_the_same_programme_is_a_warning_the_planner_may_confirm()
    {
        var (_, _, outerId) = await CreateAsync(Feature("API-OUTER", "外小区", Box(113.6700, 34.7380, 0.002, 0.0016)));
        var client = await factory.SignedInAsync("planner1");
        var inner = Feature("API-INNER", "内小区", Box(113.6705, 34.7385, 0.0005, 0.0005));

        var warned = await SendAsync(client, HttpMethod.Post, "/api/sites", inner);
        Assert.Equal(HttpStatusCode.Conflict, warned.StatusCode);
        var overlap = (await BodyAsync(warned)).GetProperty("overlaps").EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == outerId);
        Assert.Equal("API-OUTER", overlap.GetProperty("code").GetString());
        var check = await BodyAsync(await SendAsync(client, HttpMethod.Post, "/api/sites/check", inner));
        Assert.Equal(check.GetProperty("areaM2").GetDouble(), overlap.GetProperty("areaM2").GetDouble(), 0); // inside: all of it overlaps
        await using (var db = factory.OpenDatabase())
            Assert.False(await db.Sites.AnyAsync(s => s.Code == "API-INNER", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(client, HttpMethod.Post, "/api/sites?confirmOverlap=true", inner)).StatusCode);

        // A neighbour snapped onto the shared edge does not overlap.
        var neighbour = await BodyAsync(await SendAsync(client, HttpMethod.Post, "/api/sites/check", Feature("API-NEXT", ring: Box(113.6720, 34.7380, 0.001, 0.0016))));
        Assert.DoesNotContain(neighbour.GetProperty("overlaps").EnumerateArray(), o => o.GetProperty("id").GetInt64() == outerId);
        Assert.Equal("410104003", neighbour.GetProperty("township").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Status_moves_only_along_the_workflow_and_completion_needs_its_date()
    {
        var (location, etag, id) = await CreateAsync(Feature("API-WF", ring: Box(113.6650, 34.7400)));
        var client = await factory.SignedInAsync("admin1");

        var jump = await SendAsync(client, HttpMethod.Post, $"{location}/progress", Progress("construction", 30), etag);
        Assert.Equal(HttpStatusCode.BadRequest, jump.StatusCode);
        Assert.Contains("下一步只能是：“立项”（approved）", await jump.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        foreach (var (status, percent, date) in new[] { ("approved", 0, null), ("design", 0, null), ("tender", 0, null), ("construction", 40, "2026-10-01") })
        {
            var step = await SendAsync(client, HttpMethod.Post, $"{location}/progress", Progress(status, percent, date), etag);
            Assert.True(step.IsSuccessStatusCode, await step.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            etag = step.Headers.ETag!.Tag;
        }
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(client, HttpMethod.Post, $"{location}/progress", Progress("construction", 50), "\"v1\"")).StatusCode);
        var accepted = await SendAsync(client, HttpMethod.Post, $"{location}/progress", Progress("accepted", 100), etag);
        Assert.Contains("下一步只能是：“完工”（completed）", await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var noDate = await SendAsync(client, HttpMethod.Post, $"{location}/progress", Progress("completed", 100), etag);
        Assert.Equal(HttpStatusCode.BadRequest, noDate.StatusCode);
        Assert.Contains("actualEnd", await noDate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var done = await SendAsync(client, HttpMethod.Post, $"{location}/progress", Progress("completed", 100, "2026-10-31"), etag);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var props = (await BodyAsync(done)).GetProperty("properties");
        Assert.Equal("completed", props.GetProperty("status").GetString());
        Assert.Equal("2026-10-31", props.GetProperty("actualEnd").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, $"{location}/progress", Progress("accepted", 100), done.Headers.ETag!.Tag)).StatusCode);

        await using var db = factory.OpenDatabase();
        var records = await db.ProgressRecords.Where(r => r.SiteId == id).OrderBy(r => r.Id).Select(r => r.Status).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([Sites.SiteStatus.Planning, Sites.SiteStatus.Approved, Sites.SiteStatus.Design, Sites.SiteStatus.Tender,
            Sites.SiteStatus.Construction, Sites.SiteStatus.Completed, Sites.SiteStatus.Accepted], records);
    }

    [Fact]
    public async Task Every_change_is_in_the_history_and_an_earlier_version_can_be_restored()
    {
        var original = Box(113.6675, 34.7400);
        var (location, etag, id) = await CreateAsync(Feature("API-HIST", "第一版", original));
        var client = await factory.SignedInAsync("planner1");
        var edited = await SendAsync(client, HttpMethod.Put, location + "?confirmOverlap=true", Feature("API-HIST", "第二版", Box(113.6675, 34.7400, 0.002)), etag);
        etag = edited.Headers.ETag!.Tag;
        var deleted = await SendAsync(client, HttpMethod.Delete, location, etag: etag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var history = await BodyAsync(await client.GetAsync($"{location}/history", TestContext.Current.CancellationToken));
        Assert.Equal(["deleted", "edited", "created"], history.EnumerateArray().Select(r => r.GetProperty("action").GetString()!).ToArray());
        var edit = history[1];
        Assert.Equal("planner1", edit.GetProperty("by").GetString());
        Assert.Equal(["geometry", "name"], edit.GetProperty("changed").EnumerateArray().Select(c => c.GetString()!).Order().ToArray());

        // Restore the first version: undeletes it with its first name and shape.
        var created = history[2].GetProperty("id").GetInt64();
        var current = await SendAsync(client, HttpMethod.Get, location);
        Assert.Equal(HttpStatusCode.NotFound, current.StatusCode);
        // Coming back, it overlaps the sample district's sites again: the same warning as an edit, until confirmed.
        var warned = await SendAsync(client, HttpMethod.Post, $"{location}/restore", JsonSerializer.Serialize(new { revision = created }), "\"v3\"");
        Assert.Equal(HttpStatusCode.Conflict, warned.StatusCode);
        Assert.NotEmpty((await BodyAsync(warned)).GetProperty("overlaps").EnumerateArray());
        var restored = await SendAsync(client, HttpMethod.Post, $"{location}/restore?confirmOverlap=true", JsonSerializer.Serialize(new { revision = created }), "\"v3\"");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var props = (await BodyAsync(restored)).GetProperty("properties");
        Assert.Equal("第一版", props.GetProperty("name").GetString());
        await using var db = factory.OpenDatabase();
        var site = await db.Sites.SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken);
        Assert.Null(site.DeletedAt);
        Assert.True(site.Geometry.EqualsExact(Geometry.GeoJsonGeometry.Parse($"{{\"type\":\"Polygon\",\"coordinates\":[[{original}]]}}"), 1e-9));
        var last = await db.SiteRevisions.Where(r => r.SiteId == id).OrderByDescending(r => r.Version).FirstAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Sites.RevisionAction.Restored, last.Action);
        Assert.Equal(4, last.Version);
        Assert.Equal("恢复到第 1 版，并取消删除", Sites.HistoryNote.Render(last.Summary));
        var summary = (await BodyAsync(await client.GetAsync($"{location}/history", TestContext.Current.CancellationToken)))[0].GetProperty("summary").GetString();
        Assert.Equal("恢复到第 1 版，并取消删除", summary);
    }

    [Fact]
    public async Task A_compound_split_by_a_line_becomes_two_sites_with_linked_histories()
    {
        var (location, etag, id) = await CreateAsync(Feature("API-SPLIT", "待拆小区", Box(113.6700, 34.7400, 0.002, 0.001)));
        var client = await factory.SignedInAsync("planner1");
        await using var db = factory.OpenDatabase();
        var area = (await db.Sites.AsNoTracking().SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken)).AreaSquareMetres!.Value;

        var missing = await SendAsync(client, HttpMethod.Post, $"{location}/split",
            """{"type":"Feature","geometry":{"type":"LineString","coordinates":[[113.6750,34.7390],[113.6750,34.7398]]},"properties":{}}""", etag);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("没有切开项目", await missing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var split = await SendAsync(client, HttpMethod.Post, $"{location}/split",
            """{"type":"Feature","geometry":{"type":"LineString","coordinates":[[113.6708,34.7395],[113.6708,34.7415]]},"properties":{"name":"拆出小区"}}""", etag);
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        var body = await BodyAsync(split);
        var createdId = body.GetProperty("created").GetProperty("id").GetInt64();
        Assert.Equal("API-SPLIT-2", body.GetProperty("created").GetProperty("code").GetString());
        var kept = body.GetProperty("kept").GetProperty("areaM2").GetDouble();
        var other = body.GetProperty("created").GetProperty("areaM2").GetDouble();
        Assert.Equal(area, kept + other, area * 1e-6);
        Assert.Equal(0.6, kept / area, 2); // the line is at 40 %: the site keeps the larger part

        var keptHistory = await BodyAsync(await client.GetAsync($"{location}/history", TestContext.Current.CancellationToken));
        Assert.Equal("split", keptHistory[0].GetProperty("action").GetString());
        Assert.Equal(createdId, keptHistory[0].GetProperty("relatedSiteId").GetInt64());
        var newHistory = await BodyAsync(await client.GetAsync($"/api/sites/{createdId}/history", TestContext.Current.CancellationToken));
        Assert.Equal("split-from", newHistory[0].GetProperty("action").GetString());
        Assert.Equal(id, newHistory[0].GetProperty("relatedSiteId").GetInt64());
        var created = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == createdId, TestContext.Current.CancellationToken);
        Assert.Equal("拆出小区", created.Name);
        Assert.Equal(1990, ((Sites.CompoundSite)created).BuildYear); // the fields come along
    }

    [Fact]
    public async Task Two_adjacent_sites_merge_into_one_and_the_other_is_retired_with_a_link()
    {
        var (a, aTag, aId) = await CreateAsync(Feature("API-MA", "合并甲", Box(113.6675, 34.7420, 0.001, 0.001)));
        var (b, bTag, bId) = await CreateAsync(Feature("API-MB", "合并乙", Box(113.6685, 34.7420, 0.001, 0.001)));
        var (_, fTag, fId) = await CreateAsync(Feature("API-MF", "远处", Box(113.6725, 34.7420, 0.001, 0.001)));
        var client = await factory.SignedInAsync("planner1");
        await using var db = factory.OpenDatabase();
        var areas = await db.Sites.AsNoTracking().Where(s => s.Id == aId || s.Id == bId).SumAsync(s => s.AreaSquareMetres!.Value, TestContext.Current.CancellationToken);

        var far = await SendAsync(client, HttpMethod.Post, $"{a}/merge", JsonSerializer.Serialize(new { with = fId, withVersion = int.Parse(fTag[2..^1]) }), aTag);
        Assert.Equal(HttpStatusCode.BadRequest, far.StatusCode);
        Assert.Contains("不相邻", await far.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var merged = await SendAsync(client, HttpMethod.Post, $"{a}/merge", JsonSerializer.Serialize(new { with = bId, withVersion = int.Parse(bTag[2..^1]) }), aTag);
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var props = (await BodyAsync(merged)).GetProperty("properties");
        Assert.Equal(areas, props.GetProperty("areaM2").GetDouble(), areas * 1e-6);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(b, TestContext.Current.CancellationToken)).StatusCode);
        var history = await BodyAsync(await client.GetAsync($"{a}/history", TestContext.Current.CancellationToken));
        Assert.Equal("merged", history[0].GetProperty("action").GetString());
        Assert.Equal(bId, history[0].GetProperty("relatedSiteId").GetInt64());
        var retired = await db.SiteRevisions.AsNoTracking().Where(r => r.SiteId == bId).OrderByDescending(r => r.Version).FirstAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Sites.RevisionAction.MergedInto, retired.Action);
        Assert.Equal(aId, retired.RelatedSiteId);

        // Bringing the merged-away half back would lie under the merged site: warned like any edit, not restored silently.
        var bTagNow = $"\"v{retired.Version}\"";
        var back = await SendAsync(client, HttpMethod.Post, $"{b}/restore", JsonSerializer.Serialize(new { revision = retired.Id, before = true }), bTagNow);
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        var overlap = (await BodyAsync(back)).GetProperty("overlaps").EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == aId);
        Assert.Equal(areas / 2, overlap.GetProperty("areaM2").GetDouble(), areas * 0.01); // all of it
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(b, TestContext.Current.CancellationToken)).StatusCode);
    }

    public static TheoryData<string, double> Editors => new() { { "planner1", 113.6650 }, { "admin1", 113.6700 } };

    [Theory]
    [MemberData(nameof(Editors))]
    public async Task Planners_and_admins_may_use_every_editing_endpoint(string user, double west)
    {
        var client = await factory.SignedInAsync(user);
        var code = $"API-ALL-{user}";
        string Tag(HttpResponseMessage r) => r.Headers.ETag!.Tag;
        async Task<HttpResponseMessage> Ok(HttpResponseMessage r, HttpStatusCode expected)
        {
            Assert.True(r.StatusCode == expected, $"{r.RequestMessage!.Method} {r.RequestMessage.RequestUri}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            return r;
        }
        var ring = Box(west, 34.7460, 0.002, 0.001);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, "/api/sites/check", Feature(code, ring: ring))).StatusCode);
        var created = await Ok(await SendAsync(client, HttpMethod.Post, "/api/sites?confirmOverlap=true", Feature(code, ring: ring)), HttpStatusCode.Created);
        var url = created.Headers.Location!.OriginalString;
        var edited = await Ok(await SendAsync(client, HttpMethod.Put, url + "?confirmOverlap=true", Feature(code, "改名", ring), Tag(created)), HttpStatusCode.OK);
        var progressed = await Ok(await SendAsync(client, HttpMethod.Post, $"{url}/progress", Progress("approved", 0), Tag(edited)), HttpStatusCode.OK);
        var line = string.Create(CultureInfo.InvariantCulture, $$$"""{"type":"Feature","geometry":{"type":"LineString","coordinates":[[{{{west + 0.001}}},34.7455],[{{{west + 0.001}}},34.7475]]}}""");
        var split = await Ok(await SendAsync(client, HttpMethod.Post, $"{url}/split", line, Tag(progressed)), HttpStatusCode.OK);
        var other = (await BodyAsync(split)).GetProperty("created");
        var merged = await Ok(await SendAsync(client, HttpMethod.Post, $"{url}/merge",
            JsonSerializer.Serialize(new { with = other.GetProperty("id").GetInt64(), withVersion = other.GetProperty("version").GetInt32() }), Tag(split)), HttpStatusCode.OK);
        var history = await BodyAsync(await client.GetAsync($"{url}/history", TestContext.Current.CancellationToken));
        Assert.Equal(["merged", "split", "progress", "edited", "created"], history.EnumerateArray().Select(r => r.GetProperty("action").GetString()!).ToArray());
        var restored = await Ok(await SendAsync(client, HttpMethod.Post, $"{url}/restore",
            JsonSerializer.Serialize(new { revision = history[3].GetProperty("id").GetInt64() }), Tag(merged)), HttpStatusCode.OK);
        Assert.Equal("改名", (await BodyAsync(restored)).GetProperty("properties").GetProperty("name").GetString());
        await Ok(await SendAsync(client, HttpMethod.Delete, url, etag: Tag(restored)), HttpStatusCode.NoContent);
    }

    public static TheoryData<string> ReadOnlyUsers => ["leader1", "field1"];

    [Theory]
    [MemberData(nameof(ReadOnlyUsers))]
    public async Task Leaders_and_field_teams_get_403_for_every_edit(string user)
    {
        var (location, etag, id) = await CreateAsync(Feature($"API-RO-{user}", ring: Box(113.6750, 34.7440)));
        var client = await factory.SignedInAsync(user);
        var requests = new (HttpMethod Method, string Url, string? Body)[]
        {
            (HttpMethod.Post, "/api/sites", Feature($"API-X-{user}")),
            (HttpMethod.Post, "/api/sites/check", Feature($"API-X-{user}")),
            (HttpMethod.Put, location, Feature($"API-RO-{user}", "改")),
            (HttpMethod.Delete, location, null),
            (HttpMethod.Post, $"{location}/progress", Progress("approved", 0)),
            (HttpMethod.Post, $"{location}/restore", "{\"revision\":1}"),
            (HttpMethod.Post, $"{location}/split", """{"type":"Feature","geometry":{"type":"LineString","coordinates":[[113.6758,34.7435],[113.6758,34.7455]]}}"""),
            (HttpMethod.Post, $"{location}/merge", "{\"with\":1,\"withVersion\":1}"),
        };
        foreach (var (method, url, body) in requests)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, method, url, body, etag)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(factory.Anonymous(), method, url, body, etag)).StatusCode);
        }
        // They still read the site and its history (field1's township is 南关街道, where it lies).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(location, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{location}/history", TestContext.Current.CancellationToken)).StatusCode);
        await using var db = factory.OpenDatabase();
        Assert.Equal(1, (await db.Sites.SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken)).Version);
    }

    [Fact]
    public async Task A_field_team_of_another_township_does_not_see_the_site_or_its_history()
    {
        var (location, _, _) = await CreateAsync(Feature("API-SCOPE", ring: Box(113.6725, 34.7440)));
        var client = await factory.SignedInAsync("field2");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(location, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{location}/history", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_form_post_is_not_accepted_as_an_edit()
    {
        var client = await factory.SignedInAsync("planner1");
        var response = await client.PostAsync("/api/sites", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "CSRF" }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class SqliteSiteEditApiTests(PlannerWebFactory factory) : SiteEditApiTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisSiteEditApiTests(PostgisWebFactory factory) : SiteEditApiTests(factory), IClassFixture<PostgisWebFactory>;
