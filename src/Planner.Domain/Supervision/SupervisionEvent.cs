namespace Planner.Supervision;

/// <summary>One step of a supervision order, kept for good (append-only in the database): issue, answer, accept, reopen, escalate.</summary>
public sealed class SupervisionEvent
{
    public long Id { get; private set; }
    public long SupervisionId { get; private set; }
    public required DateTimeOffset At { get; init; }
    public required string ByUser { get; init; }
    public required string By { get; init; }
    public required string Action { get; init; }
    /// <summary>The order's level after the step (0: the first level).</summary>
    public int Level { get; init; }
    public string? Note { get; init; }
}
