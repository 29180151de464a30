using Planner.Assessment;

namespace Planner.Assessment;

/// <summary>
/// A month's township assessment: the scores and the counts they rest on (every item, so a point can be traced), the
/// formula that made them, and whether the month is frozen (published: later edits no longer change it).
/// </summary>
public sealed record MonthAssessment(string Month, DateOnly AsOf, string FormulaVersion, string Formula, int MinimumItems, int ListSize,
    bool Frozen, DateTimeOffset? FrozenAt, string? FrozenBy, IReadOnlyList<TownshipScore> Townships, IReadOnlyList<TownshipInputs> Inputs);
