namespace Planner.Supervision;

/// <summary>A 督办 as issued: on a site or a case, to a unit, by a date (the district's day; due at its end), with what is required.</summary>
public sealed record SupervisionRequest(long? SiteId, long? CaseId, string? Unit, DateOnly? Deadline, string? Note);
