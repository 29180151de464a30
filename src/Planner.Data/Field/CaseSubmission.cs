namespace Planner.Field;

/// <summary>A problem as the phone reports it; <see cref="ConfirmNew"/> after being shown an open case nearby of the same category.</summary>
public sealed record CaseSubmission(Guid ClientId, string Category, double Lon, double Lat, long? SiteId, string? Description, bool ConfirmNew = false);
