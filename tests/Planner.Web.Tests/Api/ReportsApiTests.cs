using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Sites;

namespace Planner.Tests.Api;

/// <summary>Progress reports with photos through the API: each role, each scope, bad photos, the antiforgery token; on both engines.</summary>
public abstract class ReportsApiTests(PlannerWebFactory factory)
{
    /// <summary>A 南关街道 site before construction, its status, and the next status the workflow allows.</summary>
    async Task<(long Id, SiteStatus Next)> SiteInNanguanAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        // Statuses are stored as codes, which do not sort in workflow order: filtered here, not in SQL.
        var site = (await db.Sites.Where(s => s.Township!.Name == "南关街道" && s.DeletedAt == null).OrderBy(s => s.Id).ToListAsync(TestContext.Current.CancellationToken))
            .First(s => s.Status <= SiteStatus.Design);
        return (site.Id, site.Status + 1);
    }

    static async Task<string> CsrfTokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Map");
        return new HtmlParser().ParseDocument(page).QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!;
    }

    static MultipartFormDataContent Report(Guid clientId, int progress, string? status, params (string Name, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(progress.ToString(System.Globalization.CultureInfo.InvariantCulture)), "progress" },
            { new StringContent(clientId.ToString()), "clientId" },
            { new StringContent("现场已清表"), "note" },
        };
        if (status is not null) form.Add(new StringContent(status), "status");
        foreach (var (name, bytes) in photos)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photos", name);
        }
        return form;
    }

    static async Task<HttpResponseMessage> PostAsync(HttpClient client, long siteId, MultipartFormDataContent form, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{siteId}/reports") { Content = form };
        if (token is not null) request.Headers.Add("X-CSRF-TOKEN", token);
        return await client.SendAsync(request);
    }

    static readonly byte[] Photo = TestPhotos.Jpeg(640, 480, gps: (113.68, 34.74), taken: DateTime.Now);

    [Fact]
    public async Task A_report_below_the_sites_progress_is_flagged_in_the_queue_the_work_list_and_the_panel()
    {
        long siteId;
        int progress;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
            var site = (await db.Sites.Where(s => s.Township!.Name == "南关街道" && s.DeletedAt == null && s.Progress >= 20).OrderBy(s => s.Id).ToListAsync(TestContext.Current.CancellationToken))
                .First(s => s.Status == SiteStatus.Construction);
            (siteId, progress) = (site.Id, site.Progress);
        }
        var field = await factory.SignedInAsync("field1");
        var created = await PostAsync(field, siteId, Report(Guid.NewGuid(), progress - 10, null, ("IMG_0101.jpg", Photo)), await CsrfTokenAsync(field));
        Assert.True(HttpStatusCode.Created == created.StatusCode, await created.Content.ReadAsStringAsync());
        var reportId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var planner = await factory.SignedInAsync("planner1");
        var queued = (await planner.GetFromJsonAsync<JsonElement>("/api/reports")).EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == reportId);
        Assert.Equal((true, true, progress), (queued.GetProperty("belowSite").GetBoolean(), queued.GetProperty("flagged").GetBoolean(), queued.GetProperty("siteProgress").GetInt32()));
        var work = new HtmlParser().ParseDocument(await planner.GetStringAsync("/Work"));
        Assert.Contains($"{progress}%", work.QuerySelector($"section.work-reviews li[data-report-id='{reportId}'] .below-site")!.TextContent);
        var panel = new HtmlParser().ParseDocument(await planner.GetStringAsync($"/Sites/Panel/{siteId}"));
        Assert.NotNull(panel.QuerySelector($"li[data-report-id='{reportId}'] .below-site"));
        Assert.Equal(HttpStatusCode.OK, (await planner.PostAsJsonAsync($"/api/reports/{reportId}/review", new { decision = "return", reason = "进度填错" })).StatusCode);
    }

    [Fact]
    public async Task A_field_team_reports_with_a_photo_a_planner_accepts_and_the_site_moves()
    {
        var (siteId, next) = await SiteInNanguanAsync();
        var field = await factory.SignedInAsync("field1");
        var token = await CsrfTokenAsync(field);
        var clientId = Guid.NewGuid();

        var created = await PostAsync(field, siteId, Report(clientId, 0, next.Code(), ("IMG_0001.jpg", Photo)), token);
        Assert.True(HttpStatusCode.Created == created.StatusCode, await created.Content.ReadAsStringAsync());
        var report = await created.Content.ReadFromJsonAsync<JsonElement>();
        var reportId = report.GetProperty("id").GetInt64();
        Assert.Equal("pending", report.GetProperty("state").GetString());
        var photo = report.GetProperty("photos")[0];
        Assert.Equal(JsonValueKind.Null, photo.GetProperty("original").ValueKind); // a field team never gets the original's link
        // Sent again (the phone lost the answer): the same report, not a second one.
        var again = await PostAsync(field, siteId, Report(clientId, 0, next.Code(), ("IMG_0001.jpg", Photo)), token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(reportId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());

        // The thumbnail is a JPEG without EXIF; the original is for planners and admins only.
        var thumb = await field.GetAsync(photo.GetProperty("thumb").GetString());
        Assert.Equal(("image/jpeg", HttpStatusCode.OK), (thumb.Content.Headers.ContentType!.MediaType, thumb.StatusCode));
        Assert.False(System.Text.Encoding.ASCII.GetString(await thumb.Content.ReadAsByteArrayAsync()).Contains("Exif", StringComparison.Ordinal));
        var photoId = photo.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await field.GetAsync($"/api/photos/{photoId}?size=original")).StatusCode);

        var planner = await factory.SignedInAsync("planner1");
        var queue = await planner.GetFromJsonAsync<JsonElement>("/api/reports");
        Assert.Contains(queue.EnumerateArray(), r => r.GetProperty("id").GetInt64() == reportId);
        // The planner's 我的任务 lists it to review, linking to the site's panel on the map; the reporter's own does not.
        static JsonElement? Waiting(JsonElement work, long id) => work.GetProperty("reviews").EnumerateArray().Cast<JsonElement?>().SingleOrDefault(r => r!.Value.GetProperty("id").GetInt64() == id);
        var toReview = Waiting(await planner.GetFromJsonAsync<JsonElement>("/api/my/work"), reportId);
        Assert.NotNull(toReview);
        Assert.Equal(($"/Map?site={siteId}&report={reportId}", 1), (toReview.Value.GetProperty("page").GetString(), toReview.Value.GetProperty("photos").GetInt32()));
        Assert.Equal(0, (await field.GetFromJsonAsync<JsonElement>("/api/my/work")).GetProperty("reviews").GetArrayLength());
        Assert.Equal(0, (await (await factory.SignedInAsync("leader1")).GetFromJsonAsync<JsonElement>("/api/my/work")).GetProperty("reviews").GetArrayLength());
        var workPage = new HtmlParser().ParseDocument(await planner.GetStringAsync("/Work"));
        var item = workPage.QuerySelector($"section.work-reviews li[data-report-id='{reportId}'] a")!;
        Assert.Equal($"/Map?site={siteId}&report={reportId}", item.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await planner.GetAsync(item.GetAttribute("href"))).StatusCode);
        Assert.Equal(Photo, await planner.GetByteArrayAsync($"/api/photos/{photoId}?size=original"));
        Assert.Equal(HttpStatusCode.Forbidden, (await field.PostAsJsonAsync($"/api/reports/{reportId}/review", new { decision = "accept" })).StatusCode);
        var accepted = await planner.PostAsJsonAsync($"/api/reports/{reportId}/review", new { decision = "accept" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Null(Waiting(await planner.GetFromJsonAsync<JsonElement>("/api/my/work"), reportId)); // reviewed: off the list

        // The leader's map shows the new status.
        var leader = await factory.SignedInAsync("leader1");
        var site = await leader.GetFromJsonAsync<JsonElement>($"/api/sites/{siteId}");
        Assert.Equal(next.Code(), site.GetProperty("properties").GetProperty("status").GetString());
        var history = await leader.GetFromJsonAsync<JsonElement>($"/api/sites/{siteId}/history");
        Assert.Contains($"field1 的现场填报 #{reportId}", history[0].GetProperty("summary").GetString()); // names the reporter and the report

        // The site's timeline: the report with its thumbnail, below the revision that applied it (it came before).
        var timeline = new HtmlParser().ParseDocument(await leader.GetStringAsync($"/Sites/History/{siteId}"));
        var rows = timeline.QuerySelectorAll("table.history tbody tr").ToList();
        var reportRow = rows.FindIndex(r => r.GetAttribute("data-report-id") == reportId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var applied = rows.FindIndex(r => r.TextContent.Contains($"#{reportId}", StringComparison.Ordinal) && r.HasAttribute("data-revision"));
        Assert.True(reportRow > applied && applied >= 0, $"report row {reportRow}, revision row {applied}");
        Assert.Equal(photo.GetProperty("thumb").GetString(), rows[reportRow].QuerySelector("img")!.GetAttribute("src"));
        Assert.NotNull(rows[reportRow].QuerySelector("p.hint")); // who accepted it, and when
    }

    [Fact]
    public async Task A_returned_report_waits_on_the_reporters_work_list_with_its_reason_until_the_site_is_reported_again()
    {
        var (siteId, _) = await SiteInNanguanAsync();
        var field = await factory.SignedInAsync("field1");
        var sent = await PostAsync(field, siteId, Report(Guid.NewGuid(), 0, null, ("a.jpg", TestPhotos.Jpeg(seed: 77))), await CsrfTokenAsync(field));
        Assert.True(sent.StatusCode == HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var reportId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        static JsonElement? Returned(JsonElement work, long id) => work.GetProperty("returned").EnumerateArray().Cast<JsonElement?>().SingleOrDefault(r => r!.Value.GetProperty("id").GetInt64() == id);
        Assert.Null(Returned(await field.GetFromJsonAsync<JsonElement>("/api/my/work"), reportId)); // pending: nothing to redo

        var planner = await factory.SignedInAsync("planner1");
        Assert.Equal(HttpStatusCode.OK, (await planner.PostAsJsonAsync($"/api/reports/{reportId}/review", new { decision = "return", reason = "照片看不清<b>" })).StatusCode);
        var listed = Returned(await field.GetFromJsonAsync<JsonElement>("/api/my/work"), reportId);
        Assert.NotNull(listed);
        Assert.Equal(("照片看不清<b>", $"/Sites/Report/{siteId}"), (listed.Value.GetProperty("reason").GetString(), listed.Value.GetProperty("page").GetString()));
        // Another field team, the planner and an inspector have nothing of it to redo.
        foreach (var user in new[] { "field2", "planner1", "inspector2" })
            Assert.Null(Returned(await (await factory.SignedInAsync(user)).GetFromJsonAsync<JsonElement>("/api/my/work"), reportId));
        var page = new HtmlParser().ParseDocument(await field.GetStringAsync("/Work"));
        var item = page.QuerySelector($"section.work-returned li[data-report-id='{reportId}']")!;
        Assert.Equal($"/Sites/Report/{siteId}", item.QuerySelector("a.report-link")!.GetAttribute("href"));
        Assert.Contains("照片看不清<b>", item.QuerySelector(".reason")!.TextContent, StringComparison.Ordinal); // text, encoded: not markup
        Assert.Null(item.QuerySelector(".reason b"));

        // Reported again: the returned one is done with.
        var again = await PostAsync(field, siteId, Report(Guid.NewGuid(), 0, null, ("b.jpg", TestPhotos.Jpeg(seed: 78))), await CsrfTokenAsync(field));
        Assert.True(again.StatusCode == HttpStatusCode.Created, await again.Content.ReadAsStringAsync());
        Assert.Null(Returned(await field.GetFromJsonAsync<JsonElement>("/api/my/work"), reportId));
    }

    [Fact]
    public async Task Each_role_and_township_gets_what_it_may()
    {
        var (siteId, _) = await SiteInNanguanAsync();
        foreach (var (user, expected) in new[]
                 {
                     ("leader1", HttpStatusCode.Forbidden), ("inspector1", HttpStatusCode.Forbidden), ("inspector2", HttpStatusCode.Forbidden),
                     ("field2", HttpStatusCode.NotFound), ("admin1", HttpStatusCode.Created), ("planner1", HttpStatusCode.Created),
                 })
        {
            var client = await factory.SignedInAsync(user);
            var response = await PostAsync(client, siteId, Report(Guid.NewGuid(), 0, null, ("a.jpg", TestPhotos.Jpeg(seed: user.Length))), await CsrfTokenAsync(client));
            Assert.True(expected == response.StatusCode, $"{user}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        // Reading: everyone whose scope holds the site; field2's townships do not.
        foreach (var (user, expected) in new[] { ("leader1", HttpStatusCode.OK), ("inspector1", HttpStatusCode.OK), ("inspector2", HttpStatusCode.OK), ("field1", HttpStatusCode.OK), ("field2", HttpStatusCode.NotFound) })
        {
            var client = await factory.SignedInAsync(user);
            Assert.True(expected == (await client.GetAsync($"/api/sites/{siteId}/reports")).StatusCode, user);
        }
        var planner = await factory.SignedInAsync("planner1");
        var reports = await planner.GetFromJsonAsync<JsonElement>($"/api/sites/{siteId}/reports");
        var photoId = reports[0].GetProperty("photos")[0].GetProperty("id").GetInt64();
        var outside = await factory.SignedInAsync("field2");
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync($"/api/photos/{photoId}?size=thumb")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outside.GetAsync("/api/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync($"/api/photos/{photoId}?size=thumb")).StatusCode);
        // Returning needs a reason; an unknown decision is named.
        var reportId = reports[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await planner.PostAsJsonAsync($"/api/reports/{reportId}/review", new { decision = "return" })).StatusCode);
        var unknown = await planner.PostAsJsonAsync($"/api/reports/{reportId}/review", new { decision = "maybe" });
        Assert.Contains("decision", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await planner.PostAsJsonAsync("/api/reports/999999/review", new { decision = "accept" })).StatusCode);
    }

    [Fact]
    public async Task Bad_photos_and_a_missing_token_are_refused_with_what_and_where_and_nothing_is_stored()
    {
        var (siteId, _) = await SiteInNanguanAsync();
        var field = await factory.SignedInAsync("field1");
        var token = await CsrfTokenAsync(field);
        async Task<int> CountAsync()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
            return await db.ProgressReports.CountAsync() + await db.EvidencePhotos.CountAsync();
        }
        var before = await CountAsync();

        var noToken = await PostAsync(field, siteId, Report(Guid.NewGuid(), 0, null, ("a.jpg", Photo)), token: null);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("X-CSRF-TOKEN", await noToken.Content.ReadAsStringAsync());

        var text = await PostAsync(field, siteId, Report(Guid.NewGuid(), 0, null, ("a.jpg", Photo), ("notes.jpg", "not a photo"u8.ToArray())), token);
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        var problem = await text.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("where").GetString() == "photos[1] (notes.jpg)");

        var bomb = await PostAsync(field, siteId, Report(Guid.NewGuid(), 0, null, ("bomb.png", TestPhotos.PngClaiming(60_000, 60_000))), token);
        Assert.Contains("Planner:Field:MaxPhotoPixels", await bomb.Content.ReadAsStringAsync());

        var many = Enumerable.Range(0, 10).Select(i => ($"{i}.jpg", Photo)).ToArray();
        var tooMany = await PostAsync(field, siteId, Report(Guid.NewGuid(), 0, null, many), token);
        Assert.Contains("Planner:Field:MaxPhotosPerReport", await tooMany.Content.ReadAsStringAsync());

        var none = await PostAsync(field, siteId, Report(Guid.NewGuid(), 0, null), token);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var noClientId = new MultipartFormDataContent { { new StringContent("0"), "progress" }, { new ByteArrayContent(Photo), "photos", "a.jpg" } };
        Assert.Contains("clientId", await (await PostAsync(field, siteId, noClientId, token)).Content.ReadAsStringAsync());
        var json = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{siteId}/reports") { Content = JsonContent.Create(new { progress = 0 }) };
        json.Headers.Add("X-CSRF-TOKEN", token);
        Assert.Equal(HttpStatusCode.BadRequest, (await field.SendAsync(json)).StatusCode);

        Assert.Equal(before, await CountAsync());
    }
}

public sealed class SqliteReportsApiTests(PlannerWebFactory factory) : ReportsApiTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisReportsApiTests(PostgisWebFactory factory) : ReportsApiTests(factory), IClassFixture<PostgisWebFactory>;
