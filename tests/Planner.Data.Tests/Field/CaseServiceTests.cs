using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Photos;
using Planner.Sample;
using Planner.Sites;
using Planner.Users;
using Planner.Validation;

namespace Planner.Tests.Field;

/// <summary>Problem cases stored and moved through the loop, on both engines (the two subclasses at the bottom).</summary>
public abstract class CaseServiceTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    // In 南关街道 (the sample district's townships); the second point is 30 m east of the first.
    static readonly (double Lon, double Lat) Here = (113.6780, 34.7365);
    static readonly (double Lon, double Lat) ThirtyMetresEast = (113.67833, 34.7365);
    int nanguan, other;

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
        var point = Planner.Geometry.Cgcs2000.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(Here.Lon, Here.Lat));
        nanguan = Planner.Townships.TownshipLocator.Locate(point, await db.Townships.ToListAsync())!.Id;
        other = await db.Townships.Where(t => t.Id != nanguan).Select(t => t.Id).FirstAsync();
    }

    CaseService Service(PlannerDbContext db) => new(db);

    static EvidencePhoto Photo(int seed, (double, double)? gps = null) =>
        PhotoReader.Read(TestPhotos.Jpeg(seed: seed, gps: gps ?? Here, taken: DistrictTime.System.LocalTime(DateTimeOffset.UtcNow)), $"c{seed}.jpg", $"photos[{seed}]", "x", DistrictTime.System, FieldLimits.Default);

    CaseActor Actor(string user, string role, params int[] townships) => new(user, user, new HashSet<string> { role }, SiteScope.For([role], townships));
    CaseActor Inspector => Actor("inspector", Roles.Inspector);
    CaseActor CommandCentre => Actor("planner", Roles.Planner);
    CaseActor Field => Actor("field", Roles.FieldTeam, nanguan);

    [Fact]
    public async Task A_case_is_reported_dispatched_handled_failed_handled_again_and_closed_with_every_step_stored()
    {
        long id;
        await using (var db = Open())
        {
            var (c, created) = await Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "manhole", Here.Lon, Here.Lat, null, "井盖破损"), [Photo(1)], Inspector);
            Assert.True(created);
            Assert.Equal(nanguan, c.TownshipId);
            Assert.NotNull(c.Deadline);
            id = c.Id;
        }
        async Task StepAsync(CaseAction action, CaseActor actor, CaseStep step, params EvidencePhoto[] photos)
        {
            await using var db = Open();
            var version = await db.ProblemCases.Where(c => c.Id == id).Select(c => c.Version).SingleAsync();
            await Service(db).TransitionAsync(id, action, step, photos, version, actor);
        }
        await StepAsync(CaseAction.Accept, CommandCentre, new CaseStep());
        await StepAsync(CaseAction.Dispatch, CommandCentre, new CaseStep(TownshipId: nanguan, Unit: "南关街道城管中队"));
        await StepAsync(CaseAction.Handle, Field, new CaseStep("已更换"), Photo(2));
        await StepAsync(CaseAction.Fail, Inspector, new CaseStep("未固定"));
        await StepAsync(CaseAction.Handle, Field, new CaseStep("已固定"), Photo(3));
        await StepAsync(CaseAction.Pass, Inspector, new CaseStep());

        await using var check = Open();
        var view = (await Service(check).GetAsync(id, Inspector))!;
        Assert.Equal((CaseState.Closed, 1, TrafficLight.None), (view.State, view.ReworkCount, view.Light));
        Assert.Equal(["report", "accept", "dispatch", "handle", "fail", "handle", "pass"], view.Events.Select(e => e.Action));
        Assert.Equal(["report", "handled", "handled"], view.Photos.Select(p => p.Stage));
        // The audit trail is append-only in the database itself.
        await using var connection = check.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "DELETE FROM case_events";
        Assert.Contains("append-only", (await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => cmd.ExecuteNonQueryAsync())).Message);
    }

    [Fact]
    public async Task A_report_near_an_open_case_of_its_category_is_offered_that_case_and_a_resend_is_stored_once()
    {
        long first;
        var clientId = Guid.NewGuid();
        await using (var db = Open())
            first = (await Service(db).ReportAsync(new CaseSubmission(clientId, "piled-rubbish", Here.Lon, Here.Lat, null, "建筑垃圾"), [Photo(4)], Inspector)).Case.Id;
        await using (var db = Open())
        {
            var again = await Service(db).ReportAsync(new CaseSubmission(clientId, "piled-rubbish", Here.Lon, Here.Lat, null, "建筑垃圾"), [Photo(4)], Inspector);
            Assert.Equal((first, false), (again.Case.Id, again.Created));
            var duplicate = await Assert.ThrowsAsync<DuplicateCaseException>(() =>
                Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "piled-rubbish", ThirtyMetresEast.Lon, ThirtyMetresEast.Lat, null, null), [Photo(5)], Field));
            Assert.Equal(first, duplicate.CaseId);
            Assert.InRange(duplicate.DistanceMetres, 25, 35);
            // Another category at the same place is another problem; the reporter may also insist.
            await Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "street-vending", ThirtyMetresEast.Lon, ThirtyMetresEast.Lat, null, null), [Photo(6)], Field);
            await Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "piled-rubbish", ThirtyMetresEast.Lon, ThirtyMetresEast.Lat, null, null, ConfirmNew: true), [Photo(7)], Field);
        }
        await using var check = Open();
        Assert.Equal(3, await check.ProblemCases.CountAsync());
    }

    [Fact]
    public async Task Bad_reports_and_steps_are_refused_naming_the_field_and_concurrent_steps_cannot_both_win()
    {
        await using (var db = Open())
        {
            var bad = await Assert.ThrowsAsync<ValidationFailedException>(() =>
                Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "ufo", Here.Lon, Here.Lat, null, null), [], Inspector));
            Assert.Equal(["category", "photos"], bad.Problems.Select(p => p.Where).Order());
            var outside = await Assert.ThrowsAsync<ValidationFailedException>(() =>
                Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "dust", 116.4, 39.9, null, null), [Photo(8, (116.4, 39.9))], Inspector));
            Assert.Equal("lon", outside.Problems[0].Where);
            var notMine = await Assert.ThrowsAsync<ValidationFailedException>(() =>
                Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "dust", Here.Lon, Here.Lat, null, null), [Photo(9)], Actor("field2", Roles.FieldTeam, other)));
            Assert.Equal("lon", notMine.Problems[0].Where);
            var leader = await Assert.ThrowsAsync<ValidationFailedException>(() =>
                Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "dust", Here.Lon, Here.Lat, null, null), [Photo(10)], Actor("leader", Roles.Leader)));
            Assert.Equal("role", leader.Problems[0].Where);
        }
        long id;
        await using (var db = Open())
            id = (await Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "dust", Here.Lon, Here.Lat, null, null), [Photo(11)], Inspector)).Case.Id;
        // Two planners both saw version 1: the first accepts, the second (voiding) is refused with the current version.
        await using (var a = Open()) await Service(a).TransitionAsync(id, CaseAction.Accept, new CaseStep(), [], 1, CommandCentre);
        await using (var b = Open())
        {
            var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Service(b).TransitionAsync(id, CaseAction.Void, new CaseStep("重复"), [], 1, Actor("planner2", Roles.Planner)));
            Assert.Equal(2, conflict.CurrentVersion);
            await Assert.ThrowsAsync<CaseNotVisibleException>(() => Service(b).TransitionAsync(id, CaseAction.Dispatch, new CaseStep(TownshipId: nanguan), [], 2, Actor("field2", Roles.FieldTeam, other)));
        }
        await using var check = Open();
        var stored = await check.ProblemCases.SingleAsync(c => c.Id == id);
        Assert.Equal((CaseState.Accepted, 2), (stored.State, stored.Version));
        Assert.Equal(2, await check.CaseEvents.CountAsync(e => e.CaseId == id));
    }

    [Fact]
    public async Task The_list_is_scoped_filtered_and_most_urgent_first()
    {
        await using (var db = Open())
        {
            await Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "manhole", Here.Lon, Here.Lat, null, null), [Photo(12)], Inspector);
            await Service(db).ReportAsync(new CaseSubmission(Guid.NewGuid(), "illegal-parking", ThirtyMetresEast.Lon, ThirtyMetresEast.Lat, null, null), [Photo(13)], Inspector);
        }
        await using var check = Open();
        var service = Service(check);
        Assert.Equal(2, (await service.ListAsync(Inspector)).Count);
        Assert.Equal(2, (await service.ListAsync(Field)).Count);
        Assert.Empty(await service.ListAsync(Actor("field2", Roles.FieldTeam, other)));
        Assert.Single(await service.ListAsync(Inspector, category: "manhole"));
        Assert.Empty(await service.ListAsync(Inspector, state: CaseState.Closed));
        Assert.Empty(await service.ListAsync(Inspector, box: new NetTopologySuite.Geometries.Envelope(113.0, 113.1, 34.0, 34.1)));
        Assert.All(await service.ListAsync(Inspector), v => Assert.NotEqual(TrafficLight.None, v.Light));
    }

    /// <summary>A case in a township closed some days ago, taken round the loop at those times.</summary>
    async Task<long> ClosedAsync(int township, int daysAgo)
    {
        await using var db = Open();
        var at = DateTimeOffset.UtcNow.AddDays(-daysAgo);
        var c = new ProblemCase
        {
            ClientId = Guid.NewGuid(), Category = "manhole", TownshipId = township, ReportedBy = "inspector", ReporterName = "inspector", ReportedAt = at.AddHours(-9),
            Location = Planner.Geometry.Cgcs2000.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(Here.Lon, Here.Lat)),
        };
        c.Open(at.AddHours(-9), at);
        c.Apply(CaseAction.Accept, CommandCentre, at.AddHours(-8), new CaseStep(NextDeadline: at));
        c.Apply(CaseAction.Dispatch, CommandCentre, at.AddHours(-7), new CaseStep(TownshipId: township, NextDeadline: at));
        c.Apply(CaseAction.Handle, Actor("field", Roles.FieldTeam, township), at.AddHours(-6), new CaseStep(Photos: 1, NextDeadline: at));
        c.Apply(CaseAction.Pass, Inspector, at, new CaseStep());
        db.ProblemCases.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    [Fact]
    public async Task A_closed_case_is_due_for_follow_up_after_four_weeks_and_a_recurrence_reports_a_new_case_linked_to_it()
    {
        var due = await ClosedAsync(nanguan, FieldLimits.Default.FollowUpDays + 2);
        var held = await ClosedAsync(nanguan, FieldLimits.Default.FollowUpDays + 10);
        var recent = await ClosedAsync(nanguan, 5);
        var elsewhere = await ClosedAsync(other, FieldLimits.Default.FollowUpDays + 3);
        var local = Actor("inspector2", Roles.Inspector, nanguan);
        await using (var db = Open())
        {
            var (items, total) = await Service(db).FollowUpsDueAsync(Inspector);
            Assert.Equal([due, elsewhere, held], items.Select(c => c.Id)); // the most lately due first
            Assert.Equal(3, total);
            Assert.DoesNotContain(items, c => c.Id == recent);
            Assert.Equal([due, held], (await Service(db).FollowUpsDueAsync(local)).Items.Select(c => c.Id));
            Assert.Single((await Service(db).FollowUpsDueAsync(Inspector, limit: 1)).Items);
            Assert.Empty((await Service(db).FollowUpsDueAsync(Field)).Items);
        }

        // Came back without a photo: refused, nothing written.
        int cases;
        await using (var db = Open())
        {
            cases = await db.ProblemCases.CountAsync();
            var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).TransitionAsync(due, CaseAction.Recur, new CaseStep("井盖又松动"), [], 5, local));
            Assert.Equal("photos", refused.Problems[0].Where);
        }
        await using (var db = Open())
        {
            Assert.Equal(cases, await db.ProblemCases.CountAsync());
            await Service(db).TransitionAsync(due, CaseAction.Recur, new CaseStep("井盖又松动"), [Photo(41)], 5, local);
            await Service(db).TransitionAsync(held, CaseAction.Hold, new CaseStep("整改保持"), [], 5, local);
        }
        await using (var db = Open())
        {
            var original = await db.ProblemCases.AsNoTracking().Include(c => c.Events).SingleAsync(c => c.Id == due);
            var again = await db.ProblemCases.AsNoTracking().Include(c => c.Photos).SingleAsync(c => c.RecurrenceOf == due);
            Assert.Equal(cases + 1, await db.ProblemCases.CountAsync());
            Assert.Equal((CaseState.Closed, 6), (original.State, original.Version));
            Assert.NotNull(original.FollowedUpAt);
            Assert.True(original.ClosedAt < DateTimeOffset.UtcNow.AddDays(-FieldLimits.Default.FollowUpDays), "the closing date stands");
            Assert.Equal("recur", original.Events.OrderBy(e => e.At).Last().Action);
            Assert.Contains($"#{again.Id}", original.Events.OrderBy(e => e.At).Last().Note);
            Assert.Equal((CaseState.Reported, original.Category, original.TownshipId, "井盖又松动", "inspector2"),
                (again.State, again.Category, again.TownshipId, again.Description, again.ReportedBy));
            Assert.Equal(original.Location.Coordinate, again.Location.Coordinate);
            Assert.Equal("report", Assert.Single(again.Photos).Stage);
            Assert.NotNull(again.Deadline);
            var heldCase = await db.ProblemCases.AsNoTracking().SingleAsync(c => c.Id == held);
            Assert.NotNull(heldCase.FollowedUpAt);
            Assert.False(await db.ProblemCases.AnyAsync(c => c.RecurrenceOf == held));
            // Both are off the list; once only.
            Assert.Equal([elsewhere], (await Service(db).FollowUpsDueAsync(Inspector)).Items.Select(c => c.Id));
            await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).TransitionAsync(held, CaseAction.Recur, new CaseStep("x"), [Photo(42)], 6, local));
        }
    }
}

public sealed class SqliteCaseServiceTests(PostgisServer server) : CaseServiceTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisCaseServiceTests(PostgisServer server) : CaseServiceTests(server, DatabaseEngine.Postgres);
