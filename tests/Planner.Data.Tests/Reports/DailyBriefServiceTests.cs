using Microsoft.EntityFrameworkCore;
using Planner.Dashboard;
using Planner.Data;
using Planner.Field;
using Planner.Reports;
using Planner.Sample;
using Planner.Sites;
using Planner.Supervision;
using Planner.Users;
using Planner.Tests.Field;

namespace Planner.Tests.Reports;

/// <summary>
/// 日例会 on both engines: which sites fell overdue and which come due (each edge of both windows, finished ones left out),
/// late cases, the 督办 due today or waiting for the issuer, the township table agreeing with the lists, a township's scope.
/// </summary>
public abstract class DailyBriefServiceTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    static readonly DateOnly Today = DistrictTime.System.Today;

    /// <summary>The sites given planned ends (and a status) around today, by name.</summary>
    readonly Dictionary<string, long> sites = [];
    int township, otherTownship;

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
        // Every sample site out of both windows first (finished long ago), so that only these count.
        await db.Sites.ExecuteUpdateAsync(u => u.SetProperty(s => s.PlannedStart, (DateOnly?)null).SetProperty(s => s.PlannedEnd, Today.AddDays(-100)).SetProperty(s => s.Status, SiteStatus.Completed));
        township = await db.Townships.OrderBy(t => t.Code).Select(t => t.Id).FirstAsync();
        otherTownship = await db.Townships.OrderBy(t => t.Code).Select(t => t.Id).Skip(1).FirstAsync();
        var ids = await db.Sites.Where(s => s.TownshipId == township).OrderBy(s => s.Id).Select(s => s.Id).Take(8).ToListAsync();
        var other = await db.Sites.Where(s => s.TownshipId == otherTownship).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        foreach (var (name, id, days, status) in new (string, long, int, SiteStatus)[]
        {
            ("yesterday", ids[0], -1, SiteStatus.Construction),       // fell overdue yesterday
            ("weekAgo", ids[1], -DailyBriefService.NewlyOverdueDays, SiteStatus.Construction), // the window's first day
            ("older", ids[2], -DailyBriefService.NewlyOverdueDays - 1, SiteStatus.Suspended), // overdue, not news
            ("today", ids[3], 0, SiteStatus.Tender),                  // due today: not overdue yet
            ("lastDay", ids[4], DailyBriefService.DueSoonDays - 1, SiteStatus.Planning),
            ("beyond", ids[5], DailyBriefService.DueSoonDays, SiteStatus.Construction),
            ("finishedSoon", ids[6], 2, SiteStatus.Completed),
            ("finishedLate", ids[7], -2, SiteStatus.Accepted),
            ("otherTownship", other, -3, SiteStatus.Construction),
        })
        {
            await db.Sites.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.PlannedEnd, Today.AddDays(days)).SetProperty(s => s.Status, status));
            sites[name] = id;
        }
    }

    DailyBriefService Service(PlannerDbContext db)
    {
        var dashboard = new DashboardService(db) { Time = DistrictTime.System, Limits = FieldLimits.Default };
        var cases = new CaseService(db) { Time = DistrictTime.System, Limits = FieldLimits.Default };
        return new DailyBriefService(db, dashboard, cases, new ProgressReportService(db, new SiteService(db))) { Time = DistrictTime.System, Limits = FieldLimits.Default };
    }

    static CaseActor Actor(string user, string role, params int[] townships) => new(user, user, new HashSet<string> { role }, SiteScope.For([role], townships));

    async Task<long> CaseAsync(int inTownship, TimeSpan deadlineFromNow, TimeSpan? reportedAgo = null)
    {
        await using var db = Open();
        return await TestCases.AddAsync(db, inTownship, DateTimeOffset.UtcNow + deadlineFromNow, reportedAgo);
    }

    [Fact]
    public async Task The_brief_holds_what_fell_overdue_what_comes_due_the_late_cases_and_the_orders_due_and_the_table_agrees()
    {
        var leader = Actor("leader1", Roles.Leader);
        // Late in working hours on any day: a deadline one calendar day ago, reached over a weekend, is only just used up
        // (yellow) when the brief is read early on a Sunday.
        var late = await CaseAsync(township, TimeSpan.FromDays(-10), reportedAgo: TimeSpan.FromDays(20));
        var early = await CaseAsync(township, TimeSpan.FromDays(30));
        long dueToday, dueLater, answered;
        await using (var db = Open())
        {
            var supervisions = new SupervisionService(db) { Time = DistrictTime.System, Limits = FieldLimits.Default };
            dueToday = (await supervisions.IssueAsync(new SupervisionRequest(sites["yesterday"], null, "某单位", Today, "今日答复"), leader)).Id;
            dueLater = (await supervisions.IssueAsync(new SupervisionRequest(sites["weekAgo"], null, "某单位", Today.AddDays(5), "五日内答复"), leader)).Id;
            answered = (await supervisions.IssueAsync(new SupervisionRequest(sites["older"], null, "某单位", Today.AddDays(5), "五日内答复"), leader)).Id;
            await supervisions.ReplyAsync(answered, "已整改", [], 1, Actor("field1", Roles.FieldTeam, township));
        }

        await using (var db = Open())
        {
            var brief = await Service(db).LoadAsync(leader);
            Assert.Equal(Today, brief.Day);
            Assert.Equal([sites["weekAgo"], sites["otherTownship"], sites["yesterday"]], brief.NewlyOverdue.Select(s => s.Id)); // by planned end
            Assert.Equal([sites["today"], sites["lastDay"]], brief.DueSoon.Select(s => s.Id));
            Assert.Contains(brief.LateCases, c => c.Id == late && c.Light == TrafficLight.Red);
            Assert.DoesNotContain(brief.LateCases.Concat(brief.NearlyLateCases), c => c.Id == early);
            Assert.Equal([dueToday, answered], brief.OrdersDue.Select(o => o.Id).Order());
            Assert.DoesNotContain(brief.OrdersDue, o => o.Id == dueLater);

            var row = brief.Townships.Single(t => t.Id == township);
            Assert.Equal((2, 2, 1, 3), (row.NewlyOverdue, row.DueSoon, row.LateCases, row.Overdue)); // yesterday, weekAgo, older overdue
            Assert.Equal(2, row.OrdersDue);
            Assert.Equal(brief.NewlyOverdue.Count, brief.Townships.Sum(t => t.NewlyOverdue));
            Assert.Equal(brief.DueSoon.Count, brief.Townships.Sum(t => t.DueSoon));
            Assert.Equal(brief.LateCases.Count, brief.Townships.Sum(t => t.LateCases));
            Assert.Equal(brief.OrdersDue.Count, brief.Townships.Sum(t => t.OrdersDue));
            Assert.Equal(await db.Townships.CountAsync(), brief.Townships.Count);

            // A scope of no township (a field team not yet given one): nothing, and no table rows.
            var none = await Service(db).LoadAsync(Actor("field0", Roles.FieldTeam));
            Assert.Equal((0, 0, 0, 0, 0, 0), (none.NewlyOverdue.Count, none.DueSoon.Count, none.LateCases.Count, none.OrdersDue.Count, none.ReportsToReview, none.Townships.Count));
            // A township's field team: its township only.
            var local = await Service(db).LoadAsync(Actor("field9", Roles.FieldTeam, otherTownship));
            Assert.Equal([sites["otherTownship"]], local.NewlyOverdue.Select(s => s.Id));
            Assert.Empty(local.DueSoon);
            Assert.Empty(local.LateCases);
            Assert.Empty(local.OrdersDue);
            Assert.Equal([otherTownship], local.Townships.Select(t => t.Id));
        }
    }
}

public sealed class SqliteDailyBriefServiceTests(PostgisServer server) : DailyBriefServiceTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisDailyBriefServiceTests(PostgisServer server) : DailyBriefServiceTests(server, DatabaseEngine.Postgres);
