using Planner.Sites;

namespace Planner.Field;

/// <summary>
/// A report as lists show it: no photo bytes, each photo with what its checks found, and the site's progress now
/// (<see cref="SiteProgress"/>), against which a report waiting for review is checked.
/// </summary>
public sealed record ReportSummary(long Id, long SiteId, string SiteCode, string SiteName, string ReportedBy, string ReporterName, DateTimeOffset ReportedAt,
    int Percent, SiteStatus? ProposedStatus, DateOnly? ActualDate, string? Note, ReportState State, string? ReviewedBy, DateTimeOffset? ReviewedAt,
    string? ReturnReason, int Version, IReadOnlyList<PhotoSummary> Photos, int SiteProgress)
{
    /// <summary>A report waiting for review that would take the site's progress back: a slip of the finger, or news to ask about.</summary>
    public bool BelowSite => State == ReportState.Pending && Percent < SiteProgress;

    /// <summary>Something for the reviewer to look at: a photo's check, or progress below the site's.</summary>
    public bool Flagged => BelowSite || Photos.Any(p => p.TooFar || p.TakenBeforeStep || p.DuplicateOf is not null);
}

/// <summary>A photo's evidence without its bytes.</summary>
public sealed record PhotoSummary(long Id, string? FileName, int Width, int Height, DateTimeOffset? TakenAt, double? Lon, double? Lat,
    double? DistanceMetres, bool TooFar, bool TakenBeforeStep, long? DuplicateOf);
