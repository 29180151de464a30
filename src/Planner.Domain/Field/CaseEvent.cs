namespace Planner.Field;

/// <summary>One audited step of a case: who, when, from which state to which, the note, and whether it came after its deadline.</summary>
public sealed class CaseEvent
{
    public long Id { get; private set; }
    public long CaseId { get; private set; }
    public required DateTimeOffset At { get; init; }
    public required string ByUser { get; init; }
    public required string By { get; init; }
    /// <summary>"report" for the case's creation, else the action's code.</summary>
    public required string Action { get; init; }
    public CaseState? FromState { get; init; }
    public required CaseState ToState { get; init; }
    public string? Note { get; init; }
    /// <summary>The step this one finished was past its deadline.</summary>
    public bool Late { get; init; }
}
