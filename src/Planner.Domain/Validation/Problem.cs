namespace Planner.Validation;

/// <summary>One thing wrong with some input: where it is (field, row, vertex) and what is wrong.</summary>
public sealed record Problem(string Where, string What)
{
    /// <summary>The lon/lat of the fault, when it has one, so a map can mark it.</summary>
    public NetTopologySuite.Geometries.Coordinate? At { get; init; }

    public override string ToString() => $"{Where}: {What}";
}
