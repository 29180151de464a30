namespace Planner.Assessment;

/// <summary>What the assessment reads of a case: where it was dispatched and when, and its steps (action code, district date, late).</summary>
public sealed record CaseFact(long Id, string Label, int? DispatchedTownshipId, DateOnly? Deadline, IReadOnlyList<CaseStepFact> Steps);

/// <summary>One step of a case as the assessment reads it.</summary>
public sealed record CaseStepFact(string Action, DateOnly On, bool Late);

/// <summary>What the assessment reads of a 督办: its township, its first date, and when it was first answered and whether late.</summary>
public sealed record SupervisionFact(long Id, string Label, int TownshipId, DateOnly FirstDue, DateOnly? FirstAnswered, bool? FirstAnswerLate);
