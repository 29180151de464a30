using Planner.Sites;

namespace Planner.Reports;

/// <summary>A site on the daily meeting's agenda: what it is, whose it is, how far it has come, when it was due.</summary>
public sealed record BriefSite(long Id, string Code, string Name, int TownshipId, string Township, string? Unit, SiteStatus Status, int Progress, DateOnly PlannedEnd);
