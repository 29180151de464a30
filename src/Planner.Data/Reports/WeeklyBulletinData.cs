using Planner.Assessment;
using Planner.Dashboard;

namespace Planner.Reports;

/// <summary>
/// What the weekly bulletin (周通报) says for an ISO week: the week's figures against the week before, the township
/// table, the month's red and black lists (as published when frozen), overdue sites by responsible unit, the cases
/// past their deadline, the 督办 not closed, and the week's follow-ups and orders (<see cref="WeekActivity"/>). The document is written from this and nothing else, so its figures are the API's.
/// </summary>
public sealed record WeeklyBulletinData(int Year, int Week, DateOnly Monday, DateOnly Sunday, DashboardFigures ThisWeek, DashboardFigures WeekBefore,
    IReadOnlyList<TownshipBar> Townships, MonthAssessment Assessment, IReadOnlyList<OverdueUnit> OverdueByUnit, IReadOnlyList<LateCase> LateCases,
    IReadOnlyList<OpenSupervision> Supervisions, WeekActivity Activity);

/// <summary>A 督办 not closed at the week's end: its level's name, and whether it is past its date.</summary>
public sealed record OpenSupervision(long Id, string Subject, string Unit, string Level, DateTimeOffset Deadline, bool Answered, bool Late);

/// <summary>A responsible unit and its overdue sites (name, township, planned end).</summary>
public sealed record OverdueUnit(string Unit, IReadOnlyList<(string Name, string Township, DateOnly PlannedEnd)> Sites);

/// <summary>A case past its step's deadline and not handled.</summary>
public sealed record LateCase(long Id, string Category, string Township, string? Unit, DateTimeOffset Deadline);
