using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Sites;
using Planner.Users;

namespace Planner.Dashboard;

/// <summary>
/// The leader's dashboard: the map's selection of sites (same filters, same scope) and the cases of the scope's
/// townships, counted for a period and the same period a week and a month before. A site counts as finished on a day
/// when it is completed or accepted with an actual end by then, and overdue when its planned end has passed unfinished:
/// dates the sites carry, so earlier days are counted the same way as today without a history table.
/// </summary>
public sealed class DashboardService(PlannerDbContext db)
{
    public required DistrictTime Time { get; init; }
    public required FieldLimits Limits { get; init; }

    sealed record SiteRow(long Id, int TownshipId, string Programme, SiteStatus Status, DateOnly? PlannedEnd, DateOnly? ActualEnd, decimal? Budget);

    sealed record CaseRow(long Id, int TownshipId, string Category, DateTimeOffset ReportedAt, DateTimeOffset? ClosedAt, CaseState State, int LateSteps, IReadOnlyList<DateTimeOffset> Fails);

    public async Task<DashboardResult> LoadAsync(SiteFilter filter, SiteScope scope, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var today = Time.Today;
        var sites = await db.SelectSites(filter, scope, today)
            .Select(s => new SiteRow(s.Id, s.TownshipId, EF.Property<string>(s, "programme"), s.Status, s.PlannedEnd, s.ActualEnd, s.Budget))
            .ToListAsync(cancellationToken);
        var townshipIds = filter.TownshipIds;
        // The townships whose cases and 督办 count: the user's, narrowed by the filter (null: the whole district).
        var counted = (scope.WholeDistrict, townshipIds.Count) switch
        {
            (true, 0) => null,
            (true, _) => townshipIds.ToList(),
            (false, 0) => scope.TownshipIds.ToList(),
            _ => scope.TownshipIds.Intersect(townshipIds).ToList(),
        };
        var caseQuery = db.ProblemCases.AsNoTracking().Where(c => c.State != CaseState.Voided);
        if (counted is not null) caseQuery = caseQuery.Where(c => counted.Contains(c.TownshipId));
        var cases = (await caseQuery
                .Select(c => new { c.Id, c.TownshipId, c.Category, c.ReportedAt, c.ClosedAt, c.State, c.LateSteps, Fails = c.Events.Where(e => e.Action == "fail").Select(e => e.At).ToList() })
                .ToListAsync(cancellationToken))
            .Select(c => new CaseRow(c.Id, c.TownshipId, c.Category, c.ReportedAt, c.ClosedAt, c.State, c.LateSteps, c.Fails)).ToList();
        var orderQuery = db.SupervisionOrders.AsNoTracking();
        if (counted is not null) orderQuery = orderQuery.Where(o => counted.Contains(o.TownshipId));
        var orders = await orderQuery.Select(o => new OrderRow(o.IssuedAt, o.ClosedAt)).ToListAsync(cancellationToken);

        var days = to.DayNumber - from.DayNumber;
        var now = Figures(sites, cases, orders, from, to);
        var week = Figures(sites, cases, orders, from.AddDays(-7), to.AddDays(-7));
        var month = Figures(sites, cases, orders, from.AddMonths(-1), from.AddMonths(-1).AddDays(days));

        var firstMonth = new DateOnly(to.Year, to.Month, 1).AddMonths(-11);
        var trend = Enumerable.Range(0, 12).Select(i =>
        {
            var start = firstMonth.AddMonths(i);
            var end = start.AddMonths(1).AddDays(-1);
            var asOf = end < today ? end : today;
            return new MonthPoint(start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), Percent(sites.Count(s => FinishedBy(s, asOf)), sites.Count),
                sites.Count(s => FinishedBy(s, asOf) && s.ActualEnd >= start));
        }).ToList();

        var townships = await scope.Apply(db.Townships.AsNoTracking()).OrderBy(t => t.Code).Select(t => new { t.Id, t.Code, t.Name }).ToListAsync(cancellationToken);
        var sitesOf = sites.ToLookup(s => s.TownshipId);
        var bars = townships
            .Where(t => townshipIds.Count == 0 || townshipIds.Contains(t.Id))
            .Select(t =>
            {
                var mine = sitesOf[t.Id].ToList();
                return new TownshipBar(t.Id, t.Code, t.Name, mine.Count, mine.Count(s => FinishedBy(s, today)), mine.Count(s => OverdueOn(s, today)),
                    mine.Count(s => s.Status == SiteStatus.Construction));
            }).ToList();
        var matrix = sites.GroupBy(s => (s.Programme, s.Status)).OrderBy(g => g.Key.Programme, StringComparer.Ordinal).ThenBy(g => g.Key.Status)
            .Select(g => new ProgrammeStatusCell(g.Key.Programme, g.Key.Status.Code(), g.Count())).ToList();
        var names = Limits.CaseCategories.ToDictionary(c => c.Code, c => c.Name);
        var categories = cases.Where(c => In(c.ReportedAt, from, to)).GroupBy(c => c.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CategoryCount(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Count(), g.Count(c => c.State == CaseState.Closed))).ToList();
        return new DashboardResult(now, week, month, trend, bars, matrix, categories);
    }

    sealed record OrderRow(DateTimeOffset IssuedAt, DateTimeOffset? ClosedAt);

    DashboardFigures Figures(IReadOnlyList<SiteRow> sites, IReadOnlyList<CaseRow> cases, IReadOnlyList<OrderRow> orders, DateOnly from, DateOnly to)
    {
        var finished = sites.Where(s => FinishedBy(s, to)).ToList();
        var closed = cases.Where(c => c.ClosedAt is { } at && In(at, from, to)).ToList();
        return new DashboardFigures(from, to, sites.Count, finished.Count, Percent(finished.Count, sites.Count), sites.Count(s => OverdueOn(s, to)),
            to >= Time.Today ? sites.Count(s => s.Status == SiteStatus.Construction) : 0,
            sites.Sum(s => s.Budget ?? 0), finished.Sum(s => s.Budget ?? 0),
            cases.Count(c => In(c.ReportedAt, from, to)), closed.Count, closed.Count(c => c.LateSteps == 0), cases.Sum(c => c.Fails.Count(f => In(f, from, to))),
            orders.Count(o => Time.DateOf(o.IssuedAt) <= to && (o.ClosedAt is not { } c || Time.DateOf(c) > to)));
    }

    bool FinishedBy(SiteRow s, DateOnly day) => OverdueRule.WasFinished(s.Status, s.ActualEnd, day, Time.Today);

    bool OverdueOn(SiteRow s, DateOnly day) => OverdueRule.WasOverdue(s.Status, s.PlannedEnd, s.ActualEnd, day, Time.Today);

    bool In(DateTimeOffset at, DateOnly from, DateOnly to)
    {
        var day = Time.DateOf(at);
        return day >= from && day <= to;
    }

    static double Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1);
}
