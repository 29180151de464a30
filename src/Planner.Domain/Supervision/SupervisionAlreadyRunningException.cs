using Planner.Localization;

namespace Planner.Supervision;

/// <summary>The site or case already has a 督办 that is not closed: a second one would split the answers (a 409, not a 400).</summary>
public sealed class SupervisionAlreadyRunningException(long orderId, string subject) : Exception(
    L10n.T($"{subject} 已有进行中的督办 #{orderId}，请在该督办上办理", $"{subject} already has a running order #{orderId}: act on that one"))
{
    public long OrderId { get; } = orderId;
}
