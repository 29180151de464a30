using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Sites;
using Planner.Web.Api;

namespace Planner.Tests.Api;

/// <summary>我的任务's sites: the most urgent first, and a limit that keeps the most urgent; on both engines.</summary>
public abstract class MyWorkTests(PlannerWebFactory factory)
{
    /// <summary>The list's order, said in memory: overdue first, then by planned end (none last), then by code.</summary>
    static List<long> ExpectedOrder(IEnumerable<Site> sites, DateOnly today) => sites
        .Where(s => s.DeletedAt is null && !s.Status.IsFinished())
        .OrderByDescending(s => s.IsOverdue(today)).ThenBy(s => s.PlannedEnd ?? DateOnly.MaxValue).ThenBy(s => s.Code, StringComparer.Ordinal)
        .Select(s => s.Id).ToList();

    [Fact]
    public async Task The_database_orders_the_most_urgent_first_so_that_any_limit_keeps_them()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        var today = scope.ServiceProvider.GetRequiredService<DistrictTime>().Today;
        var all = await db.Sites.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        var expected = ExpectedOrder(all, today);
        Assert.Contains(all, s => s.IsOverdue(today) && s.DeletedAt is null);
        Assert.Contains(all, s => !s.IsOverdue(today) && !s.Status.IsFinished() && s.DeletedAt is null);
        foreach (var limit in new[] { 1, 3, expected.Count / 2, expected.Count, expected.Count + 10 })
        {
            var listed = await MyWork.MostUrgentUnfinished(db.Sites.AsNoTracking()).Take(limit).Select(s => s.Id).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(expected.Take(limit), listed);
        }
    }

    [Theory]
    [InlineData("field1")]
    [InlineData("field2")]
    [InlineData("planner1")]
    public async Task The_work_list_starts_with_the_longest_overdue_of_the_users_townships(string user)
    {
        var client = await factory.SignedInAsync(user);
        var work = await client.GetFromJsonAsync<JsonElement>("/api/my/work", TestContext.Current.CancellationToken);
        var sites = work.GetProperty("sites").EnumerateArray().Select(s => (Overdue: s.GetProperty("overdue").GetBoolean(),
            End: s.GetProperty("plannedEnd").GetString())).ToList();
        Assert.NotEmpty(sites);
        // Overdue ones form the head of the list, and planned ends never go backwards (none last).
        Assert.Equal(sites.Count(s => s.Overdue), sites.TakeWhile(s => s.Overdue).Count());
        var ends = sites.Select(s => s.End ?? "9999-12-31").ToList();
        Assert.Equal(ends.Order(StringComparer.Ordinal), ends);
    }
}

public sealed class SqliteMyWorkTests(PlannerWebFactory factory) : MyWorkTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisMyWorkTests(PostgisWebFactory factory) : MyWorkTests(factory), IClassFixture<PostgisWebFactory>;
