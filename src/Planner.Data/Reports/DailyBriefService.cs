using Microsoft.EntityFrameworkCore;
using Planner.Dashboard;
using Planner.Data;
using Planner.Field;
using Planner.Sites;
using Planner.Supervision;
using Planner.Users;

namespace Planner.Reports;

/// <summary>
/// Gathers the daily meeting's brief (<see cref="DailyBrief"/>) for a user's townships, as of now: the dashboard's figures
/// for yesterday, the overdue rule on the sites, the cases' traffic lights, the running 督办 and the review queue.
/// </summary>
public sealed class DailyBriefService(PlannerDbContext db, DashboardService dashboard, CaseService cases, ProgressReportService reports)
{
    public required DistrictTime Time { get; init; }
    public required FieldLimits Limits { get; init; }

    /// <summary>The days back a site that fell overdue is news (a Monday meeting still sees Saturday's).</summary>
    public const int NewlyOverdueDays = 7;

    /// <summary>The days ahead (today included) a site coming due is on the agenda.</summary>
    public const int DueSoonDays = 7;

    public async Task<DailyBrief> LoadAsync(CaseActor actor, CancellationToken cancellationToken = default)
    {
        var today = Time.Today;
        var now = Time.Now;
        var scope = actor.Scope;
        var yesterday = today.AddDays(-1);
        var figures = await dashboard.LoadAsync(new SiteFilter(), scope, yesterday, yesterday, cancellationToken);

        // Every site whose planned end lies in the window, finished or not: the rule decides which are overdue.
        var from = today.AddDays(-NewlyOverdueDays);
        var until = today.AddDays(DueSoonDays);
        var window = (await db.SelectSites(new SiteFilter(), scope, today)
                .Where(s => s.PlannedEnd >= from && s.PlannedEnd < until)
                .OrderBy(s => s.PlannedEnd).ThenBy(s => s.Code)
                .Select(s => new { s.Id, s.Code, s.Name, s.TownshipId, Township = s.Township!.Name, s.ResponsibleUnit, s.Status, s.Progress, s.PlannedEnd })
                .ToListAsync(cancellationToken))
            .Select(s => new BriefSite(s.Id, s.Code, s.Name, s.TownshipId, s.Township, s.ResponsibleUnit, s.Status, s.Progress, s.PlannedEnd!.Value)).ToList();
        var newlyOverdue = window.Where(s => OverdueRule.IsOverdue(s.Status, s.PlannedEnd, today)).ToList();
        // Coming due: not finished, and overdue by the rule once its planned end has passed.
        var dueSoon = window.Where(s => s.PlannedEnd >= today && OverdueRule.IsOverdue(s.Status, s.PlannedEnd, s.PlannedEnd.AddDays(1))).ToList();

        var townships = figures.Townships.ToDictionary(t => t.TownshipId, t => t.Name);
        var open = (await cases.ListAsync(actor, openOnly: true, cancellationToken: cancellationToken))
            .Where(c => c.Deadline is not null && c.Light is TrafficLight.Red or TrafficLight.Yellow)
            .Select(c =>
            {
                var township = c.DispatchedTownshipId ?? c.TownshipId;
                return new BriefCase(c.Id, c.CategoryName, township, townships.GetValueOrDefault(township, ""), c.DispatchedUnit, c.State, c.Deadline!.Value, c.Light);
            })
            .OrderBy(c => c.Deadline).ToList();

        var endOfToday = Time.FromDistrictLocal(today.AddDays(1).ToDateTime(TimeOnly.MinValue)).ToUniversalTime();
        // An order's deadline is an instant, which SQLite does not compare in SQL: the running ones, then those due.
        var orders = (await db.SupervisionOrders.AsNoTracking().Within(scope).Where(o => o.State != SupervisionState.Closed).Select(o => new { o.Id, o.Subject, o.TownshipId, o.Unit, o.Level, o.State, o.Deadline }).ToListAsync(cancellationToken))
            .Where(o => o.State == SupervisionState.Answered || o.Deadline < endOfToday)
            .OrderByDescending(o => o.Level).ThenBy(o => o.Deadline)
            .Select(o => new BriefOrder(o.Id, o.Subject, o.TownshipId, o.Unit, Limits.LevelName(o.Level), o.State, o.Deadline,
                o.State == SupervisionState.Open && o.Deadline < now))
            .ToList();

        var toReview = await reports.PendingCountAsync(scope, cancellationToken);
        var table = figures.Townships.Select(t => new BriefTownship(t.TownshipId, t.Name, t.Overdue, newlyOverdue.Count(s => s.TownshipId == t.TownshipId),
                dueSoon.Count(s => s.TownshipId == t.TownshipId), open.Count(c => c.TownshipId == t.TownshipId && c.Light == TrafficLight.Red),
                open.Count(c => c.TownshipId == t.TownshipId && c.Light == TrafficLight.Yellow), orders.Count(o => o.TownshipId == t.TownshipId)))
            .ToList();
        return new DailyBrief(today, figures.Now, figures.WeekBefore, newlyOverdue, dueSoon, [.. open.Where(c => c.Light == TrafficLight.Red)],
            [.. open.Where(c => c.Light == TrafficLight.Yellow)], orders, toReview, table);
    }
}
