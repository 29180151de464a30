namespace Planner.Field;

/// <summary>A case as the API shows it: its state and traffic light, the steps the user may take, its history and photos (no bytes).</summary>
public sealed record CaseView(long Id, string Category, string CategoryName, double Lon, double Lat, int TownshipId, long? SiteId, string? Description,
    string ReporterName, DateTimeOffset ReportedAt, CaseState State, DateTimeOffset StepStartedAt, DateTimeOffset? Deadline, TrafficLight Light,
    int? DispatchedTownshipId, string? DispatchedUnit, int ReworkCount, int LateSteps, DateTimeOffset? ClosedAt, int Version,
    IReadOnlyList<CaseAction> Allowed, IReadOnlyList<CaseEvent> Events, IReadOnlyList<(string Stage, PhotoSummary Photo)> Photos);
