using Planner.Dashboard;

namespace Planner.Reports;

/// <summary>
/// 日例会: what the morning meeting goes through. Yesterday's figures beside the same day a week before; the sites that
/// fell overdue in the last <see cref="DailyBriefService.NewlyOverdueDays"/> days and those due within the next
/// <see cref="DailyBriefService.DueSoonDays"/>; the late and nearly late cases; the 督办 due today, late or waiting for
/// their issuer; the progress reports waiting for review; and each township's count of all of these.
/// </summary>
public sealed record DailyBrief(DateOnly Day, DashboardFigures Yesterday, DashboardFigures WeekBefore, IReadOnlyList<BriefSite> NewlyOverdue,
    IReadOnlyList<BriefSite> DueSoon, IReadOnlyList<BriefCase> LateCases, IReadOnlyList<BriefCase> NearlyLateCases, IReadOnlyList<BriefOrder> OrdersDue,
    int ReportsToReview, IReadOnlyList<BriefTownship> Townships);
