namespace Planner.Field;

/// <summary>An open case of the same category lies within the duplicate radius: the reporter is offered it instead.</summary>
public sealed class DuplicateCaseException(long caseId, double distanceMetres) : Exception($"case {caseId} is {distanceMetres:F0} m away")
{
    public long CaseId { get; } = caseId;
    public double DistanceMetres { get; } = distanceMetres;
}
