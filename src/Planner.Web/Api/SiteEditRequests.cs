namespace Planner.Web.Api;

/// <summary>POST /api/sites/{id}/progress: one step of the workflow, or a progress update within a state.</summary>
public sealed record ProgressRequest(string? Status, int? Progress, string? ActualDate, string? Note);

/// <summary>POST /api/sites/{id}/restore: the revision whose state (after it, or before it) comes back.</summary>
public sealed record RestoreRequest(long? Revision, bool Before = false);

/// <summary>POST /api/sites/{id}/merge: the neighbour to merge in and the version the planner saw.</summary>
public sealed record MergeRequest(long? With, int? WithVersion);
