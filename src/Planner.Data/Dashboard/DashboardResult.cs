namespace Planner.Dashboard;

/// <summary>The dashboard: the period's figures, the same a week and a month before, and the chart series.</summary>
public sealed record DashboardResult(DashboardFigures Now, DashboardFigures WeekBefore, DashboardFigures MonthBefore,
    IReadOnlyList<MonthPoint> Trend, IReadOnlyList<TownshipBar> Townships, IReadOnlyList<ProgrammeStatusCell> ProgrammeStatus, IReadOnlyList<CategoryCount> Categories);
