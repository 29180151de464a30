using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace Planner.Tests.Api;

/// <summary>The leader's dashboard: figures that add up across charts, the map's filters and scope, bad periods named, each role's landing page.</summary>
public sealed class DashboardApiTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    static int Sum(JsonElement array, string property) => array.EnumerateArray().Sum(e => e.GetProperty(property).GetInt32());

    [Fact]
    public async Task The_figures_agree_with_each_other_and_with_the_map_for_the_district_a_township_and_a_programme()
    {
        var planner = await factory.SignedInAsync("planner1");
        foreach (var query in new[] { "", "?township=1", "?programme=road", "?programme=compound&status=construction", "?from=2026-01-01&to=2026-06-30", "?q=没有这个项目" })
        {
            var d = await planner.GetFromJsonAsync<JsonElement>($"/api/dashboard{query}");
            var now = d.GetProperty("now");
            var sites = now.GetProperty("sites").GetInt32();
            var filterOnly = string.Join('&', query.TrimStart('?').Split('&').Where(p => !p.StartsWith("from=") && !p.StartsWith("to=")));
            var map = await planner.GetFromJsonAsync<JsonElement>($"/api/sites?res=1&{filterOnly}");
            Assert.Equal(map.GetProperty("features").GetArrayLength(), sites); // the same selection as the map
            Assert.Equal(sites, Sum(d.GetProperty("townships"), "sites"));
            Assert.Equal(sites, Sum(d.GetProperty("programmeStatus"), "sites"));
            Assert.Equal(12, d.GetProperty("trend").GetArrayLength());
            Assert.InRange(now.GetProperty("completedPercent").GetDouble(), 0, 100);
            Assert.True(now.GetProperty("completed").GetInt32() <= sites);
            Assert.True(d.GetProperty("weekBefore").GetProperty("to").GetString()!.CompareTo(now.GetProperty("to").GetString()) < 0);
        }
    }

    [Fact]
    public async Task A_field_team_counts_its_own_townships_only()
    {
        var field = await factory.SignedInAsync("field1");
        var d = await field.GetFromJsonAsync<JsonElement>("/api/dashboard");
        Assert.Equal(["南关街道"], d.GetProperty("townships").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var map = await field.GetFromJsonAsync<JsonElement>("/api/sites?res=1");
        Assert.Equal(map.GetProperty("features").GetArrayLength(), d.GetProperty("now").GetProperty("sites").GetInt32());
    }

    [Theory]
    [InlineData("?from=2026-02-30", "from")]
    [InlineData("?to=tomorrow", "to")]
    [InlineData("?from=2026-11-02&to=2026-11-01", "from")]
    [InlineData("?from=2024-01-01&to=2026-11-01", "from")]
    [InlineData("?status=finished", "status")]
    public async Task A_bad_period_or_filter_is_refused_naming_it(string query, string named)
    {
        var planner = await factory.SignedInAsync("planner1");
        var response = await planner.GetAsync($"/api/dashboard{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await planner.GetAsync($"/Dashboard{query}")).StatusCode);
    }

    [Fact]
    public async Task Each_role_lands_where_its_day_starts_and_the_dashboard_shows_its_figures_without_script()
    {
        var leader = await factory.SignedInAsync("leader1"); // the users exist from here
        foreach (var (user, landing) in new[] { ("leader1", "/Dashboard"), ("field1", "/Work"), ("inspector1", "/Work"), ("planner1", "/Map"), ("admin1", "/Map") })
        {
            var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            var response = await PlannerWebFactory.PostLoginAsync(client, user, factory.Password);
            Assert.Equal(landing, response.Headers.Location!.ToString());
        }
        var page = new HtmlParser().ParseDocument(await leader.GetStringAsync("/Dashboard"));
        Assert.Equal(11, page.QuerySelectorAll(".kpi").Length);
        Assert.Contains("较上周", page.QuerySelector(".kpi .change")!.TextContent);
        Assert.Equal(4, page.QuerySelectorAll(".charts .chart").Length);
        Assert.NotNull(page.QuerySelector("script[src^='/js/dashboard.js']"));
    }

    [Fact]
    public async Task The_documents_are_for_leaders_and_planners_and_a_bad_week_or_month_is_named()
    {
        var leader = await factory.SignedInAsync("leader1");
        var weekly = await leader.GetAsync("/api/reports/weekly.docx");
        Assert.Equal(HttpStatusCode.OK, weekly.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", weekly.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("周通报-", weekly.Content.Headers.ContentDisposition!.FileNameStar);
        var monthly = await (await factory.SignedInAsync("planner1")).GetAsync("/api/reports/monthly.xlsx");
        Assert.Equal(HttpStatusCode.OK, monthly.StatusCode);
        Assert.Equal((byte)'P', (await monthly.Content.ReadAsByteArrayAsync())[0]); // a zip package
        foreach (var user in new[] { "field1", "inspector1" })
        {
            var client = await factory.SignedInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/reports/weekly.docx")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/reports/monthly.xlsx")).StatusCode);
        }
        foreach (var week in new[] { "2026-W60", "48", "2099-W01" })
        {
            var bad = await leader.GetAsync($"/api/reports/weekly.docx?week={week}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("\"week\"", await bad.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/reports/monthly.xlsx?month=2026-00")).StatusCode);
    }
    [Fact]
    public async Task The_daily_meeting_brief_is_in_the_leaders_and_planners_menu_and_each_user_sees_their_townships()
    {
        foreach (var user in new[] { "leader1", "planner1" })
        {
            var page = new HtmlParser().ParseDocument(await (await factory.SignedInAsync(user)).GetStringAsync("/Daily"));
            Assert.NotNull(page.QuerySelector("header nav a[href='/Daily'][aria-current=page]"));
            Assert.Equal(11, page.QuerySelectorAll("table.daily tbody tr").Length); // every township of the sample district
            Assert.Equal(5, page.QuerySelectorAll(".daily-yesterday .kpi").Length);
            // The table's total is the sum of its rows, column by column.
            for (var column = 2; column <= 7; column++)
                Assert.Equal(page.QuerySelectorAll($"table.daily tbody td:nth-child({column})").Sum(td => int.Parse(td.TextContent)),
                    int.Parse(page.QuerySelector($"table.daily tfoot td:nth-child({column})")!.TextContent));
            // The overdue column counts what the map counts.
            var overdue = await (await factory.SignedInAsync(user)).GetFromJsonAsync<JsonElement>("/api/sites?res=1&overdue=1");
            Assert.Equal(overdue.GetProperty("features").GetArrayLength(), int.Parse(page.QuerySelector("table.daily tfoot td:nth-child(2)")!.TextContent));
        }
        // Every role reads the brief of its own townships; the menu offers it to leaders, planners and admins.
        foreach (var (user, townships, inMenu) in new[] { ("admin1", 11, true), ("inspector1", 11, false), ("inspector2", 1, false), ("field2", 2, false) })
        {
            var page = new HtmlParser().ParseDocument(await (await factory.SignedInAsync(user)).GetStringAsync("/Daily"));
            Assert.Equal(townships, page.QuerySelectorAll("table.daily tbody tr").Length);
            Assert.Equal(inMenu, page.QuerySelector("header nav a[href='/Daily']") is not null);
        }
        var field = new HtmlParser().ParseDocument(await (await factory.SignedInAsync("field1")).GetStringAsync("/Daily"));
        Assert.Null(field.QuerySelector("header nav a[href='/Daily']"));
        Assert.Null(field.QuerySelector(".daily-links a[href='/api/reports/weekly.docx']")); // not theirs to download
        Assert.Equal(["南关街道"], field.QuerySelectorAll("table.daily tbody th").Select(th => th.TextContent));
        Assert.All(field.QuerySelectorAll(".daily-sites li"), li => Assert.Contains("南关街道", li.TextContent));
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/Daily")).StatusCode); // signed out

        // A city's window holds thousands: the page lists the first 50 and says how many, the table counts them all.
        await using (var db = factory.OpenDatabase())
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var ids = await db.Sites.OrderBy(s => s.Id).Select(s => s.Id).Take(Planner.Web.Pages.DailyModel.ListLimit + 10).ToListAsync();
            await db.Sites.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.PlannedStart, (DateOnly?)null)
                .SetProperty(s => s.PlannedEnd, today.AddDays(2)).SetProperty(s => s.Status, Planner.Sites.SiteStatus.Construction));
        }
        var many = new HtmlParser().ParseDocument(await (await factory.SignedInAsync("leader1")).GetStringAsync("/Daily"));
        var heading = many.QuerySelectorAll(".daily-sites h2")[1].TextContent;
        var dueSoon = int.Parse(heading[(heading.LastIndexOf('(') + 1)..heading.LastIndexOf(')')]);
        Assert.True(dueSoon >= Planner.Web.Pages.DailyModel.ListLimit + 10, heading);
        Assert.Equal(Planner.Web.Pages.DailyModel.ListLimit, many.QuerySelectorAll(".daily-sites ol")[1].QuerySelectorAll("li").Length);
        Assert.Contains($"{dueSoon}", many.QuerySelector(".daily-sites .capped")!.TextContent);
        Assert.Equal(dueSoon, int.Parse(many.QuerySelector("table.daily tfoot td:nth-child(4)")!.TextContent));
    }
}
