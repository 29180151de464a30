namespace Planner.Sites;

/// <summary>A new ledger line.</summary>
public sealed record TaskDraft(string Measure, DateOnly Deadline, string ResponsiblePerson);
