namespace Planner.Field;

/// <summary>What a step brings: the note, where it is dispatched (township, unit), the new step's deadline, the after-photos' count.</summary>
public sealed record CaseStep(string? Note = null, int? TownshipId = null, string? Unit = null, DateTimeOffset? NextDeadline = null, int Photos = 0);
