using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Planner.Assessment;
using Planner.Dashboard;
using Planner.Data;
using Planner.Field;
using Planner.Localization;
using Planner.Sites;
using Planner.Users;
using Planner.Validation;

namespace Planner.Reports;

/// <summary>Gathers a week's bulletin (<see cref="WeeklyBulletinData"/>) from the dashboard, the assessment and the overdue lists.</summary>
public sealed class WeeklyBulletinSource(PlannerDbContext db, DashboardService dashboard, AssessmentService assessment)
{
    public required DistrictTime Time { get; init; }
    public required FieldLimits Limits { get; init; }

    /// <summary>"2026-W48" → its year and week; a problem naming the field otherwise (or for a week not yet begun).</summary>
    public (int Year, int Week) ParseWeek(string? text, string field = "week")
    {
        if (text is { Length: 8 } && text[4] == '-' && text[5] is 'W' or 'w'
            && int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && int.TryParse(text[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            && year is >= 2000 and <= 2100 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
        {
            if (DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)) > Time.Today)
                throw new ValidationFailedException(field, L10n.T($"{text} 尚未开始", $"{text} has not begun"));
            return (year, week);
        }
        throw new ValidationFailedException(field, L10n.T($"周必须写成 YYYY-Www（如 2026-W48），收到“{text}”", $"the week must be YYYY-Www (e.g. 2026-W48), got \"{text}\""));
    }

    /// <summary>The last whole week (Monday to Sunday) before today.</summary>
    public (int Year, int Week) LastWeek()
    {
        var day = Time.Today.AddDays(-7).ToDateTime(TimeOnly.MinValue);
        return (ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day));
    }

    public async Task<WeeklyBulletinData> LoadAsync(int year, int week, CancellationToken cancellationToken = default)
    {
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        var sunday = monday.AddDays(6);
        var end = sunday < Time.Today ? sunday : Time.Today;
        var figures = await dashboard.LoadAsync(new SiteFilter(), SiteScope.District, monday, end, cancellationToken);
        var month = await assessment.GetAsync(new DateOnly(end.Year, end.Month, 1), cancellationToken);

        var overdue = await db.SelectSites(new SiteFilter { OverdueOnly = true }, SiteScope.District, end)
            .OrderBy(s => s.PlannedEnd).ThenBy(s => s.Code)
            .Select(s => new { s.Name, Township = s.Township!.Name, s.ResponsibleUnit, s.PlannedEnd })
            .ToListAsync(cancellationToken);
        var byUnit = overdue.GroupBy(s => string.IsNullOrWhiteSpace(s.ResponsibleUnit) ? L10n.T("未明确责任单位", "no responsible unit") : s.ResponsibleUnit!.Trim())
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new OverdueUnit(g.Key, g.Select(s => (s.Name, s.Township, s.PlannedEnd!.Value)).ToList())).ToList();

        var cutoff = Time.FromDistrictLocal(end.AddDays(1).ToDateTime(TimeOnly.MinValue)).ToUniversalTime(); // UTC: PostgreSQL takes no other offset
        var townships = await db.Townships.AsNoTracking().Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken); // not their boundaries
        var names = Limits.CaseCategories.ToDictionary(c => c.Code, c => c.Name);
        var open = await db.ProblemCases.AsNoTracking()
            .Where(c => c.State == CaseState.Dispatched && c.Deadline != null)
            .Select(c => new { c.Id, c.Category, c.TownshipId, c.DispatchedTownshipId, c.DispatchedUnit, c.Deadline })
            .ToListAsync(cancellationToken);
        var late = open.Where(c => c.Deadline < cutoff).OrderBy(c => c.Deadline)
            .Select(c => new LateCase(c.Id, names.GetValueOrDefault(c.Category, c.Category), townships.GetValueOrDefault(c.DispatchedTownshipId ?? c.TownshipId, ""), c.DispatchedUnit, c.Deadline!.Value))
            .ToList();
        var orders = (await db.SupervisionOrders.AsNoTracking().Where(o => o.State != Planner.Supervision.SupervisionState.Closed && o.IssuedAt < cutoff)
                .Select(o => new { o.Id, o.Subject, o.Unit, o.Level, o.Deadline, o.State }).ToListAsync(cancellationToken))
            .OrderByDescending(o => o.Level).ThenBy(o => o.Deadline)
            .Select(o => new OpenSupervision(o.Id, o.Subject, o.Unit, Limits.LevelName(o.Level), o.Deadline,
                o.State == Planner.Supervision.SupervisionState.Answered, o.State == Planner.Supervision.SupervisionState.Open && o.Deadline < cutoff))
            .ToList();
        // The week's instants, as the district counts its days; compared in memory (SQLite stores instants as binary).
        var start = Time.FromDistrictLocal(monday.ToDateTime(TimeOnly.MinValue)).ToUniversalTime();
        bool InWeek(DateTimeOffset? at) => at >= start && at < cutoff;
        string[] followUps = [CaseAction.Hold.Code(), CaseAction.Recur.Code()];
        var followed = (await db.CaseEvents.AsNoTracking().Where(e => followUps.Contains(e.Action)).Select(e => new { e.Action, e.At }).ToListAsync(cancellationToken))
            .Where(e => InWeek(e.At)).ToList();
        var steps = (await db.SupervisionOrders.AsNoTracking().Select(o => new { o.IssuedAt, o.AnsweredAt, o.ClosedAt }).ToListAsync(cancellationToken));
        var activity = new WeekActivity(followed.Count, followed.Count(e => e.Action == CaseAction.Recur.Code()),
            steps.Count(o => InWeek(o.IssuedAt)), steps.Count(o => InWeek(o.AnsweredAt)), steps.Count(o => InWeek(o.ClosedAt)));
        return new WeeklyBulletinData(year, week, monday, sunday, figures.Now, figures.WeekBefore, figures.Townships, month, byUnit, late, orders, activity);
    }
}
