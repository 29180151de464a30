using Microsoft.EntityFrameworkCore;
using Planner.Assessment;
using Planner.Data;
using Planner.Sample;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Tests.Assessment;

/// <summary>The monthly assessment on the sample district, on both engines: counted, frozen once, unchanged by later edits.</summary>
public abstract class AssessmentServiceTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    // 2 December 2026 in the district: November has ended.
    static readonly DistrictTime Time = FixedClock.District(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));

    static readonly DateOnly November = new(2026, 11, 1);

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }

    AssessmentService Service(PlannerDbContext db) => new(db) { Time = Time, Formula = AssessmentFormula.Default };

    [Fact]
    public async Task A_frozen_month_stays_as_published_when_sites_change_afterwards_and_a_second_freeze_changes_nothing()
    {
        MonthAssessment frozen;
        await using (var db = Open())
        {
            var live = await Service(db).CountAsync(November);
            Assert.False(live.Frozen);
            Assert.Equal(new DateOnly(2026, 11, 30), live.AsOf);
            Assert.Contains(live.Townships, t => t.Ranked); // the sample district has enough sites to rank
            var again = await Service(db).CountAsync(November);
            Assert.Equal(live.Townships.Select(t => (t.Code, t.Score, t.Rank)), again.Townships.Select(t => (t.Code, t.Score, t.Rank))); // same data, same numbers

            var (result, created) = await Service(db).FreezeAsync(November, "planner1");
            Assert.True(created);
            Assert.True(result.Frozen);
            frozen = result;
            Assert.Equal(live.Townships.Select(t => (t.Code, t.Score, t.Rank)), frozen.Townships.Select(t => (t.Code, t.Score, t.Rank)));
        }

        // Every overdue site of a ranked township is marked finished afterwards: the live count moves, the frozen month does not.
        var anyTownship = frozen.Townships.First(t => t.Ranked && frozen.Inputs.Single(i => i.Code == t.Code).Counts.Single(c => c.Code == ScoreComponent.NotOverdue).Items.Any(i => !i.Met));
        var unfinished = frozen.Inputs.Single(t => t.Code == anyTownship.Code).Counts.Single(c => c.Code == ScoreComponent.NotOverdue).Items.Where(i => !i.Met).Select(i => i.Id).ToList();
        await using (var db = Open())
        {
            await db.Sites.Where(s => unfinished.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SiteStatus.Completed).SetProperty(s => s.Progress, 100));
            var live = await Service(db).CountAsync(November);
            Assert.NotEqual(anyTownship.Score, live.Townships.Single(t => t.Code == anyTownship.Code).Score);
            var published = await Service(db).GetAsync(November);
            Assert.True(published.Frozen);
            Assert.Equal(frozen.Townships.Select(t => (t.Code, t.Score, t.Rank, t.List)), published.Townships.Select(t => (t.Code, t.Score, t.Rank, t.List)));
            var (second, created) = await Service(db).FreezeAsync(November, "planner2");
            Assert.False(created);
            Assert.Equal("planner1", second.FrozenBy);
            Assert.Equal(frozen.Townships.Select(t => t.Score), second.Townships.Select(t => t.Score));
        }

        // The published row itself refuses to change.
        await using (var db = Open())
        {
            var error = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("UPDATE assessment_snapshots SET frozen_by = 'x'"));
            Assert.NotNull(error);
            Assert.Contains("written once", error.Message);
        }
    }

    [Fact]
    public async Task The_weekly_bulletin_s_figures_come_from_the_same_counts_on_each_engine()
    {
        await using var db = Open();
        var dashboard = new Planner.Dashboard.DashboardService(db) { Time = Time, Limits = Planner.Field.FieldLimits.Default };
        var source = new Planner.Reports.WeeklyBulletinSource(db, dashboard, Service(db)) { Time = Time, Limits = Planner.Field.FieldLimits.Default };
        var data = await source.LoadAsync(2026, 48);
        Assert.Equal(data.ThisWeek.Sites, data.Townships.Sum(t => t.Sites));
        Assert.Equal(data.ThisWeek.Overdue, data.OverdueByUnit.Sum(u => u.Sites.Count)); // the bulletin lists every overdue site once
        Assert.Equal("2026-11", data.Assessment.Month);
        Assert.Empty(data.Supervisions);
    }

    [Fact]
    public async Task A_month_that_has_not_ended_cannot_be_frozen_and_one_not_begun_cannot_be_counted()
    {
        await using var db = Open();
        var december = new DateOnly(2026, 12, 1);
        var running = await Service(db).GetAsync(december);
        Assert.Equal((new DateOnly(2026, 12, 2), false), (running.AsOf, running.Frozen));
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).FreezeAsync(december, "planner1"));
        Assert.Equal("month", e.Problems[0].Where);
        await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).CountAsync(new DateOnly(2027, 1, 1)));
        Assert.Throws<ValidationFailedException>(() => AssessmentService.ParseMonth("2026-13"));
        Assert.Equal(November, AssessmentService.ParseMonth("2026-11"));
    }
}

public sealed class SqliteAssessmentServiceTests(PostgisServer server) : AssessmentServiceTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisAssessmentServiceTests(PostgisServer server) : AssessmentServiceTests(server, DatabaseEngine.Postgres);
