using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Assessment;

/// <summary>
/// The monthly township assessment (月考核): counted from the sites and cases (<see cref="MonthCounts"/>), scored by the
/// configured formula (<see cref="TownshipScoring"/>), with each township's movement and black-list streak from the
/// months before. A month is frozen once (<see cref="FreezeAsync"/>): the whole result, inputs included, is stored as
/// published and served from then on. Frozen months are documents, not entities: one row of JSON per month, written
/// once (the table refuses updates and deletes).
/// </summary>
public sealed class AssessmentService(PlannerDbContext db)
{
    public required DistrictTime Time { get; init; }
    public required AssessmentFormula Formula { get; init; }

    /// <summary>How far back the black-list streak looks.</summary>
    const int StreakMonths = 12;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>"2026-11" → its first day; a problem naming the field otherwise.</summary>
    public static DateOnly ParseMonth(string? month, string field = "month")
    {
        if (month is not null && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)) return start;
        throw new ValidationFailedException(field, Localization.L10n.T($"月份必须写成 YYYY-MM（如 2026-11），收到“{month}”", $"the month must be YYYY-MM (e.g. 2026-11), got \"{month}\""));
    }

    public static string MonthOf(DateOnly start) => start.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The month as published when frozen, else as counted now (a month not yet begun is refused).</summary>
    public async Task<MonthAssessment> GetAsync(DateOnly monthStart, CancellationToken cancellationToken = default)
    {
        var result = await FrozenAsync(monthStart, cancellationToken) ?? await CountAsync(monthStart, cancellationToken);
        return await WithHistoryAsync(result, cancellationToken);
    }

    /// <summary>Freezes a month that has ended: the first freeze stands; freezing again returns it unchanged.</summary>
    public async Task<(MonthAssessment Result, bool Created)> FreezeAsync(DateOnly monthStart, string by, CancellationToken cancellationToken = default)
    {
        if (await FrozenAsync(monthStart, cancellationToken) is { } frozen) return (await WithHistoryAsync(frozen, cancellationToken), false);
        if (monthStart.AddMonths(1) > Time.Today)
            throw new ValidationFailedException("month", Localization.L10n.T($"{MonthOf(monthStart)} 尚未结束，月末之后才能固化", $"{MonthOf(monthStart)} has not ended: it can be frozen after its last day"));
        var counted = await CountAsync(monthStart, cancellationToken) with { Frozen = true, FrozenAt = Time.Now, FrozenBy = by };
        var month = MonthOf(monthStart);
        var json = JsonSerializer.Serialize(counted, Json);
        // Two freezes at once: the first row wins, the second inserts nothing and reads it back.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO assessment_snapshots (month, formula_version, frozen_at, frozen_by, result)
            VALUES ({month}, {counted.FormulaVersion}, {counted.FrozenAt!.Value.ToString("O", CultureInfo.InvariantCulture)}, {by}, {json})
            ON CONFLICT (month) DO NOTHING
            """, cancellationToken);
        var stored = (await FrozenAsync(monthStart, cancellationToken))!;
        return (await WithHistoryAsync(stored, cancellationToken), stored.FrozenAt == counted.FrozenAt && stored.FrozenBy == by);
    }

    async Task<MonthAssessment?> FrozenAsync(DateOnly monthStart, CancellationToken cancellationToken)
    {
        var month = MonthOf(monthStart);
        var json = await db.Database.SqlQuery<string>($"SELECT result AS \"Value\" FROM assessment_snapshots WHERE month = {month}").SingleOrDefaultAsync(cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<MonthAssessment>(json, Json);
    }

    /// <summary>The frozen months from <paramref name="from"/> up to (not including) <paramref name="before"/>, newest first, in one query.</summary>
    async Task<List<MonthAssessment>> FrozenBetweenAsync(DateOnly from, DateOnly before, CancellationToken cancellationToken)
    {
        // "YYYY-MM" sorts as the months do.
        string first = MonthOf(from), last = MonthOf(before);
        var rows = await db.Database.SqlQuery<string>($"SELECT result AS \"Value\" FROM assessment_snapshots WHERE month >= {first} AND month < {last} ORDER BY month DESC")
            .ToListAsync(cancellationToken);
        return rows.Select(json => JsonSerializer.Deserialize<MonthAssessment>(json, Json)!).ToList();
    }

    /// <summary>The month counted from the data as it is now.</summary>
    public async Task<MonthAssessment> CountAsync(DateOnly monthStart, CancellationToken cancellationToken = default)
    {
        var today = Time.Today;
        if (monthStart > today)
            throw new ValidationFailedException("month", Localization.L10n.T($"{MonthOf(monthStart)} 尚未开始", $"{MonthOf(monthStart)} has not begun"));
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var asOf = monthEnd < today ? monthEnd : today;
        var townships = (await db.Townships.AsNoTracking().OrderBy(t => t.Code).Select(t => new { t.Id, t.Code, t.Name }).ToListAsync(cancellationToken))
            .Select(t => (t.Id, t.Code, t.Name)).ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => s.DeletedAt == null)
            .Select(s => new SiteFact(s.Id, s.Code + " " + s.Name, s.TownshipId, s.Status, s.Progress, s.PlannedStart, s.PlannedEnd, s.ActualEnd))
            .ToListAsync(cancellationToken);
        var cases = await CaseFactsAsync(monthStart, asOf, cancellationToken);
        var orders = (await db.SupervisionOrders.AsNoTracking()
                .Select(o => new { o.Id, o.Subject, o.TownshipId, o.FirstDeadline, FirstAnswer = o.Events.Where(e => e.Action == "answer").OrderBy(e => e.At).Select(e => (DateTimeOffset?)e.At).FirstOrDefault(), o.FirstAnswerLate })
                .ToListAsync(cancellationToken))
            .Select(o => new SupervisionFact(o.Id, $"督办 {o.Subject}", o.TownshipId, Time.DateOf(o.FirstDeadline), o.FirstAnswer is { } a ? Time.DateOf(a) : null, o.FirstAnswerLate))
            .ToList();
        var inputs = MonthCounts.Count(monthStart, asOf, townships, sites, cases, Formula, orders);
        var scores = TownshipScoring.Score(inputs, Formula);
        return new MonthAssessment(MonthOf(monthStart), asOf, Formula.Version, Formula.InSymbols(), Formula.MinimumItems, Formula.ListSize, false, null, null, scores, inputs);
    }

    async Task<List<CaseFact>> CaseFactsAsync(DateOnly monthStart, DateOnly asOf, CancellationToken cancellationToken)
    {
        // Cases dispatched by the month's end, with their steps; the district's dates are taken from UTC instants here.
        var until = Time.FromDistrictLocal(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var rows = await db.ProblemCases.AsNoTracking()
            .Where(c => c.DispatchedTownshipId != null && c.State != CaseState.Voided)
            .Select(c => new
            {
                c.Id, c.Category, c.DispatchedTownshipId, c.Deadline,
                Steps = c.Events.Where(e => e.Action == "dispatch" || e.Action == "handle" || e.Action == "fail").Select(e => new { e.Action, e.At, e.Late }).ToList(),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(c => new CaseFact(c.Id, $"#{c.Id} {c.Category}", c.DispatchedTownshipId, c.Deadline is { } d ? Time.DateOf(d) : null,
                c.Steps.Where(s => s.At < until).OrderBy(s => s.At).Select(s => new CaseStepFact(s.Action, Time.DateOf(s.At), s.Late)).ToList()))
            .Where(c => c.Steps.Any(s => s.Action == "dispatch"))
            .ToList();
    }

    /// <summary>Each township's rank last month and its months in a row on the black list (frozen months as published).</summary>
    async Task<MonthAssessment> WithHistoryAsync(MonthAssessment month, CancellationToken cancellationToken)
    {
        var start = ParseMonth(month.Month);
        // The streak counts published months only, back to the first month that is not: a gap ends it.
        var earlier = (await FrozenBetweenAsync(start.AddMonths(-StreakMonths), start, cancellationToken))
            .Select((m, i) => (Month: m, Expected: MonthOf(start.AddMonths(-1 - i))))
            .TakeWhile(x => x.Month.Month == x.Expected).Select(x => x.Month).ToList();
        var townships = month.Townships.Select(t =>
        {
            var streak = 0;
            if (t.List == TownshipScore.Black)
            {
                streak = 1;
                foreach (var e in earlier)
                {
                    if (e.Townships.FirstOrDefault(o => o.TownshipId == t.TownshipId)?.List != TownshipScore.Black) break;
                    streak++;
                }
            }
            return t with { PreviousRank = earlier.FirstOrDefault()?.Townships.FirstOrDefault(o => o.TownshipId == t.TownshipId)?.Rank, BlackStreak = streak };
        }).ToList();
        return month with { Townships = townships };
    }
}
