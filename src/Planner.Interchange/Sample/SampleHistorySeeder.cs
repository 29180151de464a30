using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Planner.Assessment;
using Planner.Data;
using Planner.Field;
using Planner.Geometry;
using Planner.Sites;
using Planner.Supervision;
using Planner.Users;

namespace Planner.Sample;

/// <summary>
/// A year of the sample district's field work, so that the dashboard, the ranking and the bulletin show something on
/// first run: problem cases through the whole loop (some late, some sent back for rework, some voided) and 督办 on
/// overdue sites (answered in time, late, or escalated), over the twelve months before the current one and this month
/// up to now; then those twelve months frozen as the assessment would have published them. Deterministic: one seed,
/// townships and sites in code order, times from the month it is seeded in — the same sample seeded in the same month
/// gives the same history. What would happen after now has not happened: this month's last cases are still open, in
/// the work lists, as on a real day.
/// </summary>
public static class SampleHistorySeeder
{
    public sealed record Result(bool Seeded, int Cases, int Supervisions, int FrozenMonths);

    public static async Task<Result> SeedAsync(PlannerDbContext db, DistrictTime time, AssessmentFormula formula, FieldLimits limits, CancellationToken cancellationToken = default)
    {
        if (await db.ProblemCases.AnyAsync(cancellationToken) || await db.SupervisionOrders.AnyAsync(cancellationToken)) return new Result(false, 0, 0, 0);
        var townships = await db.Townships.AsNoTracking().OrderBy(t => t.Code).ToListAsync(cancellationToken);
        if (townships.Count == 0) return new Result(false, 0, 0, 0);
        var sites = await db.Sites.AsNoTracking().Where(s => s.DeletedAt == null).OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Code, s.Name, s.TownshipId, s.ResponsibleUnit, s.PlannedEnd, s.Status }).ToListAsync(cancellationToken);
        var rng = new Random(20261101);
        // 回访 of the cases closed long enough ago, most of them held; drawn apart so the cases themselves stay as they were.
        var followUps = new Random(20261203);
        var categories = limits.CaseCategories;
        var planner = Actor("sample-planner", "指挥中心（示例）", Roles.Planner);
        var inspector = Actor("sample-inspector", "城管监督员（示例）", Roles.Inspector);
        var leader = Actor("sample-leader", "区领导（示例）", Roles.Leader);
        var cases = new List<ProblemCase>();
        var orders = new List<SupervisionOrder>();
        var now = time.Now;
        var current = new DateOnly(time.Today.Year, time.Today.Month, 1);
        var first = current.AddMonths(-12);
        for (var month = first; month <= current; month = month.AddMonths(1))
        {
            var days = month.AddMonths(1).DayNumber - month.DayNumber;
            foreach (var township in townships)
            {
                var field = Actor($"sample-field-{township.Code}", $"{township.Name}巡查员（示例）", Roles.FieldTeam, township.Id);
                // A township's share of problems and how well it handles them differ, so that the ranking has something to rank.
                var diligence = 0.55 + 0.4 * (township.Code.Aggregate(17, (h, ch) => unchecked(h * 31 + ch)) & 0x7fffffff) % 100 / 100.0; // string.GetHashCode differs per process
                var count = rng.Next(2, 7);
                for (var i = 0; i < count; i++)
                {
                    var category = categories[rng.Next(categories.Count)];
                    var reported = time.FromDistrictLocal(month.AddDays(rng.Next(days - 3)).ToDateTime(new TimeOnly(rng.Next(8, 17), rng.Next(60)))).ToUniversalTime();
                    var location = PointIn(township.Boundary, rng);
                    var plan = Plan(rng, category, diligence);
                    if (reported >= now) continue; // not yet reported (the draws above keep the sequence the same)
                    var c = new ProblemCase
                    {
                        ClientId = Guid(rng), Category = category.Code, Location = location, TownshipId = township.Id,
                        Description = $"{category.Name}（示例）", ReportedBy = inspector.UserName, ReporterName = inspector.DisplayName, ReportedAt = reported,
                    };
                    c.Open(reported, reported.AddHours(category.AcceptHours));
                    cases.Add(c);
                    var at = reported;
                    foreach (var step in plan)
                    {
                        at += step.After;
                        if (at >= now) break; // what would come later has not happened yet
                        var actor = step.Action switch { CaseAction.Handle => field, CaseAction.Pass or CaseAction.Fail => inspector, _ => planner };
                        var dispatch = step.Action == CaseAction.Dispatch;
                        c.Apply(step.Action, actor, at, new CaseStep(step.Note, dispatch ? township.Id : null, dispatch ? $"{township.Name}城管中队" : null, at + step.Next, step.Photos));
                    }
                    if (c.State == CaseState.Closed && c.ClosedAt is { } closed && followUps.NextDouble() < 0.9
                        && closed.AddDays(limits.FollowUpDays + 7 * followUps.NextDouble()) is var followedUp && followedUp < now)
                        c.Apply(CaseAction.Hold, inspector, followedUp, new CaseStep("整改保持（示例）"));
                }

                // Now and then a 督办 on one of the township's sites, answered by its date or not.
                var candidates = sites.Where(s => s.TownshipId == township.Id).ToList();
                if (candidates.Count == 0 || rng.NextDouble() > 0.35) continue;
                var site = candidates[rng.Next(candidates.Count)];
                var issued = time.FromDistrictLocal(month.AddDays(rng.Next(days - 8)).ToDateTime(new TimeOnly(10, 0))).ToUniversalTime();
                var roll = rng.NextDouble();
                var answered = issued.AddDays(roll <= diligence ? 1 + 3 * rng.NextDouble() : 6 + 2 * rng.NextDouble());
                if (answered.AddDays(1) >= now) continue; // this month's orders are left to the users
                var order = new SupervisionOrder
                {
                    SiteId = site.Id, TownshipId = township.Id, Subject = SupervisionOrder.SiteSubject(site.Code, site.Name), Unit = site.ResponsibleUnit ?? $"{township.Name}办事处",
                    Requirement = "加快推进，按期报送整改情况（示例）", IssuedBy = leader.UserName, IssuerName = leader.DisplayName, IssuedAt = issued, FirstDeadline = issued.AddDays(5),
                };
                order.Issue();
                if (roll > diligence) order.Escalate(issued.AddDays(5.5), limits.Levels.Count, TimeSpan.FromDays(limits.SupervisionEscalationDays));
                order.Reply(field, "已按要求整改并报送（示例）", answered);
                order.Decide(leader, true, "同意办结", null, answered.AddDays(1));
                orders.Add(order);
            }
        }
        db.ProblemCases.AddRange(cases);
        db.SupervisionOrders.AddRange(orders);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        // The months as they would have been published, so the 红黑榜 has a past (movement, streaks).
        var assessment = new AssessmentService(db) { Time = time, Formula = formula };
        var frozen = 0;
        for (var month = first; month < current; month = month.AddMonths(1))
        {
            if ((await assessment.FreezeAsync(month, "sample", cancellationToken)).Created) frozen++;
        }
        return new Result(true, cases.Count, orders.Count, frozen);
    }

    /// <summary>A step of a sample case: how long after the one before, its note, the time the next step is given, its photos.</summary>
    sealed record PlannedStep(CaseAction Action, TimeSpan After, string? Note, TimeSpan? Next, int Photos = 0);

    /// <summary>
    /// A case's steps after its report: accepted, dispatched, handled (late when the township is slow), perhaps sent
    /// back once and handled again, verified; or voided as a duplicate.
    /// </summary>
    static List<PlannedStep> Plan(Random rng, CaseCategory category, double diligence)
    {
        static TimeSpan H(double hours) => TimeSpan.FromHours(hours);
        if (rng.NextDouble() < 0.05) return [new(CaseAction.Void, H(1), "重复上报", null)];
        var handleDays = Math.Max(1, category.HandleDays);
        var steps = new List<PlannedStep>
        {
            new(CaseAction.Accept, H(1), null, H(category.DispatchHours)),
            new(CaseAction.Dispatch, H(0.5), null, H(24 * handleDays)),
        };
        var rounds = rng.NextDouble() < 0.15 * (1.5 - diligence) ? 2 : 1;
        for (var round = 0; round < rounds; round++)
        {
            var handling = H(24 * handleDays * (rng.NextDouble() < diligence ? 0.3 + 0.6 * rng.NextDouble() : 1.1 + rng.NextDouble()));
            steps.Add(new(CaseAction.Handle, handling, "已处置", H(category.VerifyHours), Photos: 1));
            var verifying = H(rng.Next(2, Math.Max(3, (int)category.VerifyHours)));
            steps.Add(round < rounds - 1 ? new(CaseAction.Fail, verifying, "现场仍未整改", H(24 * handleDays)) : new(CaseAction.Pass, verifying, "核查通过", null));
        }
        return steps;
    }

    static CaseActor Actor(string user, string name, string role, params int[] townships) =>
        new(user, name, new HashSet<string> { role }, SiteScope.For([role], townships));

    static Guid Guid(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>A point inside the township (drawn in its box until one falls inside; its interior point if none does).</summary>
    static Point PointIn(MultiPolygon boundary, Random rng)
    {
        var box = boundary.EnvelopeInternal;
        for (var i = 0; i < 50; i++)
        {
            var p = Cgcs2000.Factory.CreatePoint(new Coordinate(Math.Round(box.MinX + rng.NextDouble() * box.Width, 7), Math.Round(box.MinY + rng.NextDouble() * box.Height, 7)));
            if (boundary.Contains(p)) return p;
        }
        var inside = boundary.InteriorPoint;
        return Cgcs2000.Factory.CreatePoint(new Coordinate(inside.X, inside.Y));
    }
}
