namespace Planner.Supervision;

/// <summary>
/// What is late and has no 督办 running: an overdue site (<see cref="SiteId"/>) or a case past its step's deadline
/// (<see cref="CaseId"/>), with what an order on it is filled in from: its subject, township, the unit responsible, and
/// since when it is late (the site's planned end, the case's deadline as a district day).
/// </summary>
public sealed record SupervisionCandidate(long? SiteId, long? CaseId, string Subject, int TownshipId, string Township, string? Unit, DateOnly Due, int DaysLate);
