using System.Globalization;
using Planner.Assessment;
using Planner.Dashboard;
using Planner.Data;
using Planner.Field;
using Planner.Reports;
using Planner.Sample;
using Planner.Sites;
using Planner.Supervision;
using Planner.Tests.Field;
using Planner.Users;

namespace Planner.Tests.Reports;

/// <summary>The bulletin's week on both engines: follow-ups and orders counted by the district's days, the week before left out.</summary>
public abstract class WeeklyBulletinSourceTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }

    static CaseActor Actor(string user, string role) => new(user, user, new HashSet<string> { role }, SiteScope.For([role], []));

    [Fact]
    public async Task The_weeks_follow_ups_and_orders_are_counted_and_the_week_before_is_not()
    {
        var time = DistrictTime.System;
        var today = time.Today;
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weekStart = time.FromDistrictLocal(monday.ToDateTime(TimeOnly.MinValue)).ToUniversalTime();
        var inspector = Actor("inspector", Roles.Inspector);
        var township = 0;
        await using (var db = Open())
        {
            township = db.Townships.OrderBy(t => t.Code).Select(t => t.Id).First();
            // Three closed cases followed up: two within this week (one came back), one a minute before it began.
            foreach (var (action, at) in new[] { (CaseAction.Hold, weekStart.AddMinutes(1)), (CaseAction.Recur, weekStart.AddMinutes(2)), (CaseAction.Hold, weekStart.AddMinutes(-1)) })
            {
                var id = await TestCases.AddAsync(db, township, weekStart.AddDays(-40));
                var c = db.ProblemCases.Single(x => x.Id == id);
                var planner = Actor("planner", Roles.Planner);
                c.Apply(CaseAction.Accept, planner, weekStart.AddDays(-39), new CaseStep(NextDeadline: weekStart));
                c.Apply(CaseAction.Dispatch, planner, weekStart.AddDays(-39), new CaseStep(TownshipId: township, NextDeadline: weekStart));
                c.Apply(CaseAction.Handle, planner, weekStart.AddDays(-38), new CaseStep(Photos: 1, NextDeadline: weekStart));
                c.Apply(CaseAction.Pass, inspector, weekStart.AddDays(-37), new CaseStep());
                c.Apply(action, inspector, at, new CaseStep("回访", Photos: 1));
                await db.SaveChangesAsync();
            }
            var supervisions = new SupervisionService(db) { Time = time, Limits = FieldLimits.Default };
            var overdue = db.Sites.AsEnumerable().First(s => OverdueRule.IsOverdue(s.Status, s.PlannedEnd, today));
            await supervisions.IssueAsync(new SupervisionRequest(overdue.Id, null, "某单位", today.AddDays(3), "加快进度"), Actor("leader", Roles.Leader));
        }
        await using (var db = Open())
        {
            var source = new WeeklyBulletinSource(db, new DashboardService(db) { Time = time, Limits = FieldLimits.Default },
                new AssessmentService(db) { Time = time, Formula = AssessmentFormula.Default }) { Time = time, Limits = FieldLimits.Default };
            var day = monday.ToDateTime(TimeOnly.MinValue);
            var data = await source.LoadAsync(ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day));
            Assert.Equal(new WeekActivity(2, 1, 1, 0, 0), data.Activity);
        }
    }
}

public sealed class SqliteWeeklyBulletinSourceTests(PostgisServer server) : WeeklyBulletinSourceTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisWeeklyBulletinSourceTests(PostgisServer server) : WeeklyBulletinSourceTests(server, DatabaseEngine.Postgres);
