using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace Planner.Tests.Api;

/// <summary>Problem cases through the API: the whole loop by the roles it belongs to, scope, duplicates, If-Match; on both engines.</summary>
public abstract class CasesApiTests(PlannerWebFactory factory)
{
    // In 南关街道.
    const double Lon = 113.6780, Lat = 34.7365;

    static async Task<string> CsrfTokenAsync(HttpClient client) =>
        new HtmlParser().ParseDocument(await client.GetStringAsync("/Map")).QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!;

    static MultipartFormDataContent Form(IEnumerable<(string, string)> fields, int photos = 1, int seed = 0)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        for (var i = 0; i < photos; i++)
        {
            var file = new ByteArrayContent(TestPhotos.Jpeg(seed: seed * 10 + i, gps: (Lon, Lat)));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photos", $"p{i}.jpg");
        }
        return form;
    }

    static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, MultipartFormDataContent form, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        request.Headers.Add("X-CSRF-TOKEN", await CsrfTokenAsync(client));
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    static async Task<long> ReportAsync(HttpClient client, string category, double lon = Lon, double lat = Lat, int seed = 0, bool confirmNew = false)
    {
        var response = await PostAsync(client, "/api/cases", Form([("category", category), ("lon", $"{lon}"), ("lat", $"{lat}"), ("note", "发现问题"),
            ("clientId", Guid.NewGuid().ToString()), ("confirmNew", confirmNew ? "true" : "false")], seed: seed));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    static async Task<HttpResponseMessage> StepAsync(HttpClient client, long id, string action, params (string, string)[] fields)
    {
        var current = await client.GetAsync($"/api/cases/{id}");
        var etag = current.Headers.ETag?.Tag ?? "\"v0\"";
        return await PostAsync(client, $"/api/cases/{id}/transition", Form([("action", action), .. fields], photos: action is "handle" or "recur" ? 1 : 0, seed: 7), etag);
    }

    [Fact]
    public async Task A_case_closed_four_weeks_ago_is_on_the_inspectors_list_and_a_recurrence_opens_a_new_case_linked_both_ways()
    {
        var inspector = await factory.SignedInAsync("inspector1");
        var planner = await factory.SignedInAsync("planner1");
        var id = await ReportAsync(inspector, "dust", lon: Lon + 0.002, seed: 61, confirmNew: true);
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(planner, id, "accept")).StatusCode);
        var township = (await (await planner.GetAsync($"/api/cases/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("townshipId").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(planner, id, "dispatch", ("township", $"{township}"), ("deadline", "2099-12-31"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(await factory.SignedInAsync("field1"), id, "handle", ("note", "已修复"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(inspector, id, "pass")).StatusCode);
        static bool Listed(string page, long id) => new HtmlParser().ParseDocument(page).QuerySelector($".work-follow-ups li[data-case-id='{id}']") is not null;
        Assert.False(Listed(await inspector.GetStringAsync("/Work"), id)); // just closed

        await using (var db = factory.OpenDatabase())
            await db.ProblemCases.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ClosedAt, DateTimeOffset.UtcNow.AddDays(-30)));
        Assert.True(Listed(await inspector.GetStringAsync("/Work"), id));
        Assert.Null(new HtmlParser().ParseDocument(await planner.GetStringAsync("/Work")).QuerySelector(".work-follow-ups"));
        var page = new HtmlParser().ParseDocument(await inspector.GetStringAsync($"/Cases/Detail/{id}"));
        Assert.NotNull(page.QuerySelector("form[data-step=hold]"));
        Assert.NotNull(page.QuerySelector("form[data-step=recur] input[name=photos][required]"));

        Assert.Equal(HttpStatusCode.OK, (await StepAsync(inspector, id, "recur", ("note", "工地扬尘复发"))).StatusCode);
        var original = new HtmlParser().ParseDocument(await inspector.GetStringAsync($"/Cases/Detail/{id}"));
        var link = original.QuerySelector(".recurrences a")!.GetAttribute("href")!;
        var again = new HtmlParser().ParseDocument(await inspector.GetStringAsync(link));
        Assert.Equal($"/Cases/Detail/{id}", again.QuerySelector(".recurrence-of a")!.GetAttribute("href"));
        Assert.Equal("reported", again.QuerySelector("article.case")!.GetAttribute("data-state"));
        Assert.Equal("closed", original.QuerySelector("article.case")!.GetAttribute("data-state"));
        Assert.Null(original.QuerySelector("form[data-step=hold]")); // once only
        Assert.False(Listed(await inspector.GetStringAsync("/Work"), id));
        // The command centre has the new case to accept.
        Assert.Contains((await planner.GetFromJsonAsync<JsonElement>("/api/my/work")).GetProperty("cases").EnumerateArray(), c => $"/Cases/Detail/{c.GetProperty("id").GetInt64()}" == link);
    }

    [Fact]
    public async Task The_loop_runs_through_the_roles_it_belongs_to_and_the_one_who_handled_cannot_verify()
    {
        var inspector = await factory.SignedInAsync("inspector1");
        var planner = await factory.SignedInAsync("planner1");
        var field = await factory.SignedInAsync("field1");
        var id = await ReportAsync(inspector, "manhole", seed: 1);

        Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(field, id, "accept")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(planner, id, "accept")).StatusCode);
        var township = (await (await planner.GetAsync($"/api/cases/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("townshipId").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(planner, id, "dispatch", ("township", $"{township}"), ("unit", "南关街道城管中队"), ("deadline", "2099-12-31"))).StatusCode);
        // The field team's work list now holds the case, with "handle" as its next step, and its townships' unfinished sites.
        var work = await field.GetFromJsonAsync<JsonElement>("/api/my/work");
        var listed = work.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id);
        Assert.Equal(["handle"], listed.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.StartsWith("https://uri.amap.com/navigation?to=", listed.GetProperty("navigation").GetString());
        Assert.True(work.GetProperty("sites").GetArrayLength() > 0);
        var leaderWork = await (await factory.SignedInAsync("leader1")).GetFromJsonAsync<JsonElement>("/api/my/work");
        Assert.Equal((0, 0), (leaderWork.GetProperty("cases").GetArrayLength(), leaderWork.GetProperty("sites").GetArrayLength()));
        var noPhoto = await PostAsync(field, $"/api/cases/{id}/transition", Form([("action", "handle")], photos: 0), (await field.GetAsync($"/api/cases/{id}")).Headers.ETag!.Tag);
        Assert.Contains("photos", await noPhoto.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(field, id, "handle", ("note", "已更换井盖"))).StatusCode);
        // field1 handled it: as a field team it may not verify, and the inspector fails it once (rework), then passes it.
        Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(field, id, "pass")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(inspector, id, "fail", ("note", "井盖未固定"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(field, id, "handle", ("note", "已固定"))).StatusCode);
        var passed = await StepAsync(inspector, id, "pass");
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        var closed = await passed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("closed", 1, "none"), (closed.GetProperty("state").GetString(), closed.GetProperty("rework").GetInt32(), closed.GetProperty("light").GetString()));
        Assert.Equal(7, closed.GetProperty("events").GetArrayLength());
        Assert.Equal(3, closed.GetProperty("photos").GetArrayLength());
        // The map's layer asks for open cases only; without the filter the closed one is listed as before.
        static List<(long Id, string State)> Listed(JsonElement json) => json.GetProperty("features").EnumerateArray()
            .Select(f => (f.GetProperty("id").GetInt64(), f.GetProperty("properties").GetProperty("state").GetString()!)).ToList();
        var all = Listed(await planner.GetFromJsonAsync<JsonElement>("/api/cases"));
        var open = Listed(await planner.GetFromJsonAsync<JsonElement>("/api/cases?open=true"));
        Assert.Contains((id, "closed"), all);
        Assert.DoesNotContain(open, c => c.Id == id);
        Assert.DoesNotContain(open, c => c.State is "closed" or "voided");
        Assert.Equal(all.Where(c => c.State is not ("closed" or "voided")).Select(c => c.Id).Order(), open.Select(c => c.Id).Order());
        // The leader reads it; the case's thumbnails are served within scope only.
        var leader = await factory.SignedInAsync("leader1");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/cases/{id}")).StatusCode);
        var thumb = closed.GetProperty("photos")[0].GetProperty("thumb").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await field.GetAsync(thumb)).StatusCode);
        var outside = await factory.SignedInAsync("field2");
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync(thumb)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync($"/api/cases/{id}")).StatusCode);
    }

    [Fact]
    public async Task Roles_scope_duplicates_and_stale_versions_get_what_they_should()
    {
        var leader = await factory.SignedInAsync("leader1");
        var leaderReport = await PostAsync(leader, "/api/cases", Form([("category", "dust"), ("lon", $"{Lon}"), ("lat", $"{Lat}"), ("clientId", Guid.NewGuid().ToString())]));
        Assert.Equal(HttpStatusCode.Forbidden, leaderReport.StatusCode);
        var outside = await factory.SignedInAsync("field2");
        var notTheirs = await PostAsync(outside, "/api/cases", Form([("category", "dust"), ("lon", $"{Lon}"), ("lat", $"{Lat}"), ("clientId", Guid.NewGuid().ToString())]));
        Assert.Equal(HttpStatusCode.BadRequest, notTheirs.StatusCode);
        Assert.Contains("lon", await notTheirs.Content.ReadAsStringAsync());

        var inspector = await factory.SignedInAsync("inspector2");
        var id = await ReportAsync(inspector, "illegal-building", 113.6782, 34.7366, seed: 2);
        var near = await PostAsync(inspector, "/api/cases", Form([("category", "illegal-building"), ("lon", "113.6783"), ("lat", "34.7366"), ("clientId", Guid.NewGuid().ToString())], seed: 3));
        Assert.Equal(HttpStatusCode.Conflict, near.StatusCode);
        Assert.Equal(id, (await near.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicateOf").GetInt64());
        await ReportAsync(inspector, "illegal-building", 113.6783, 34.7366, seed: 4, confirmNew: true);

        var planner = await factory.SignedInAsync("planner1");
        var stale = await PostAsync(planner, $"/api/cases/{id}/transition", Form([("action", "accept")], photos: 0), "\"v99\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var missing = await PostAsync(planner, $"/api/cases/{id}/transition", Form([("action", "accept")], photos: 0));
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        var unknown = await StepAsync(planner, id, "teleport");
        Assert.Contains("action", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await StepAsync(planner, id, "void")).StatusCode); // a reason is needed

        var map = await planner.GetFromJsonAsync<JsonElement>("/api/cases?category=illegal-building&state=reported");
        Assert.True(map.GetProperty("features").GetArrayLength() >= 2);
        Assert.All(map.GetProperty("features").EnumerateArray(), f => Assert.Equal("green", f.GetProperty("properties").GetProperty("light").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await planner.GetAsync("/api/cases?light=purple")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await planner.GetAsync("/api/cases?bbox=1,2,3")).StatusCode);
        var notABool = await planner.GetAsync("/api/cases?open=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, notABool.StatusCode);
        Assert.Contains("open", await notABool.Content.ReadAsStringAsync());
        Assert.Equal(0, (await outside.GetFromJsonAsync<JsonElement>("/api/cases?category=illegal-building")).GetProperty("features").GetArrayLength());
        var categories = await planner.GetFromJsonAsync<JsonElement>("/api/cases/categories");
        Assert.Contains(categories.EnumerateArray(), c => c.GetProperty("name").GetString() == "窨井盖缺损");
    }
}

public sealed class SqliteCasesApiTests(PlannerWebFactory factory) : CasesApiTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisCasesApiTests(PostgisWebFactory factory) : CasesApiTests(factory), IClassFixture<PostgisWebFactory>;
