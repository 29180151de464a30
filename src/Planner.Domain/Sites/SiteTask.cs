namespace Planner.Sites;

/// <summary>
/// A line of a site's ledger (台账): a rectification measure with its deadline and responsible person
/// (整改措施、整改时限及整改责任人).
/// </summary>
public sealed class SiteTask
{
    public long Id { get; private set; }
    public long SiteId { get; private set; }
    public required string Measure { get; set; }
    public required DateOnly Deadline { get; set; }
    public required string ResponsiblePerson { get; set; }
    public DateOnly? DoneOn { get; private set; }

    public bool IsDone => DoneOn is not null;

    /// <summary>Open, done, or overdue (open past its deadline): overdue is derived, never stored.</summary>
    public LedgerState StateOn(DateOnly today) =>
        DoneOn is not null ? LedgerState.Done : Deadline < today ? LedgerState.Overdue : LedgerState.Open;

    public void MarkDone(DateOnly doneOn) => DoneOn = doneOn;

    public void Reopen() => DoneOn = null;
}
