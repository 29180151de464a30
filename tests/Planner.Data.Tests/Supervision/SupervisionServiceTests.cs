using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Photos;
using Planner.Sample;
using Planner.Sites;
using Planner.Supervision;
using Planner.Users;
using Planner.Tests.Field;
using Planner.Validation;

namespace Planner.Tests.Supervision;

/// <summary>督办 stored and moved on both engines: issued on an overdue site only, answered with a photo, stale versions refused, escalated, audited for good.</summary>
public abstract class SupervisionServiceTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    long overdueSite, onTimeSite;
    int township;

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
        var today = DistrictTime.System.Today;
        var sites = await db.Sites.AsNoTracking().Select(s => new { s.Id, s.TownshipId, s.Status, s.PlannedEnd }).ToListAsync();
        var overdue = sites.First(s => OverdueRule.IsOverdue(s.Status, s.PlannedEnd, today));
        (overdueSite, township) = (overdue.Id, overdue.TownshipId);
        onTimeSite = sites.First(s => !OverdueRule.IsOverdue(s.Status, s.PlannedEnd, today)).Id;
    }

    SupervisionService Service(PlannerDbContext db) => new(db) { Time = DistrictTime.System, Limits = FieldLimits.Default };

    static CaseActor Actor(string user, string role, params int[] townships) => new(user, user, new HashSet<string> { role }, SiteScope.For([role], townships));

    [Fact]
    public async Task An_order_is_issued_answered_with_a_photo_and_accepted_and_every_step_stays_on_record()
    {
        var leader = Actor("leader1", Roles.Leader);
        var field = Actor("field1", Roles.FieldTeam, township);
        long id;
        await using (var db = Open())
        {
            var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).IssueAsync(new SupervisionRequest(onTimeSite, null, "某单位", DistrictTime.System.Today.AddDays(3), "加快进度"), leader));
            Assert.Equal("siteId", refused.Problems[0].Where);
            await Assert.ThrowsAsync<SupervisionForbiddenException>(() => Service(db).IssueAsync(new SupervisionRequest(overdueSite, null, "某单位", DistrictTime.System.Today.AddDays(3), "加快进度"), field));
            var order = await Service(db).IssueAsync(new SupervisionRequest(overdueSite, null, "南关街道办事处", DistrictTime.System.Today.AddDays(3), "三日内报送整改计划"), leader);
            Assert.Equal(township, order.TownshipId);
            id = order.Id;
        }
        await using (var db = Open())
        {
            var photo = PhotoReader.Read(TestPhotos.Jpeg(seed: 91), "answer.jpg", "photos[0]", "field1", DistrictTime.System, FieldLimits.Default);
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Service(db).ReplyAsync(id, "已报送", [photo], expectedVersion: 7, field));
            var answered = await Service(db).ReplyAsync(id, "已报送整改计划", [photo], expectedVersion: 1, field);
            Assert.Equal(SupervisionState.Answered, answered.State);
        }
        await using (var db = Open())
        {
            var closed = await Service(db).DecideAsync(id, accept: true, "同意", null, expectedVersion: 2, leader);
            Assert.Equal(SupervisionState.Closed, closed.State);
            var read = (await Service(db).GetAsync(id, leader))!;
            Assert.Equal(["issue", "answer", "accept"], read.Events.Select(e => e.Action));
            Assert.Single(read.Photos);
            Assert.Null(await Service(db).GetAsync(id, Actor("field9", Roles.FieldTeam, township + 1000))); // not another township's
            var error = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("DELETE FROM supervision_events"));
            Assert.Contains("append-only", error!.Message);
        }
    }

    [Fact]
    public async Task An_order_past_its_date_escalates_once_per_date_and_the_list_shows_it_first()
    {
        var leader = Actor("leader1", Roles.Leader);
        long id;
        await using (var db = Open())
            id = (await Service(db).IssueAsync(new SupervisionRequest(overdueSite, null, "南关街道办事处", DistrictTime.System.Today, "今日内答复"), leader)).Id;
        await using (var db = Open())
        {
            // Its date is moved into the past, as if days had gone by.
            await db.SupervisionOrders.Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.Deadline, DateTimeOffset.UtcNow.AddDays(-1)));
            Assert.Equal(1, await Service(db).EscalateAsync());
        }
        await using (var db = Open())
        {
            Assert.Equal(0, await Service(db).EscalateAsync()); // the new date has not passed
            // Two orders closed some time ago, the older one first in the table.
            var today = DistrictTime.System.Today;
            var others = (await db.Sites.AsNoTracking().Where(s => s.Id != overdueSite).Select(s => new { s.Id, s.Status, s.PlannedEnd }).ToListAsync())
                .Where(s => OverdueRule.IsOverdue(s.Status, s.PlannedEnd, today)).Take(2).ToList();
            foreach (var (site, daysAgo) in others.Select(o => o.Id).Zip([20, 5]))
            {
                var closedId = (await Service(db).IssueAsync(new SupervisionRequest(site, null, "某单位", today, "加快进度"), leader)).Id;
                await db.SupervisionOrders.Where(o => o.Id == closedId).ExecuteUpdateAsync(u => u
                    .SetProperty(o => o.State, SupervisionState.Closed).SetProperty(o => o.Deadline, DateTimeOffset.UtcNow.AddDays(-daysAgo)));
            }
            var list = await Service(db).ListAsync(leader);
            Assert.Equal((id, 1), (list[0].Id, list[0].Level));
            // Running orders before closed ones; the closed ones the latest first.
            var firstClosed = list.FindIndex(o => o.State == SupervisionState.Closed);
            Assert.True(firstClosed > 0, "closed orders after the running one");
            Assert.All(list.Take(firstClosed), o => Assert.NotEqual(SupervisionState.Closed, o.State));
            var closed = list.Skip(firstClosed).ToList();
            Assert.All(closed, o => Assert.Equal(SupervisionState.Closed, o.State));
            Assert.True(closed.Count >= 2, $"{closed.Count} closed orders");
            Assert.Equal(closed.Select(o => o.Deadline).OrderDescending(), closed.Select(o => o.Deadline));
        }
    }

    /// <summary>A case in the township, its first step's deadline a day past (a late case), or a day ahead.</summary>
    async Task<long> CaseAsync(bool late)
    {
        await using var db = Open();
        return await TestCases.AddAsync(db, township, DateTimeOffset.UtcNow.AddDays(late ? -1 : 1));
    }

    [Fact]
    public async Task What_awaits_an_order_is_every_late_site_and_case_in_scope_with_none_running()
    {
        var leader = Actor("leader1", Roles.Leader);
        var lateCase = await CaseAsync(late: true);
        var onTimeCase = await CaseAsync(late: false);
        var today = DistrictTime.System.Today;
        List<long> overdue;
        await using (var db = Open())
            overdue = (await db.Sites.AsNoTracking().Where(s => s.DeletedAt == null).Select(s => new { s.Id, s.Status, s.PlannedEnd }).ToListAsync())
                .Where(s => OverdueRule.IsOverdue(s.Status, s.PlannedEnd, today)).Select(s => s.Id).ToList();
        Assert.True(overdue.Count > 2, $"{overdue.Count} overdue sample sites");

        await using (var db = Open())
        {
            var all = await Service(db).CandidatesAsync(leader, limit: 10_000);
            Assert.Equal(overdue.Order(), all.Items.Where(c => c.SiteId is not null).Select(c => c.SiteId!.Value).Order());
            Assert.Equal([lateCase], all.Items.Where(c => c.CaseId is not null).Select(c => c.CaseId!.Value));
            Assert.Equal(all.Items.Count, all.Total);
            // The longest late first; a site's lateness counted from its planned end.
            Assert.Equal(all.Items.Select(c => c.Due).Order(), all.Items.Select(c => c.Due));
            Assert.All(all.Items.Where(c => c.SiteId is not null), c => Assert.Equal(today.DayNumber - c.Due.DayNumber, c.DaysLate));
            Assert.All(all.Items, c => Assert.False(string.IsNullOrEmpty(c.Township)));

            Assert.Equal(all.Items.OrderBy(c => c.Due).ThenBy(c => c.SiteId is null).ThenBy(c => c.SiteId ?? c.CaseId), all.Items); // ties: sites first, by id
            // The database cuts the sites: every limit gives the first of the whole list, and the whole total.
            foreach (var limit in new[] { 1, 3, all.Total - 1, all.Total, all.Total + 5 })
            {
                var first = await Service(db).CandidatesAsync(leader, limit);
                Assert.Equal(all.Items.Take(limit), first.Items);
                Assert.Equal(all.Total, first.Total);
            }

            // Issuers see the whole district; were one held to a township, that township's only. A field team, an inspector: nothing to issue.
            var local = await Service(db).CandidatesAsync(new CaseActor("leader2", "leader2", new HashSet<string> { Roles.Leader }, SiteScope.Townships([township])), limit: 10_000);
            Assert.NotEmpty(local.Items);
            Assert.All(local.Items, c => Assert.Equal(township, c.TownshipId));
            Assert.Equal(all.Items.Count(c => c.TownshipId == township), local.Total);
            Assert.Equal(0, (await Service(db).CandidatesAsync(Actor("field1", Roles.FieldTeam, township))).Total);
            var nowhere = await Service(db).CandidatesAsync(new CaseActor("leader3", "leader3", new HashSet<string> { Roles.Leader }, SiteScope.Townships([])));
            Assert.Equal((0, 0), (nowhere.Items.Count, nowhere.Total)); // an empty selection
            Assert.Equal(0, (await Service(db).CandidatesAsync(Actor("inspector1", Roles.Inspector))).Total);
            Assert.Null(await Service(db).CandidateAsync(leader, null, onTimeCase));
            Assert.Null(await Service(db).CandidateAsync(leader, onTimeSite, null));
            Assert.Equal(overdueSite, (await Service(db).CandidateAsync(leader, overdueSite, null))!.SiteId);
        }

        // An order takes its site and its case off the list while it runs; closed, they are back.
        long siteOrder;
        await using (var db = Open())
        {
            siteOrder = (await Service(db).IssueAsync(new SupervisionRequest(overdueSite, null, "某单位", today.AddDays(3), "加快进度"), leader)).Id;
            await Service(db).IssueAsync(new SupervisionRequest(null, lateCase, "某中队", today.AddDays(1), "当日处置"), leader);
        }
        await using (var db = Open())
        {
            var after = await Service(db).CandidatesAsync(leader, limit: 10_000);
            Assert.DoesNotContain(after.Items, c => c.SiteId == overdueSite || c.CaseId == lateCase);
            Assert.Equal(overdue.Count - 1, after.Total);
            await db.SupervisionOrders.Where(o => o.Id == siteOrder).ExecuteUpdateAsync(u => u.SetProperty(o => o.State, SupervisionState.Closed));
            Assert.Contains((await Service(db).CandidatesAsync(leader, limit: 10_000)).Items, c => c.SiteId == overdueSite);
        }
    }

    [Fact]
    public async Task A_second_running_order_on_a_site_is_refused_with_the_first_and_two_issuers_at_once_get_one()
    {
        var leader = Actor("leader1", Roles.Leader);
        var request = new SupervisionRequest(overdueSite, null, "某单位", DistrictTime.System.Today.AddDays(3), "加快进度");
        long first;
        await using (var db = Open())
            first = (await Service(db).IssueAsync(request, leader)).Id;
        await using (var db = Open())
        {
            var refused = await Assert.ThrowsAsync<SupervisionAlreadyRunningException>(() => Service(db).IssueAsync(request, Actor("planner1", Roles.Planner)));
            Assert.Equal(first, refused.OrderId);
            Assert.Contains($"#{first}", refused.Message);
            Assert.Equal(first, await Service(db).RunningOrderAsync(overdueSite, null));
            // The database holds it too, whatever writes the row.
            var twin = new SupervisionOrder
            {
                SiteId = overdueSite, TownshipId = township, Subject = "twin", Unit = "某单位", Requirement = "x", IssuedBy = "leader1", IssuerName = "leader1",
                IssuedAt = DateTimeOffset.UtcNow, FirstDeadline = DateTimeOffset.UtcNow.AddDays(1),
            };
            twin.Issue();
            db.SupervisionOrders.Add(twin);
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = Open())
        {
            Assert.Equal(1, await db.SupervisionOrders.CountAsync(o => o.SiteId == overdueSite));
            await db.SupervisionOrders.Where(o => o.Id == first).ExecuteUpdateAsync(u => u.SetProperty(o => o.State, SupervisionState.Closed));
        }

        // Closed, the site may have a new order; two issuers at once get one order between them.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var db = Open();
            try
            {
                return (await Service(db).IssueAsync(request, leader)).Id;
            }
            catch (SupervisionAlreadyRunningException e)
            {
                return -e.OrderId;
            }
        }));
        var won = Assert.Single(attempts, a => a > 0);
        Assert.Equal(-won, Assert.Single(attempts, a => a < 0));
        await using (var db = Open())
            Assert.Equal(won, await Service(db).RunningOrderAsync(overdueSite, null));
    }

    [Fact]
    public async Task A_database_with_two_running_orders_on_a_site_from_before_the_rule_still_upgrades_and_gets_no_third()
    {
        SupervisionOrder Raw(string subject)
        {
            var order = new SupervisionOrder
            {
                SiteId = overdueSite, TownshipId = township, Subject = subject, Unit = "某单位", Requirement = "x", IssuedBy = "leader1", IssuerName = "leader1",
                IssuedAt = DateTimeOffset.UtcNow, FirstDeadline = DateTimeOffset.UtcNow.AddDays(1),
            };
            order.Issue();
            return order;
        }
        await using (var db = Open())
        {
            // As the database was before migration 0018: no rule, and two orders running on one site.
            await db.Database.ExecuteSqlRawAsync(Engine == DatabaseEngine.Postgres
                ? "DROP TRIGGER supervision_orders_one_running ON supervision_orders; DROP TRIGGER supervision_orders_one_running_reopened ON supervision_orders; DROP FUNCTION planner_one_running_order();"
                : "DROP TRIGGER supervision_orders_one_running; DROP TRIGGER supervision_orders_one_running_reopened;");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM schema_migrations WHERE version = 18");
            db.SupervisionOrders.AddRange(Raw("first"), Raw("second"));
            await db.SaveChangesAsync();
        }
        await using (var db = Open())
        {
            Assert.Equal(["0018_supervision_running_once"], (await MigrationRunner.MigrateAsync(db)).Select(m => m.Name));
            Assert.Equal(2, await db.SupervisionOrders.CountAsync(o => o.SiteId == overdueSite && o.State != SupervisionState.Closed));
            db.SupervisionOrders.Add(Raw("third"));
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = Open())
            await Assert.ThrowsAsync<SupervisionAlreadyRunningException>(() => Service(db).IssueAsync(
                new SupervisionRequest(overdueSite, null, "某单位", DistrictTime.System.Today.AddDays(3), "加快进度"), Actor("leader1", Roles.Leader)));
    }

    [Fact]
    public async Task Several_orders_are_issued_at_once_each_to_its_unit_or_none_with_each_refusal_named()
    {
        var leader = Actor("leader1", Roles.Leader);
        var deadline = DistrictTime.System.Today.AddDays(5);
        List<SupervisionCandidate> candidates;
        await using (var db = Open())
            candidates = [.. (await Service(db).CandidatesAsync(leader, limit: 10_000)).Items.Where(c => c.SiteId is not null)];
        Assert.True(candidates.Count >= 5, $"{candidates.Count} candidates");
        var orders = await CountAsync();

        // None is issued when one cannot be: not late, no unit; each named by its place.
        await using (var db = Open())
        {
            var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).IssueManyAsync(
                [new(candidates[0].SiteId, null), new(onTimeSite, null)], deadline, "加快进度", leader));
            Assert.Equal(["items[1]"], refused.Problems.Select(p => p.Where));
            await db.Sites.Where(s => s.Id == candidates[1].SiteId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ResponsibleUnit, (string?)null));
            var noUnit = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).IssueManyAsync(
                [new(candidates[0].SiteId, null), new(candidates[1].SiteId, null)], deadline, "加快进度", leader));
            Assert.Equal("items[1]", Assert.Single(noUnit.Problems).Where);
            Assert.Contains(candidates[1].Subject, noUnit.Problems[0].What);
            var tooMany = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).IssueManyAsync(
                [.. Enumerable.Range(1, SupervisionService.MaxBatch + 1).Select(i => new SupervisionTarget(i, null))], deadline, "加快进度", leader));
            Assert.Contains(tooMany.Problems, p => p.Where == "items" && p.What.Contains($"{SupervisionService.MaxBatch}"));
            var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).IssueManyAsync([], null, " ", leader));
            Assert.Equal(["items", "note", "deadline"], empty.Problems.Select(p => p.Where));
            await Assert.ThrowsAsync<SupervisionForbiddenException>(() => Service(db).IssueManyAsync([new(candidates[0].SiteId, null)], deadline, "x", Actor("field1", Roles.FieldTeam, township)));
        }
        Assert.Equal(orders, await CountAsync());

        // Three at once (one named twice counts once), each to its own unit, all with the one date and requirement.
        var picked = new[] { candidates[0], candidates[2], candidates[3] };
        await using (var db = Open())
        {
            var issued = await Service(db).IssueManyAsync([.. picked.Select(c => new SupervisionTarget(c.SiteId, null)), new(picked[0].SiteId, null)], deadline, "五日内报送整改计划", leader);
            Assert.Equal(picked.Select(c => (c.SiteId, c.Unit!, c.Subject)), issued.Select(o => (o.SiteId, o.Unit, o.Subject)));
            Assert.All(issued, o => Assert.Equal(("五日内报送整改计划", DistrictTime.System.DateOf(o.Deadline)), (o.Requirement, deadline)));
        }
        Assert.Equal(orders + 3, await CountAsync());
        await using (var db = Open())
        {
            var left = await Service(db).CandidatesAsync(leader, limit: 10_000);
            Assert.DoesNotContain(left.Items, c => picked.Any(p => p.SiteId == c.SiteId));
            // A second batch naming one of them is refused whole.
            var again = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).IssueManyAsync([new(candidates[4].SiteId, null), new(picked[1].SiteId, null)], deadline, "x", leader));
            Assert.Equal("items[1]", Assert.Single(again.Problems).Where);
        }
        Assert.Equal(orders + 3, await CountAsync());
    }

    async Task<int> CountAsync()
    {
        await using var db = Open();
        return await db.SupervisionOrders.CountAsync();
    }
}

public sealed class SqliteSupervisionServiceTests(PostgisServer server) : SupervisionServiceTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisSupervisionServiceTests(PostgisServer server) : SupervisionServiceTests(server, DatabaseEngine.Postgres);
