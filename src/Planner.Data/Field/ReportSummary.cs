using Planner.Sites;

namespace Planner.Field;

/// <summary>A report as lists show it: no photo bytes, each photo with what its checks found.</summary>
public sealed record ReportSummary(long Id, long SiteId, string SiteCode, string SiteName, string ReportedBy, string ReporterName, DateTimeOffset ReportedAt,
    int Percent, SiteStatus? ProposedStatus, DateOnly? ActualDate, string? Note, ReportState State, string? ReviewedBy, DateTimeOffset? ReviewedAt,
    string? ReturnReason, int Version, IReadOnlyList<PhotoSummary> Photos);

/// <summary>A photo's evidence without its bytes.</summary>
public sealed record PhotoSummary(long Id, string? FileName, int Width, int Height, DateTimeOffset? TakenAt, double? Lon, double? Lat,
    double? DistanceMetres, bool TooFar, bool TakenBeforeStep, long? DuplicateOf);
