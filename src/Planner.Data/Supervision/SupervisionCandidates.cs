namespace Planner.Supervision;

/// <summary>The first candidates for a 督办, the latest first, and how many there are in all (the list is capped).</summary>
public sealed record SupervisionCandidates(IReadOnlyList<SupervisionCandidate> Items, int Total);
