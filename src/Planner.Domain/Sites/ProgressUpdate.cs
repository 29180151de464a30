namespace Planner.Sites;

/// <summary>A status/progress report on a site.</summary>
public sealed record ProgressUpdate(SiteStatus Status, int Percent, string? Note = null, DateOnly? ActualDate = null);
