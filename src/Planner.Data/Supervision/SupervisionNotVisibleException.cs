namespace Planner.Supervision;

/// <summary>No such order, or not in the user's townships (not disclosed either way).</summary>
public sealed class SupervisionNotVisibleException(long id) : Exception($"supervision order {id} is not visible")
{
    public long Id { get; } = id;
}
