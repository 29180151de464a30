using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;

namespace Planner.Tests.Api;

/// <summary>
/// Input over a limit is refused with the limit named and nothing stored: vertices, text, JSON types, dates,
/// and what one map request may ask for. On both engines.
/// </summary>
public abstract class LimitsTests(PlannerWebFactory factory)
{
    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/geo+json");

    static string Ring(int vertices, double west = 113.6800, double south = 34.7450)
    {
        // A circle of the given number of vertices, about 60 m across, in 南关街道.
        var points = Enumerable.Range(0, vertices).Select(i => 2 * Math.PI * i / vertices)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"[{west + 0.0003 * Math.Cos(a):0.#########},{south + 0.00025 * Math.Sin(a):0.#########}]")).ToList();
        points.Add(points[0]);
        return string.Join(",", points);
    }

    static string Feature(string code, string ring, string extra = "") => $$$"""
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[{{{ring}}}]]},"properties":{"code":"{{{code}}}","name":"限额小区","programme":"compound"{{{extra}}}}}
        """;

    async Task<JsonElement> RefusedAsync(HttpResponseMessage response, string where)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problem = JsonDocument.Parse(text).RootElement.GetProperty("problems").EnumerateArray().First(p => p.GetProperty("where").GetString() == where);
        return problem.Clone();
    }

    async Task AssertNotStoredAsync(string code)
    {
        await using var db = factory.OpenDatabase();
        Assert.False(await db.Sites.AnyAsync(s => s.Code == code, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_site_with_more_vertices_than_the_limit_is_refused()
    {
        var client = await factory.SignedInAsync("planner1");
        var response = await client.PostAsync("/api/sites?confirmOverlap=true", Json(Feature("LIM-V", Ring(20_001))), TestContext.Current.CancellationToken);
        var problem = await RefusedAsync(response, "geometry");
        Assert.Contains("20,002 个顶点，超过上限 20,000 个", problem.GetProperty("what").GetString());
        await AssertNotStoredAsync("LIM-V");
        // Just under the limit is fine.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/sites?confirmOverlap=true", Json(Feature("LIM-V2", Ring(19_000, 113.6850))), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData(",\"name\":\"" + "长" + "\"", "name", null)]
    [InlineData(",\"notes\":\"NOTES\"", "notes", "超过上限 4000 个字符")]
    [InlineData(",\"responsibleUnit\":\"UNIT\"", "responsibleUnit", "超过上限 200 个字符")]
    [InlineData(",\"plannedEnd\":\"9999-12-31\"", "plannedEnd", "不在允许范围内")]
    [InlineData(",\"plannedStart\":\"1900-01-01\"", "plannedStart", "不在允许范围内")]
    [InlineData(",\"community\":{\"a\":1}", "community", "应为文本，实际是对象")]
    [InlineData(",\"responsiblePerson\":42", "responsiblePerson", "应为文本，实际是数字")]
    [InlineData(",\"pilot\":\"maybe\"", "pilot", "应为 true 或 false")]
    [InlineData(",\"buildYear\":[1990]", "buildYear", "应为数字，实际是数组")]
    public async Task Text_over_its_limit_wrong_JSON_types_and_implausible_dates_are_refused(string extra, string field, string? expected)
    {
        var client = await factory.SignedInAsync("planner1");
        extra = extra.Replace("NOTES", new string('记', 4001)).Replace("UNIT", new string('单', 201));
        var body = Feature("LIM-T", Ring(8, 113.6860), extra);
        if (field == "name") body = body.Replace("\"name\":\"限额小区\"", "\"name\":{\"text\":\"限额小区\"}").Replace(extra, "");
        var problem = await RefusedAsync(await client.PostAsync("/api/sites?confirmOverlap=true", Json(body), TestContext.Current.CancellationToken), field);
        Assert.Contains(expected ?? "应为文本，实际是对象", problem.GetProperty("what").GetString());
        await AssertNotStoredAsync("LIM-T");
    }

    [Fact]
    public async Task A_progress_report_in_the_future_or_with_a_long_note_is_refused()
    {
        var client = await factory.SignedInAsync("planner1");
        var created = await client.PostAsync("/api/sites?confirmOverlap=true", Json(Feature("LIM-P", Ring(8, 113.6870))), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var etag = created.Headers.ETag!.Tag;
        async Task<HttpResponseMessage> Progress(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/progress") { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }
        var tomorrow = DateTime.UtcNow.AddHours(8).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); // tomorrow in Asia/Shanghai
        Assert.Contains("实际日期不能在将来", (await RefusedAsync(await Progress(new { status = "planning", progress = 0, note = "x", actualDate = "2099-01-01" }), "actualDate")).GetProperty("what").GetString());
        Assert.Contains("实际日期不能在将来", (await RefusedAsync(await Progress(new { status = "planning", progress = 0, note = "x", actualDate = tomorrow }), "actualDate")).GetProperty("what").GetString());
        Assert.Contains("超过上限 1000 个字符", (await RefusedAsync(await Progress(new { status = "planning", progress = 0, note = new string('说', 1001) }), "note")).GetProperty("what").GetString());
        await using var db = factory.OpenDatabase();
        var id = await db.Sites.Where(s => s.Code == "LIM-P").Select(s => s.Id).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await db.ProgressRecords.CountAsync(r => r.SiteId == id, TestContext.Current.CancellationToken)); // only "created"
    }

    [Fact]
    public async Task A_map_request_for_too_large_a_box_is_refused_and_a_large_answer_says_it_is_truncated()
    {
        var client = await factory.SignedInAsync("leader1");
        var china = await client.GetAsync("/api/sites?bbox=73,18,135,53", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, china.StatusCode);
        Assert.Contains("Planner:Map:MaxBoxDegrees", await china.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var tooFine = await client.GetAsync("/api/sites?bbox=113.6,34.6,113.9,34.8&res=0.5", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, tooFine.StatusCode);
        Assert.Contains("Planner:Map:MaxBoxPixels", await tooFine.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var all = JsonDocument.Parse(await client.GetStringAsync("/api/sites?bbox=113.6,34.6,113.9,34.8&res=40", TestContext.Current.CancellationToken)).RootElement;
        var count = all.GetProperty("features").GetArrayLength();
        Assert.Equal(count, all.GetProperty("numberReturned").GetInt32());
        Assert.False(all.TryGetProperty("truncated", out _));
    }
}

public sealed class SqliteLimitsTests(PlannerWebFactory factory) : LimitsTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisLimitsTests(PostgisWebFactory factory) : LimitsTests(factory), IClassFixture<PostgisWebFactory>;

/// <summary>With a small feature limit, the map's answer says it is truncated and how many matched: the first sites by code, on both engines.</summary>
public abstract class MapTruncationTests(PlannerWebFactory factory)
{
    public const string Limit = "25";

    [Fact]
    public async Task More_sites_than_the_limit_come_as_the_first_ones_with_the_number_matched()
    {
        var client = await factory.SignedInAsync("leader1");
        var response = await client.GetAsync("/api/sites", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var codes = body.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("code").GetString()!).ToList();
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
            var first = await db.Sites.Where(s => s.DeletedAt == null).OrderBy(s => s.Code).Select(s => s.Code).Take(25).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(first, codes);
        }
        Assert.Equal(25, body.GetProperty("numberReturned").GetInt32());
        Assert.True(body.GetProperty("truncated").GetBoolean());
        Assert.Equal(112, body.GetProperty("numberMatched").GetInt32());
        Assert.Contains("Planner:Map:MaxFeatures", body.GetProperty("note").GetString());
        Assert.Contains("db;dur=", response.Headers.GetValues("Server-Timing").Single());
        var field = await factory.SignedInAsync("field1"); // 10 sites: all of them, not truncated
        var theirs = JsonDocument.Parse(await field.GetStringAsync("/api/sites", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(10, theirs.GetProperty("features").GetArrayLength());
        Assert.Equal(10, theirs.GetProperty("numberReturned").GetInt32());
        Assert.False(theirs.TryGetProperty("truncated", out _));
        var none = JsonDocument.Parse(await client.GetStringAsync("/api/sites?q=no-such-site-anywhere", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(0, none.GetProperty("features").GetArrayLength());
        Assert.Equal(0, none.GetProperty("numberReturned").GetInt32());
    }
}

public sealed class SqliteMapTruncationTests(SqliteMapTruncationTests.Factory factory) : MapTruncationTests(factory), IClassFixture<SqliteMapTruncationTests.Factory>
{
    public sealed class Factory : PlannerWebFactory
    {
        protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Planner:Map:MaxFeatures", Limit);
    }
}

public sealed class PostgisMapTruncationTests(PostgisMapTruncationTests.Factory factory) : MapTruncationTests(factory), IClassFixture<PostgisMapTruncationTests.Factory>
{
    public sealed class Factory(PostgisServer server) : PlannerWebFactory
    {
        string? connectionString;

        public override string ConnectionString => connectionString ??= server.CreateDatabaseAsync().GetAwaiter().GetResult();

        protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Planner:Map:MaxFeatures", Limit);
    }
}
