namespace Planner.Validation;

/// <summary>One thing wrong with some input: where it is (field, row, vertex) and what is wrong.</summary>
public sealed record Problem(string Where, string What)
{
    /// <summary>The lon/lat of the fault, when it has one, so a map can mark it.</summary>
    public NetTopologySuite.Geometries.Coordinate? At { get; init; }

    public override string ToString() => $"{Where}: {What}";
}

/// <summary>Input was refused; nothing was stored. Carries every problem found, not just the first.</summary>
public sealed class ValidationFailedException(IReadOnlyList<Problem> problems)
    : Exception(Describe(problems))
{
    public ValidationFailedException(string where, string what) : this([new Problem(where, what)]) { }

    public IReadOnlyList<Problem> Problems { get; } = problems;

    static string Describe(IReadOnlyList<Problem> problems) =>
        problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems: " + string.Join("; ", problems);
}
