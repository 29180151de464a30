using Planner.Sites;

namespace Planner.Assessment;

/// <summary>
/// Counts a month's components per township from sites and cases, as of a day (the month's last day, or today while
/// the month runs). Sites are counted on the year to date (a township's completions add up over the year); cases on
/// those dispatched to the township in the month. The site rules read the sites as they are: a month is frozen at its
/// end (<c>planner assess</c>) so that later edits do not change it.
/// </summary>
public static class MonthCounts
{
    public static IReadOnlyList<TownshipInputs> Count(DateOnly monthStart, DateOnly asOf, IReadOnlyList<(int Id, string Code, string Name)> townships,
        IReadOnlyList<SiteFact> sites, IReadOnlyList<CaseFact> cases, AssessmentFormula formula, IReadOnlyList<SupervisionFact>? supervisions = null)
    {
        var ordersOf = (supervisions ?? []).ToLookup(o => o.TownshipId);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var yearStart = new DateOnly(monthStart.Year, 1, 1);
        var sitesOf = sites.ToLookup(s => s.TownshipId);
        var casesOf = cases.Where(c => c.DispatchedTownshipId is not null).ToLookup(c => c.DispatchedTownshipId!.Value);
        return townships.Select((t, order) =>
        {
            var mine = sitesOf[t.Id].ToList();
            var due = mine.Where(s => s.PlannedEnd is { } end && end >= yearStart && end <= asOf).ToList();
            var running = mine.Where(s => s.PlannedStart is { } start && s.PlannedEnd is { } end && start <= asOf && asOf < end && s.Status != SiteStatus.Suspended).ToList();
            var dispatched = casesOf[t.Id].Where(c => FirstOn(c, "dispatch") is { } on && on >= monthStart && on <= monthEnd && on <= asOf).ToList();
            var handledInMonth = casesOf[t.Id].Where(c => c.Steps.Any(s => s.Action == "handle" && s.On >= monthStart && s.On <= asOf)).ToList();
            return new TownshipInputs(t.Id, t.Code, t.Name, order,
            [
                new(ScoreComponent.OnTimeCompletion, due.Select(s => Item(s, Finished(s) && s.ActualEnd is { } done && done <= s.PlannedEnd)).ToList()),
                new(ScoreComponent.OnPlan, running.Select(s => Item(s, Finished(s) || s.Progress >= Expected(s, asOf) - formula.OnPlanTolerancePoints)).ToList()),
                new(ScoreComponent.NotOverdue, due.Select(s => Item(s, Finished(s))).ToList()),
                new(ScoreComponent.Handled, dispatched.Select(c => Item(c, FirstOn(c, "handle") is { } h && h <= asOf)).ToList()),
                new(ScoreComponent.HandledOnTime, dispatched.Select(c => Item(c, c.Steps.FirstOrDefault(s => s.Action == "handle") is { Late: false } h && h.On <= asOf)).ToList()),
                new(ScoreComponent.NoRework, handledInMonth.Select(c => Item(c, !c.Steps.Any(s => s.Action == "fail" && s.On >= monthStart && s.On <= asOf))).ToList()),
                new(ScoreComponent.NoOverdueOpen, dispatched.Select(c => Item(c, FirstOn(c, "handle") is { } h && h <= asOf || c.Deadline is not { } d || d >= asOf)).ToList()),
                new(ScoreComponent.SupervisionOnTime, ordersOf[t.Id].Where(o => o.FirstDue >= monthStart && o.FirstDue <= asOf)
                    .Select(o => new AssessedItem(AssessedItem.Supervision, o.Id, o.Label, o.FirstAnswered is { } a && a <= asOf && o.FirstAnswerLate == false)).ToList()),
            ]);
        }).ToList();
    }

    static bool Finished(SiteFact s) => s.Status.IsFinished();

    /// <summary>The progress a site should show by a day: the share of its planned time elapsed, in points.</summary>
    static double Expected(SiteFact s, DateOnly asOf)
    {
        var total = s.PlannedEnd!.Value.DayNumber - s.PlannedStart!.Value.DayNumber;
        return total <= 0 ? 100 : 100.0 * Math.Clamp(asOf.DayNumber - s.PlannedStart.Value.DayNumber, 0, total) / total;
    }

    static DateOnly? FirstOn(CaseFact c, string action) => c.Steps.FirstOrDefault(s => s.Action == action)?.On;

    static AssessedItem Item(SiteFact s, bool met) => new(AssessedItem.Site, s.Id, s.Label, met);

    static AssessedItem Item(CaseFact c, bool met) => new(AssessedItem.Case, c.Id, c.Label, met);
}
