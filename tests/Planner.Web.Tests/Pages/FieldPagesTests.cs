using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;

namespace Planner.Tests.Pages;

/// <summary>The field pages (我的任务, 上报问题, a case) as form posts: each role, scope, the antiforgery token, stale versions.</summary>
public sealed class FieldPagesTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    const string Lon = "113.6780", Lat = "34.7365"; // in 南关街道

    static async Task<(string Token, string ClientId)> FormAsync(HttpClient client, string url)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(url));
        return (page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!, page.QuerySelector("input[name=ClientId]")?.GetAttribute("value") ?? "");
    }

    static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    static void AddPhoto(MultipartFormDataContent form, int seed)
    {
        var file = new ByteArrayContent(TestPhotos.Jpeg(seed: seed));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photos", "p.jpg");
    }

    [Fact]
    public async Task A_problem_is_reported_by_form_post_once_and_its_page_offers_each_role_its_own_steps()
    {
        var inspector = await factory.SignedInAsync("inspector1");
        var (token, clientId) = await FormAsync(inspector, "/Cases/New");
        HttpResponseMessage Post(string? withToken) { var f = Form(("ClientId", clientId), ("Category", "dust"), ("Lon", Lon), ("Lat", Lat), ("Note", "工地未覆盖")); AddPhoto(f, 31); if (withToken is not null) f.Add(new StringContent(withToken), "__RequestVerificationToken"); return inspector.PostAsync("/Cases/New", f).GetAwaiter().GetResult(); }
        Assert.Equal(HttpStatusCode.BadRequest, Post(null).StatusCode); // no antiforgery token: refused, nothing stored
        var created = Post(token);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var caseUrl = created.Headers.Location!.ToString();
        // A second tap on the same form is the same case.
        Assert.Equal(caseUrl, Post(token).Headers.Location!.ToString());

        var planner = await factory.SignedInAsync("planner1");
        var page = new HtmlParser().ParseDocument(await planner.GetStringAsync(caseUrl));
        Assert.Equal(["accept", "void"], page.QuerySelectorAll("form.step-form").Select(f => f.GetAttribute("data-step")!));
        var leader = await factory.SignedInAsync("leader1");
        Assert.Empty(new HtmlParser().ParseDocument(await leader.GetStringAsync(caseUrl)).QuerySelectorAll("form.step-form"));
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/Cases/New")).StatusCode);
        var outside = await factory.SignedInAsync("field2");
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync(caseUrl)).StatusCode);

        // A step taken on a version that is no longer current is refused, and the page shows the case as it is now.
        var (plannerToken, _) = await FormAsync(planner, caseUrl);
        var accept = await planner.PostAsync(caseUrl, Form(("step", "accept"), ("version", "1"), ("__RequestVerificationToken", plannerToken)));
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        var stale = await planner.PostAsync(caseUrl, Form(("step", "void"), ("version", "1"), ("note", "重复"), ("__RequestVerificationToken", plannerToken)));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var shown = new HtmlParser().ParseDocument(await stale.Content.ReadAsStringAsync());
        Assert.Contains("第 2 版", shown.QuerySelector(".form-messages")!.TextContent);
        Assert.Equal("accepted", shown.QuerySelector("article.case")!.GetAttribute("data-state"));

        var work = new HtmlParser().ParseDocument(await planner.GetStringAsync("/Work"));
        Assert.Contains(work.QuerySelectorAll(".work-cases a.work-main"), a => a.GetAttribute("href") == new Uri(new Uri("http://x"), caseUrl).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/Work")).StatusCode);
    }

    [Fact]
    public async Task A_report_without_a_position_takes_the_photo_s_GPS_and_one_without_either_is_refused_naming_what_to_do()
    {
        var field = await factory.SignedInAsync("field1");
        var (token, clientId) = await FormAsync(field, "/Cases/New");
        var withGps = Form(("ClientId", clientId), ("Category", "piled-rubbish"), ("__RequestVerificationToken", token));
        var file = new ByteArrayContent(TestPhotos.Jpeg(seed: 33, gps: (113.6785, 34.7368)));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        withGps.Add(file, "photos", "gps.jpg");
        var created = await field.PostAsync("/Cases/New", withGps);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var (token2, clientId2) = await FormAsync(field, "/Cases/New");
        var noWhere = Form(("ClientId", clientId2), ("Category", "piled-rubbish"), ("__RequestVerificationToken", token2));
        AddPhoto(noWhere, 34);
        var refused = await field.PostAsync("/Cases/New", noWhere);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("没有位置", await refused.Content.ReadAsStringAsync());
    }
}
