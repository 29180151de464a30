using Microsoft.EntityFrameworkCore;
using Planner.Assessment;
using Planner.Data;
using Planner.Field;
using Planner.Sample;
using Planner.Sites;
using Planner.Supervision;

namespace Planner.Tests.Sample;

/// <summary>The sample district's year of history on both engines: deterministic, finished, inside its townships, and what the dashboard and the ranking read.</summary>
public abstract class SampleHistoryTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    static readonly DistrictTime Time = FixedClock.District(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));


    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }

    [Fact]
    public async Task A_year_of_cases_and_orders_is_seeded_the_same_every_time_and_the_assessment_reads_it()
    {
        SampleHistorySeeder.Result result;
        await using (var db = Open())
            result = await SampleHistorySeeder.SeedAsync(db, Time, AssessmentFormula.Default, FieldLimits.Default);
        Assert.True(result.Seeded);
        Assert.InRange(result.Cases, 12 * 11 * 2, 13 * 11 * 6);
        Assert.True(result.Supervisions > 10);
        Assert.Equal(12, result.FrozenMonths); // December 2025 – November 2026: every month that has ended

        await using (var again = Open())
            Assert.False((await SampleHistorySeeder.SeedAsync(again, Time, AssessmentFormula.Default, FieldLimits.Default)).Seeded); // never twice

        await using var check = Open();
        var cases = await check.ProblemCases.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        // What is older than two months is finished; nothing happened after now.
        Assert.All(cases.Where(c => c.ReportedAt < Time.Now.AddDays(-60)), c => Assert.Contains(c.State, new[] { CaseState.Closed, CaseState.Voided }));
        Assert.True(await check.CaseEvents.AllAsync(e => e.At <= Time.Now));
        Assert.Contains(cases, c => c.ReworkCount > 0);
        Assert.Contains(cases, c => c.LateSteps > 0);
        var townships = await check.Townships.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.All(cases, c => Assert.True(townships[c.TownshipId].Boundary.Covers(c.Location), $"case {c.Id} outside its township"));
        Assert.All(await check.SupervisionOrders.AsNoTracking().ToListAsync(), o => Assert.Equal(SupervisionState.Closed, o.State));
        Assert.True(await check.SupervisionOrders.AnyAsync(o => o.FirstAnswerLate == true) && await check.SupervisionOrders.AnyAsync(o => o.Level > 0));

        // Deterministic: a second database seeded from the same sample holds the same history.
        var fingerprint = cases.Select(c => (c.Category, c.Location.X, c.Location.Y, c.ReportedAt, c.State, c.ReworkCount, c.LateSteps)).ToList();
        var other = Engine == DatabaseEngine.Postgres ? await Server.CreateDatabaseAsync() : $"Data Source={Path.Combine(Folder, "again.db")};Pooling=False";
        await using (var second = PlannerDatabase.Open(other))
        {
            await MigrationRunner.MigrateAsync(second);
            await SampleDistrictSeeder.SeedAsync(second, Paths.Data);
            await SampleHistorySeeder.SeedAsync(second, Time, AssessmentFormula.Default, FieldLimits.Default);
            var secondCases = await second.ProblemCases.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
            Assert.Equal(fingerprint, secondCases.Select(c => (c.Category, c.Location.X, c.Location.Y, c.ReportedAt, c.State, c.ReworkCount, c.LateSteps)).ToList());
        }

        // What the leaders read: October's cases in the dashboard, its frozen ranking with a case part and a past.
        var dashboard = await new Planner.Dashboard.DashboardService(check) { Time = Time, Limits = FieldLimits.Default }
            .LoadAsync(new SiteFilter(), Planner.Users.SiteScope.District, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));
        Assert.True(dashboard.Now.CasesReported > 0 && dashboard.Now.CasesClosed > 0);
        Assert.NotEmpty(dashboard.Categories);
        var october = await new AssessmentService(check) { Time = Time, Formula = AssessmentFormula.Default }.GetAsync(new DateOnly(2026, 10, 1));
        Assert.True(october.Frozen);
        Assert.Contains(october.Townships, t => t.Components.Single(c => c.Code == ScoreComponent.HandledOnTime).Denominator > 0);
        Assert.Contains(october.Townships, t => t.PreviousRank is not null);
    }
}

public sealed class SqliteSampleHistoryTests(PostgisServer server) : SampleHistoryTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisSampleHistoryTests(PostgisServer server) : SampleHistoryTests(server, DatabaseEngine.Postgres);
