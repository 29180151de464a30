using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace Planner.Tests.Pages;

/// <summary>
/// What the phone needs to work offline, from the server's side: the report page a phone keeps (each role and
/// township, a post stored once, a bad photo storing nothing), the fresh token the outbox sends with, the app's
/// manifest, worker and offline page, and the case API placing a case where its photo was taken.
/// </summary>
public sealed class OfflinePagesTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    static async Task<long> FirstWorkSiteAsync(HttpClient client)
    {
        using var work = JsonDocument.Parse(await client.GetStringAsync("/api/my/work"));
        return work.RootElement.GetProperty("sites")[0].GetProperty("id").GetInt64();
    }

    static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    static void AddFile(MultipartFormDataContent form, byte[] bytes, string name = "p.jpg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photos", name);
    }

    static async Task<int> ReportsWithNoteAsync(HttpClient client, long site, string note)
    {
        using var list = JsonDocument.Parse(await client.GetStringAsync($"/api/sites/{site}/reports"));
        return list.RootElement.EnumerateArray().Count(r => r.GetProperty("note").GetString() == note);
    }

    [Fact]
    public async Task The_report_page_is_for_those_who_report_on_the_site_s_township()
    {
        var field = await factory.SignedInAsync("field1");
        var site = await FirstWorkSiteAsync(field);
        var outsideSite = await FirstWorkSiteAsync(await factory.SignedInAsync("field2"));

        var page = new HtmlParser().ParseDocument(await field.GetStringAsync($"/Sites/Report/{site}"));
        var form = page.QuerySelector("form#report-form")!;
        Assert.Equal("report", form.GetAttribute("data-outbox"));
        Assert.Equal($"/api/sites/{site}/reports", form.GetAttribute("data-api"));
        Assert.True(Guid.TryParse(page.QuerySelector("input[name=clientId]")!.GetAttribute("value"), out _));
        Assert.Equal("environment", page.QuerySelector("input[name=photos]")!.GetAttribute("capture"));
        // 我的任务 links each site to it, for the phone to keep.
        var work = new HtmlParser().ParseDocument(await field.GetStringAsync("/Work"));
        Assert.Contains(work.QuerySelectorAll("a.report-link[data-offline-keep]"), a => a.GetAttribute("href") == $"/Sites/Report/{site}");

        Assert.Equal(HttpStatusCode.NotFound, (await field.GetAsync($"/Sites/Report/{outsideSite}")).StatusCode); // not disclosed
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("leader1")).GetAsync($"/Sites/Report/{site}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("inspector1")).GetAsync($"/Sites/Report/{site}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.SignedInAsync("planner1")).GetAsync($"/Sites/Report/{site}")).StatusCode);
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Contains("/Account/Login", (await anonymous.GetAsync($"/Sites/Report/{site}")).Headers.Location!.ToString());
        Assert.Empty(new HtmlParser().ParseDocument(await (await factory.SignedInAsync("leader1")).GetStringAsync("/Work")).QuerySelectorAll("a.report-link"));
    }

    [Fact]
    public async Task A_report_page_post_is_stored_once_and_a_bad_photo_stores_nothing()
    {
        var field = await factory.SignedInAsync("field1");
        var site = await FirstWorkSiteAsync(field);
        var page = new HtmlParser().ParseDocument(await field.GetStringAsync($"/Sites/Report/{site}"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var clientId = page.QuerySelector("input[name=clientId]")!.GetAttribute("value")!;
        const string note = "表单填报：路面已铣刨";
        HttpResponseMessage Post(string id, byte[] photo)
        {
            var form = Form(("clientId", id), ("progress", "35"), ("note", note), ("__RequestVerificationToken", token));
            AddFile(form, photo);
            return field.PostAsync($"/Sites/Report/{site}", form).GetAwaiter().GetResult();
        }

        var first = Post(clientId, TestPhotos.Jpeg(seed: 71));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/Work?sent=report", first.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, Post(clientId, TestPhotos.Jpeg(seed: 71)).StatusCode); // a second tap
        Assert.Equal(1, await ReportsWithNoteAsync(field, site, note));
        Assert.Contains("填报已提交", await field.GetStringAsync("/Work?sent=report"));

        var refused = Post(Guid.NewGuid().ToString(), "not a photo"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var shown = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        Assert.Contains("照片 #1 (p.jpg)", shown.QuerySelector(".form-messages")!.TextContent); // the first photo, in the user's words
        Assert.Equal("35", shown.QuerySelector("input[name=progress]")!.GetAttribute("value")); // what was typed stays
        Assert.Equal(1, await ReportsWithNoteAsync(field, site, note));
    }

    [Fact]
    public async Task The_outbox_sends_with_a_fresh_token_and_a_stale_one_is_named_as_such()
    {
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/my/csrf")).StatusCode);

        var field = await factory.SignedInAsync("field1");
        var site = await FirstWorkSiteAsync(field);
        var answer = await field.GetAsync("/api/my/csrf");
        Assert.True(answer.Headers.CacheControl!.NoStore);
        var token = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        HttpResponseMessage Send(string withToken)
        {
            var form = Form(("clientId", Guid.NewGuid().ToString()), ("progress", "40"), ("note", "离线后补发"));
            AddFile(form, TestPhotos.Jpeg(seed: 72));
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{site}/reports") { Content = form };
            request.Headers.Add("X-CSRF-TOKEN", withToken);
            return field.SendAsync(request).GetAwaiter().GetResult();
        }

        var stale = Send("a-token-from-a-page-kept-last-week");
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal("antiforgery", JsonDocument.Parse(await stale.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(0, await ReportsWithNoteAsync(field, site, "离线后补发"));
        Assert.Equal(HttpStatusCode.Created, Send(token).StatusCode);
        Assert.Equal(1, await ReportsWithNoteAsync(field, site, "离线后补发"));
    }

    [Fact]
    public async Task A_case_sent_without_a_position_is_placed_where_its_photo_was_taken()
    {
        var inspector = await factory.SignedInAsync("inspector1");
        var token = JsonDocument.Parse(await inspector.GetStringAsync("/api/my/csrf")).RootElement.GetProperty("token").GetString()!;
        HttpResponseMessage Send(byte[] photo)
        {
            var form = Form(("clientId", Guid.NewGuid().ToString()), ("category", "garbage-sorting"), ("note", "离线上报"));
            AddFile(form, photo);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = form };
            request.Headers.Add("X-CSRF-TOKEN", token);
            return inspector.SendAsync(request).GetAwaiter().GetResult();
        }

        var placed = Send(TestPhotos.Jpeg(seed: 73, gps: (113.6791, 34.7372)));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var body = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(113.6791, body.GetProperty("lon").GetDouble(), 6);
        Assert.Equal(34.7372, body.GetProperty("lat").GetDouble(), 6);

        var nowhere = Send(TestPhotos.Jpeg(seed: 74));
        Assert.Equal(HttpStatusCode.BadRequest, nowhere.StatusCode);
        Assert.Contains("没有位置", await nowhere.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_app_s_manifest_worker_and_offline_page_are_served_and_every_page_links_them()
    {
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        var manifest = await anonymous.GetAsync("/manifest.webmanifest");
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType!.MediaType);
        var app = JsonDocument.Parse(await manifest.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("/Work", app.GetProperty("start_url").GetString());
        Assert.Equal("standalone", app.GetProperty("display").GetString());
        foreach (var icon in app.GetProperty("icons").EnumerateArray())
        {
            var served = await anonymous.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(icon.GetProperty("type").GetString(), served.Content.Headers.ContentType!.MediaType);
        }
        var worker = await anonymous.GetAsync("/sw.js");
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.Contains("javascript", worker.Content.Headers.ContentType!.MediaType);
        Assert.Contains("没有网络", await anonymous.GetStringAsync("/offline.html"));

        foreach (var user in new[] { "field1", "leader1", "inspector1", "planner1" })
        {
            var client = await factory.SignedInAsync(user);
            var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/Outbox"));
            Assert.NotNull(page.QuerySelector("ol#outbox"));
            Assert.Equal(user, page.QuerySelector("meta[name=planner-user]")!.GetAttribute("content"));
            Assert.Equal("/manifest.webmanifest", page.QuerySelector("link[rel=manifest]")!.GetAttribute("href"));
            Assert.StartsWith("/js/offline.js", page.QuerySelector("script[src^='/js/offline.js']")!.GetAttribute("src"));
            var words = JsonDocument.Parse(page.QuerySelector("script#offline-text")!.TextContent).RootElement;
            Assert.Equal("待发送 {0}", words.GetProperty("offline.badge").GetString());
        }
        Assert.Contains("/Account/Login", (await anonymous.GetAsync("/Outbox")).Headers.Location!.ToString());
    }
}
