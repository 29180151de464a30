using Planner.Validation;

namespace Planner.Import;

/// <summary>One feature read from a file, in the file's own coordinates (SRID 0), or the problem that stopped it.</summary>
public sealed record SourceFeature(int Row, string Where, NetTopologySuite.Geometries.Geometry? Geometry,
    IReadOnlyDictionary<string, string?> Attributes, Problem? Problem = null);
