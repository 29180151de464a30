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

/// <summary>督办 through the API on both engines: each role's step, township scope, If-Match, the token on the multipart answer, the pages.</summary>
public abstract class SupervisionsApiTests(PlannerWebFactory factory)
{
    /// <summary>An overdue 南关街道 site (field1's township) with no order running (each test issues one).</summary>
    async Task<long> OverdueSiteAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        var today = scope.ServiceProvider.GetRequiredService<DistrictTime>().Today;
        var running = await db.SupervisionOrders.Where(o => o.State != Planner.Supervision.SupervisionState.Closed && o.SiteId != null).Select(o => o.SiteId!.Value).ToListAsync();
        var sites = (await db.Sites.Where(s => s.Township!.Name == "南关街道" && s.DeletedAt == null).Select(s => new { s.Id, s.Status, s.PlannedStart, s.PlannedEnd }).ToListAsync())
            .Where(s => !running.Contains(s.Id)).ToList();
        if (sites.FirstOrDefault(s => OverdueRule.IsOverdue(s.Status, s.PlannedEnd, today)) is { } overdue) return overdue.Id;
        // The township has few overdue sites: one more falls behind (its planned end a week ago).
        // One that started before then: a planned end before the planned start is refused by the database.
        var late = sites.First(s => OverdueRule.IsOverdue(s.Status, today.AddDays(-7), today) && (s.PlannedStart is null || s.PlannedStart <= today.AddDays(-7))).Id;
        await db.Sites.Where(s => s.Id == late).ExecuteUpdateAsync(u => u.SetProperty(s => s.PlannedEnd, today.AddDays(-7)));
        return late;
    }

    static async Task<string> TokenAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/my/csrf")).GetProperty("token").GetString()!;

    static async Task<HttpResponseMessage> ReplyAsync(HttpClient client, long id, string? etag, string note = "已开工，附现场照片")
    {
        var form = new MultipartFormDataContent { { new StringContent(note), "note" } };
        var photo = new ByteArrayContent(TestPhotos.Jpeg(seed: 95));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "photos", "answer.jpg");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/supervisions/{id}/reply") { Content = form };
        request.Headers.Add("X-CSRF-TOKEN", await TokenAsync(client));
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    static async Task<HttpResponseMessage> CloseAsync(HttpClient client, long id, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/supervisions/{id}/close") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_leader_issues_the_township_answers_the_leader_reopens_then_accepts()
    {
        var site = await OverdueSiteAsync();
        var deadline = DateTime.UtcNow.AddHours(8).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var body = new { siteId = site, unit = "南关街道办事处", deadline, note = "三日内恢复施工并报送照片" };
        var field = await factory.SignedInAsync("field1");
        Assert.Equal(HttpStatusCode.Forbidden, (await field.PostAsJsonAsync("/api/supervisions", body)).StatusCode);
        var leader = await factory.SignedInAsync("leader1");
        var bad = await leader.PostAsJsonAsync("/api/supervisions", new { siteId = site, unit = "", deadline = "2026-02-30", note = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("deadline", await bad.Content.ReadAsStringAsync());
        var issued = await leader.PostAsJsonAsync("/api/supervisions", body);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var order = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var id = order.GetProperty("id").GetInt64();
        Assert.Equal(("open", "提醒"), (order.GetProperty("state").GetString(), order.GetProperty("levelName").GetString()));

        // Another township's field team neither sees nor answers it; an inspector may not answer.
        var outside = await factory.SignedInAsync("field2");
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync($"/api/supervisions/{id}")).StatusCode);
        Assert.DoesNotContain((await outside.GetFromJsonAsync<JsonElement>("/api/supervisions")).EnumerateArray(), o => o.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await ReplyAsync(await factory.SignedInAsync("inspector1"), id, "\"v1\"")).StatusCode);

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await ReplyAsync(field, id, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await ReplyAsync(field, id, "\"v9\"")).StatusCode);
        var answered = await ReplyAsync(field, id, "\"v1\"");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var a = await answered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("answered", 1), (a.GetProperty("state").GetString(), a.GetProperty("photos").GetArrayLength()));

        Assert.Equal(HttpStatusCode.Forbidden, (await CloseAsync(await factory.SignedInAsync("planner1"), id, "\"v2\"", new { decision = "accept" })).StatusCode); // not the issuer
        var reopenBad = await CloseAsync(leader, id, "\"v2\"", new { decision = "reopen" });
        Assert.Equal(HttpStatusCode.BadRequest, reopenBad.StatusCode);
        Assert.Contains("note", await reopenBad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await CloseAsync(leader, id, "\"v2\"", new { decision = "reopen", note = "照片未见施工", deadline })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReplyAsync(field, id, "\"v3\"", "已恢复施工")).StatusCode);
        var closed = await CloseAsync(leader, id, "\"v4\"", new { decision = "accept", note = "同意办结" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var c = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("closed", c.GetProperty("state").GetString());
        Assert.Equal(["issue", "answer", "reopen", "answer", "accept"], c.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        // The pages: the order's steps, and the panel's link for an overdue site.
        var page = new HtmlParser().ParseDocument(await leader.GetStringAsync($"/Supervisions/Detail/{id}"));
        Assert.Equal(5, page.QuerySelectorAll("ol.events li").Length);
        Assert.NotNull(new HtmlParser().ParseDocument(await leader.GetStringAsync($"/Sites/Panel/{site}")).QuerySelector("a.supervise"));
        Assert.Null(new HtmlParser().ParseDocument(await field.GetStringAsync($"/Sites/Panel/{site}")).QuerySelector("a.supervise"));
    }

    [Fact]
    public async Task What_awaits_an_order_is_listed_for_issuers_and_a_second_order_on_a_site_is_a_409_naming_the_first()
    {
        var leader = await factory.SignedInAsync("leader1");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("field1")).GetAsync("/api/supervisions/candidates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("inspector1")).GetAsync("/api/supervisions/candidates")).StatusCode);
        foreach (var limit in new[] { "0", "2001", "x" })
            Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync($"/api/supervisions/candidates?limit={limit}")).StatusCode);
        var site = await OverdueSiteAsync();
        var before = await leader.GetFromJsonAsync<JsonElement>("/api/supervisions/candidates");
        var total = before.GetProperty("total").GetInt32();
        Assert.Contains(before.GetProperty("items").EnumerateArray(), c => c.TryGetProperty("siteId", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == site);
        var one = await leader.GetFromJsonAsync<JsonElement>("/api/supervisions/candidates?limit=1");
        Assert.Equal((1, total), (one.GetProperty("items").GetArrayLength(), one.GetProperty("total").GetInt32()));

        // The page: the form names the site, gives a date; the list offers it.
        var list = new HtmlParser().ParseDocument(await leader.GetStringAsync("/Supervisions"));
        Assert.NotNull(list.QuerySelector($".supervision-due li[data-site-id='{site}'] a.issue"));
        var form = new HtmlParser().ParseDocument(await leader.GetStringAsync($"/Supervisions/New?siteId={site}"));
        var code = await SiteCodeAsync(site);
        Assert.Contains(code, form.QuerySelector("#supervision-form .subject")!.TextContent);
        Assert.False(string.IsNullOrEmpty(form.QuerySelector("input[name=Deadline]")!.GetAttribute("value")));
        // Without the unit in the link, the site's own responsible unit.
        var candidate = before.GetProperty("items").EnumerateArray().First(c => c.GetProperty("siteId").ValueKind == JsonValueKind.Number && c.GetProperty("siteId").GetInt64() == site);
        Assert.Equal(candidate.GetProperty("unit").GetString() ?? "", form.QuerySelector("input[name=Unit]")!.GetAttribute("value") ?? "");

        var deadline = DateTime.UtcNow.AddHours(8).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var body = new { siteId = site, unit = "南关街道办事处", deadline, note = "三日内报送整改计划" };
        var issued = await leader.PostAsJsonAsync("/api/supervisions", body);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var id = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var again = await (await factory.SignedInAsync("planner1")).PostAsJsonAsync("/api/supervisions", body);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, problem.GetProperty("orderId").GetInt64());
        Assert.Contains($"#{id}", problem.GetProperty("detail").GetString());
        Assert.Contains(code, problem.GetProperty("detail").GetString());

        var after = await leader.GetFromJsonAsync<JsonElement>("/api/supervisions/candidates");
        Assert.Equal(total - 1, after.GetProperty("total").GetInt32());
        // The site's panel and the form lead to the running order.
        var panel = new HtmlParser().ParseDocument(await leader.GetStringAsync($"/Sites/Panel/{site}"));
        Assert.Equal($"/Supervisions/Detail/{id}", panel.QuerySelector("a.supervise.running")!.GetAttribute("href"));
        var blocked = new HtmlParser().ParseDocument(await leader.GetStringAsync($"/Supervisions/New?siteId={site}"));
        Assert.Null(blocked.QuerySelector("#supervision-form"));
        Assert.Equal($"/Supervisions/Detail/{id}", blocked.QuerySelector(".already-running a")!.GetAttribute("href"));
        var running = new HtmlParser().ParseDocument(await leader.GetStringAsync("/Supervisions"));
        Assert.NotNull(running.QuerySelector($".supervision-running a[href='/Supervisions/Detail/{id}']"));
        Assert.Null(running.QuerySelector($".supervision-due li[data-site-id='{site}']"));
    }

    [Fact]
    public async Task Several_orders_are_issued_at_once_through_the_api_and_the_page_or_none()
    {
        var leader = await factory.SignedInAsync("leader1");
        var deadline = DateTime.UtcNow.AddHours(8).AddDays(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var sites = (await leader.GetFromJsonAsync<JsonElement>("/api/supervisions/candidates")).GetProperty("items").EnumerateArray()
            .Where(c => c.GetProperty("siteId").ValueKind == JsonValueKind.Number && c.GetProperty("unit").ValueKind == JsonValueKind.String)
            .Select(c => c.GetProperty("siteId").GetInt64()).ToList();
        Assert.True(sites.Count >= 4, $"{sites.Count} candidates");

        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("field1")).PostAsJsonAsync("/api/supervisions/batch",
            new { items = new[] { new { siteId = sites[0] } }, deadline, note = "x" })).StatusCode);
        var refused = await leader.PostAsJsonAsync("/api/supervisions/batch", new { items = new object[] { new { siteId = sites[0] }, new { caseId = 999_999 } }, deadline, note = "加快进度" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("items[1]", await refused.Content.ReadAsStringAsync());
        var issued = await leader.PostAsJsonAsync("/api/supervisions/batch", new { items = new[] { new { siteId = sites[0] }, new { siteId = sites[1] } }, deadline, note = "加快进度" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal([sites[0], sites[1]], (await issued.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(o => o.GetProperty("siteId").GetInt64()));

        // The page's form: two ticked, posted with its token, back on the list with the count.
        var page = new HtmlParser().ParseDocument(await leader.GetStringAsync("/Supervisions"));
        var form = page.QuerySelector("form#batch-form")!;
        var post = new FormUrlEncodedContent([
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("Pick", $"site-{sites[2]}"), new("Pick", $"site-{sites[3]}"), new("All", "false"), new("Deadline", deadline), new("Note", "报送整改计划"),
        ]);
        var answer = await leader.PostAsync("/Supervisions?handler=Batch", post);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/Supervisions?issued=2#running", answer.Headers.Location!.OriginalString);
        var after = new HtmlParser().ParseDocument(await leader.GetStringAsync("/Supervisions?issued=2"));
        Assert.Contains("2", after.QuerySelector(".notice.saved")!.TextContent);
        foreach (var site in sites.Take(4)) Assert.Null(after.QuerySelector($".supervision-due li[data-site-id='{site}']"));
        // Nothing ticked: refused on the page, nothing issued.
        var token = after.QuerySelector("form#batch-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var none = await leader.PostAsync("/Supervisions?handler=Batch", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("All", "false"), new("Deadline", deadline), new("Note", "x")]));
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.NotNull(new HtmlParser().ParseDocument(await none.Content.ReadAsStringAsync()).QuerySelector(".supervision-due .form-messages"));
        // A blank pick (binds as null) is nothing picked, refused the same way, not a fault.
        var blank = await leader.PostAsync("/Supervisions?handler=Batch", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Pick", ""), new("All", "false"), new("Deadline", deadline), new("Note", "x")]));
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.NotNull(new HtmlParser().ParseDocument(await blank.Content.ReadAsStringAsync()).QuerySelector(".supervision-due .form-messages"));
        // A pick the form never offered: refused naming it, where in the user's words (所选项目), not the form's field name.
        var odd = new HtmlParser().ParseDocument(await (await leader.PostAsync("/Supervisions?handler=Batch", new FormUrlEncodedContent([
            new("__RequestVerificationToken", token), new("Pick", "park-3"), new("All", "false"), new("Deadline", deadline), new("Note", "x")]))).Content.ReadAsStringAsync());
        var item = odd.QuerySelector(".supervision-due .form-messages .problems li")!;
        Assert.Equal("所选项目", item.QuerySelector("b")!.TextContent);
        Assert.Contains("park-3", item.TextContent);
    }

    async Task<string> SiteCodeAsync(long id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlannerDbContext>().Sites.Where(s => s.Id == id).Select(s => s.Code).FirstAsync();
    }

    [Fact]
    public async Task The_field_team_answers_by_form_post_from_its_work_list()
    {
        var site = await OverdueSiteAsync();
        var leader = await factory.SignedInAsync("leader1");
        var deadline = DateTime.UtcNow.AddHours(8).AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var id = (await (await leader.PostAsJsonAsync("/api/supervisions", new { siteId = site, unit = "南关街道办事处", deadline, note = "报送整改计划" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var field = await factory.SignedInAsync("field1");
        var work = new HtmlParser().ParseDocument(await field.GetStringAsync("/Work"));
        Assert.Contains(work.QuerySelectorAll(".work-supervisions a"), a => a.GetAttribute("href") == $"/Supervisions/Detail/{id}");
        var page = new HtmlParser().ParseDocument(await field.GetStringAsync($"/Supervisions/Detail/{id}"));
        var form = page.QuerySelector("form[data-step=reply]")!;
        var post = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent(form.QuerySelector("input[name=version]")!.GetAttribute("value")!), "version" },
            { new StringContent("计划已报送"), "note" },
        };
        var answered = await field.PostAsync($"/Supervisions/Detail/{id}?handler=Reply", post);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var after = new HtmlParser().ParseDocument(await field.GetStringAsync($"/Supervisions/Detail/{id}"));
        Assert.Equal("answered", after.QuerySelector("article.supervision")!.GetAttribute("data-state"));
        Assert.Null(after.QuerySelector("form[data-step=reply]"));
        Assert.NotNull(new HtmlParser().ParseDocument(await leader.GetStringAsync($"/Supervisions/Detail/{id}")).QuerySelector("form[data-step=accept]"));
    }
}

public sealed class SqliteSupervisionsApiTests(PlannerWebFactory factory) : SupervisionsApiTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisSupervisionsApiTests(PostgisWebFactory factory) : SupervisionsApiTests(factory), IClassFixture<PostgisWebFactory>;
