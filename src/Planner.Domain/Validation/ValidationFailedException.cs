namespace Planner.Validation;

/// <summary>Input was refused; nothing was stored. Carries every problem found, not just the first.</summary>
public sealed class ValidationFailedException(IReadOnlyList<Problem> problems)
    : Exception(Describe(problems))
{
    public ValidationFailedException(string where, string what) : this([new Problem(where, what)]) { }

    public IReadOnlyList<Problem> Problems { get; } = problems;

    static string Describe(IReadOnlyList<Problem> problems) =>
        problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems: " + string.Join("; ", problems);
}
