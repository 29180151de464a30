using Planner.Supervision;

namespace Planner.Reports;

/// <summary>A 督办 on the daily meeting's agenda: due today or late unanswered, or answered and waiting for its issuer.</summary>
public sealed record BriefOrder(long Id, string Subject, int TownshipId, string Unit, string Level, SupervisionState State, DateTimeOffset Deadline, bool Late);
