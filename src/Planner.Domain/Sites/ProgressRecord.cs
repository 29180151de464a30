namespace Planner.Sites;

/// <summary>One change of a site's status or progress. Append-only: the database refuses updates and deletes.</summary>
public sealed class ProgressRecord
{
    public long Id { get; private set; }
    public long SiteId { get; private set; }
    public required DateTimeOffset At { get; init; }
    public required string By { get; init; }
    public required SiteStatus Status { get; init; }
    public required int Percent { get; init; }
    public string? Note { get; init; }
}
