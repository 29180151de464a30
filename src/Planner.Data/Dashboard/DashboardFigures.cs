namespace Planner.Dashboard;

/// <summary>
/// The leader's headline figures for a period: sites as of its last day (finished, overdue, the budget of those
/// finished, 万元), and the cases of the period (reported, closed, closed without a late step, sent back for rework).
/// </summary>
public sealed record DashboardFigures(DateOnly From, DateOnly To, int Sites, int Completed, double CompletedPercent, int Overdue, int UnderConstruction,
    decimal BudgetPlanned, decimal BudgetCompleted, int CasesReported, int CasesClosed, int CasesClosedOnTime, int Rework, int SupervisionsOpen);
