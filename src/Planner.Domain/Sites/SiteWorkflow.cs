using Planner.Localization;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>
/// The status workflow: one step forward at a time from planning to accepted; an active site may be
/// suspended and resumed to the state it was suspended in. Progress % must agree with the state.
/// </summary>
public static class SiteWorkflow
{
    /// <summary>The states a site may move to next.</summary>
    public static IReadOnlyList<SiteStatus> NextStates(SiteStatus current, SiteStatus? suspendedFrom) => current switch
    {
        SiteStatus.Suspended => suspendedFrom is { } from ? [from] : [],
        SiteStatus.Accepted => [],
        SiteStatus.Completed => [SiteStatus.Accepted],
        _ => [current + 1, SiteStatus.Suspended],
    };

    public static bool CanMove(SiteStatus from, SiteStatus to, SiteStatus? suspendedFrom) =>
        NextStates(from, suspendedFrom).Contains(to);

    /// <summary>Why a transition is refused, or null when it is allowed.</summary>
    public static string? ExplainRefusal(SiteStatus from, SiteStatus to, SiteStatus? suspendedFrom)
    {
        if (CanMove(from, to, suspendedFrom)) return null;
        var next = NextStates(from, suspendedFrom);
        var allowed = next.Count == 0 ? L10n.T("无：流程到此结束", "none: the workflow ends here") : L10n.Or(next.Select(s => s.Display()));
        return L10n.T($"不能从 {from.Display()} 转到 {to.Display()}；下一步只能是：{allowed}",
            $"cannot move from {from.Display()} to {to.Display()}; allowed next: {allowed}");
    }

    /// <summary>The progress range a state allows: 0 before construction, 100 once completed.</summary>
    public static (int Min, int Max) ProgressRange(SiteStatus status, SiteStatus? suspendedFrom = null) => status switch
    {
        SiteStatus.Construction => (0, 100),
        SiteStatus.Completed or SiteStatus.Accepted => (100, 100),
        SiteStatus.Suspended => suspendedFrom is { } from ? ProgressRange(from) : (0, 100),
        _ => (0, 0),
    };

    public static Problem? CheckProgress(SiteStatus status, int percent, SiteStatus? suspendedFrom = null)
    {
        if (percent is < 0 or > 100)
            return new Problem("progress", L10n.T($"{percent}% 不在 0 到 100 之间", $"{percent}% is not between 0 and 100"));
        var (min, max) = ProgressRange(status, suspendedFrom);
        if (percent < min || percent > max)
            return new Problem("progress", min == max
                ? L10n.T($"{percent}% 与状态 {status.Display()} 不符，该状态要求 {min}%", $"{percent}% contradicts status {status.Display()}, which requires {min}%")
                : L10n.T($"{percent}% 与状态 {status.Display()} 不符，该状态允许 {min}–{max}%", $"{percent}% contradicts status {status.Display()}, which allows {min}–{max}%"));
        return null;
    }

    /// <summary>Not finished and its planned end has passed (<see cref="OverdueRule"/>).</summary>
    public static bool IsOverdue(SiteStatus status, DateOnly? plannedEnd, DateOnly today) => OverdueRule.IsOverdue(status, plannedEnd, today);
}
