using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace Planner.Tests.Api;

/// <summary>月考核 through the API and its pages: each role and scope, every component traceable, bad months named, freezing by planners only.</summary>
public sealed class AssessmentApiTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    [Fact]
    public async Task Every_role_reads_the_ranking_within_its_townships_and_each_component_lists_what_it_counted()
    {
        var planner = await factory.SignedInAsync("planner1");
        var all = await planner.GetFromJsonAsync<JsonElement>("/api/assessment/townships");
        var townships = all.GetProperty("townships").EnumerateArray().ToList();
        Assert.True(townships.Count > 1);
        Assert.Contains(townships, t => t.GetProperty("ranked").GetBoolean());
        Assert.StartsWith("得分 = ", all.GetProperty("formula").GetProperty("symbols").GetString());
        Assert.Equal(8, all.GetProperty("formula").GetProperty("components").GetArrayLength());
        foreach (var t in townships.Where(t => t.GetProperty("ranked").GetBoolean()))
            Assert.InRange(t.GetProperty("score").GetDouble(), 0, 100);

        // A field team sees its own township's row, ranked among all.
        var field = await (await factory.SignedInAsync("field1")).GetFromJsonAsync<JsonElement>("/api/assessment/townships");
        Assert.Equal(["南关街道"], field.GetProperty("townships").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var nanguan = townships.Single(t => t.GetProperty("name").GetString() == "南关街道");
        Assert.Equal(nanguan.GetProperty("rank").ToString(), field.GetProperty("townships")[0].GetProperty("rank").ToString());
        Assert.Equal(HttpStatusCode.OK, (await (await factory.SignedInAsync("leader1")).GetAsync("/api/assessment/townships")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.SignedInAsync("inspector1")).GetAsync("/api/assessment/townships")).StatusCode);

        // A component's figures are its items: numerator = those met, denominator = all.
        var code = nanguan.GetProperty("code").GetString();
        var component = nanguan.GetProperty("components").EnumerateArray().First(c => c.GetProperty("denominator").GetInt32() > 0);
        var items = await planner.GetFromJsonAsync<JsonElement>($"/api/assessment/townships/{code}/items?component={component.GetProperty("code").GetString()}");
        var listed = items.GetProperty("components")[0].GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(component.GetProperty("denominator").GetInt32(), listed.Count);
        Assert.Equal(component.GetProperty("numerator").GetInt32(), listed.Count(i => i.GetProperty("met").GetBoolean()));
        Assert.All(listed, i => Assert.StartsWith(i.GetProperty("kind").GetString() == "site" ? "/Map?site=" : "/Cases/Detail/", i.GetProperty("link").GetString()));

        // Another township's items are not disclosed to a field team.
        var other = townships.First(t => t.GetProperty("name").GetString() != "南关街道").GetProperty("code").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.SignedInAsync("field1")).GetAsync($"/api/assessment/townships/{other}/items")).StatusCode);
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/assessment/townships")).StatusCode);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("11/2026")]
    [InlineData("2099-01")]
    public async Task A_bad_or_future_month_is_refused_naming_the_month(string month)
    {
        var planner = await factory.SignedInAsync("planner1");
        var response = await planner.GetAsync($"/api/assessment/townships?month={Uri.EscapeDataString(month)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"month\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await planner.GetAsync($"/Assessment?month={Uri.EscapeDataString(month)}")).StatusCode);
    }

    [Fact]
    public async Task Only_planners_freeze_a_month_that_has_ended_and_the_page_shows_the_lists_the_table_and_the_formula()
    {
        var lastMonth = DateTime.UtcNow.AddHours(8).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var thisMonth = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var field = await factory.SignedInAsync("field1");
        Assert.Equal(HttpStatusCode.Forbidden, (await field.PostAsync($"/api/assessment/freeze?month={lastMonth}", null)).StatusCode);
        var planner = await factory.SignedInAsync("planner1");
        Assert.Equal(HttpStatusCode.BadRequest, (await planner.PostAsync($"/api/assessment/freeze?month={thisMonth}", null)).StatusCode);
        var frozen = await planner.PostAsync($"/api/assessment/freeze?month={lastMonth}", null);
        Assert.Equal(HttpStatusCode.Created, frozen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await planner.PostAsync($"/api/assessment/freeze?month={lastMonth}", null)).StatusCode);
        Assert.True((await planner.GetFromJsonAsync<JsonElement>($"/api/assessment/townships?month={lastMonth}")).GetProperty("frozen").GetBoolean());

        var page = new HtmlParser().ParseDocument(await (await factory.SignedInAsync("leader1")).GetStringAsync($"/Assessment?month={lastMonth}"));
        Assert.Contains("已固化", page.QuerySelector("h1")!.TextContent);
        Assert.NotEmpty(page.QuerySelectorAll(".red-list li"));
        Assert.True(page.QuerySelectorAll("table.assessment tbody tr").Length > 1);
        Assert.StartsWith("得分 = ", page.QuerySelector(".formula code")!.TextContent);
        var link = page.QuerySelector("table.assessment td.component a")!.GetAttribute("href")!;
        var items = new HtmlParser().ParseDocument(await planner.GetStringAsync(link));
        Assert.NotEmpty(items.QuerySelectorAll("ol.assessed-items li"));
    }
}
