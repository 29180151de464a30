namespace Planner.Supervision;

/// <summary>What one order of a batch is on: a site or a case.</summary>
public sealed record SupervisionTarget(long? SiteId, long? CaseId);
