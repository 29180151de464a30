using Planner.Sites;

namespace Planner.Assessment;

/// <summary>What the assessment reads of a site.</summary>
public sealed record SiteFact(long Id, string Label, int TownshipId, SiteStatus Status, int Progress, DateOnly? PlannedStart, DateOnly? PlannedEnd, DateOnly? ActualEnd);
