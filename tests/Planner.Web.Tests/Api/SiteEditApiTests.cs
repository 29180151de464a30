using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planner.Data;

namespace Planner.Tests.Api;

/// <summary>The editing API: GeoJSON Features, ETags, and only planners and admins may edit.</summary>
public sealed class SiteEditApiTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    static string Feature(string code, string name = "测试小区", string ring = "[113.6775,34.7360],[113.6790,34.7360],[113.6790,34.7372],[113.6775,34.7372],[113.6775,34.7360]",
        string extra = "") => $$$"""
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[{{{ring}}}]]},
         "properties":{"code":"{{{code}}}","name":"{{{name}}}","programme":"compound","plannedStart":"2026-03-01","plannedEnd":"2026-12-31","buildYear":1990{{{extra}}}}}
        """;

    static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/geo+json"));

    static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? body = null, string? etag = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : Json(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    static async Task<JsonElement> BodyAsync(HttpResponseMessage r) =>
        JsonDocument.Parse(await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    [Fact]
    public async Task A_planner_creates_reads_updates_and_deletes_a_site_with_ETags()
    {
        var client = await factory.SignedInAsync("planner1");
        var created = await SendAsync(client, HttpMethod.Post, "/api/sites", Feature("API-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var etag = created.Headers.ETag!.Tag;
        var body = await BodyAsync(created);
        Assert.Equal("410104003", body.GetProperty("properties").GetProperty("township").GetString()); // derived: 南关街道
        Assert.True(body.GetProperty("properties").GetProperty("areaM2").GetDouble() > 10_000);

        var read = await client.GetAsync(location, TestContext.Current.CancellationToken);
        Assert.Equal(etag, read.Headers.ETag!.Tag);

        var updated = await SendAsync(client, HttpMethod.Put, location, Feature("API-1", "改名后的小区"), etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);
        Assert.Equal("改名后的小区", (await BodyAsync(updated)).GetProperty("properties").GetProperty("name").GetString());

        var stale = await SendAsync(client, HttpMethod.Delete, location, etag: etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var deleted = await SendAsync(client, HttpMethod.Delete, location, etag: updated.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(location, TestContext.Current.CancellationToken)).StatusCode);
        await using var db = PlannerDatabase.Open(factory.ConnectionString);
        Assert.NotNull((await db.Sites.SingleAsync(s => s.Code == "API-1", TestContext.Current.CancellationToken)).DeletedAt); // kept, soft-deleted
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_gets_412_with_the_current_version()
    {
        var first = await factory.SignedInAsync("planner1");
        var second = await factory.SignedInAsync("admin1");
        var created = await SendAsync(first, HttpMethod.Post, "/api/sites", Feature("API-2"));
        var location = created.Headers.Location!.OriginalString;
        var etag = created.Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(first, HttpMethod.Put, location, Feature("API-2", "甲的修改"), etag)).StatusCode);
        var conflict = await SendAsync(second, HttpMethod.Put, location, Feature("API-2", "乙的修改"), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, conflict.StatusCode);
        Assert.Equal("甲的修改", (await BodyAsync(conflict)).GetProperty("properties").GetProperty("name").GetString());
        var missing = await SendAsync(second, HttpMethod.Put, location, Feature("API-2", "乙的修改"));
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
    }

    [Theory]
    [InlineData("[113.6775,34.7360],[113.6790,34.7372],[113.6790,34.7360],[113.6775,34.7372],[113.6775,34.7360]", "", "self-intersection")]
    [InlineData("[113.6775,34.7360],[113.6790,34.7360],[113.6790,34.7372],[113.6775,34.7372]", "", "ring is not closed")]
    [InlineData("[2.35,48.85],[2.36,48.85],[2.36,48.86],[2.35,48.85]", "", "outside China")]
    [InlineData("[113.6775,34.7360],[113.6790,34.7360],[113.6790,34.7372],[113.6775,34.7372],[113.6775,34.7360]", ",\"plannedEnd\":\"2025-01-01\"", "plannedEnd")]
    public async Task Bad_input_is_refused_naming_the_field_or_vertex(string ring, string extra, string expected)
    {
        var client = await factory.SignedInAsync("planner1");
        var body = Feature("API-BAD", ring: ring, extra: "").Replace(",\"buildYear\":1990", ",\"buildYear\":1990" + extra);
        if (extra.Contains("plannedEnd")) body = body.Replace("\"plannedEnd\":\"2026-12-31\",", "");
        var response = await SendAsync(client, HttpMethod.Post, "/api/sites", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await using var db = PlannerDatabase.Open(factory.ConnectionString);
        Assert.False(await db.Sites.AnyAsync(s => s.Code == "API-BAD", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_empty_name_is_refused()
    {
        var client = await factory.SignedInAsync("planner1");
        var response = await SendAsync(client, HttpMethod.Post, "/api/sites", Feature("API-EMPTY", name: " "));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"where\":\"name\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("leader1")]
    [InlineData("field1")]
    public async Task Leaders_and_field_teams_get_403_for_every_edit(string user)
    {
        var planner = await factory.SignedInAsync("planner1");
        var created = await SendAsync(planner, HttpMethod.Post, "/api/sites", Feature($"API-RO-{user}"));
        var location = created.Headers.Location!.OriginalString;
        var etag = created.Headers.ETag!.Tag;

        var client = await factory.SignedInAsync(user);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/api/sites", Feature($"API-X-{user}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Put, location, Feature($"API-RO-{user}", "改"), etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Delete, location, etag: etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(factory.Anonymous(), HttpMethod.Post, "/api/sites", Feature("API-ANON"))).StatusCode);
    }

    [Fact]
    public async Task A_form_post_is_not_accepted_as_an_edit()
    {
        var client = await factory.SignedInAsync("planner1");
        var response = await client.PostAsync("/api/sites", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "CSRF" }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
