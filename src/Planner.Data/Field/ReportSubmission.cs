using Planner.Sites;

namespace Planner.Field;

/// <summary>What a progress report says, as the phone sends it; the photos come apart, already read.</summary>
public sealed record ReportSubmission(Guid ClientId, int Percent, SiteStatus? Status, DateOnly? ActualDate, string? Note);
