namespace Planner.Field;

/// <summary>No such case, or one outside the user's townships: 404 either way.</summary>
public sealed class CaseNotVisibleException(long caseId) : Exception($"case {caseId} is not visible")
{
    public long CaseId { get; } = caseId;
}
