using Planner.Localization;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Field;

/// <summary>
/// A field team's progress report on a site (进度填报): a percentage, perhaps a next status with its actual date, a
/// note and photos. It changes nothing until a planner reviews it: accepted, it moves the site through the status
/// workflow (the site's history names who reported and who accepted); returned, it carries the reason back.
/// </summary>
public sealed class ProgressReport
{
    public long Id { get; private set; }
    public required long SiteId { get; init; }
    public Site? Site { get; init; }
    /// <summary>Made by the phone that sent it: the same report sent twice (a retry after a lost answer) is stored once.</summary>
    public required Guid ClientId { get; init; }
    /// <summary>The reporter's user name; <see cref="ReporterName"/> is what the app shows.</summary>
    public required string ReportedBy { get; init; }
    public required string ReporterName { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }
    public required int Percent { get; init; }
    public SiteStatus? ProposedStatus { get; init; }
    public DateOnly? ActualDate { get; init; }
    public string? Note { get; init; }
    public ReportState State { get; private set; } = ReportState.Pending;
    public string? ReviewedBy { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public string? ReturnReason { get; private set; }
    /// <summary>Bumped by each review: two planners reviewing at once cannot both win.</summary>
    public int Version { get; private set; } = 1;
    public List<EvidencePhoto> Photos { get; init; } = [];

    public void Accept(string by, DateTimeOffset at) => Review(ReportState.Accepted, by, at, null);

    public void Return(string by, DateTimeOffset at, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("reason", L10n.T("退回时必须说明原因", "a returned report needs a reason"));
        Review(ReportState.Returned, by, at, reason.Trim());
    }

    void Review(ReportState state, string by, DateTimeOffset at, string? reason)
    {
        if (State != ReportState.Pending)
            throw new ValidationFailedException("report", L10n.T($"填报 {Id} 已审核（{State.Label()}）", $"report {Id} has been reviewed already ({State.Label()})"));
        State = state;
        ReviewedBy = by;
        ReviewedAt = at;
        ReturnReason = reason;
        Version++;
    }
}
