using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Planner.Data;

/// <summary>Geometry snapshots for change tracking: exact coordinate equality, deep copies.</summary>
public sealed class GeometryValueComparer<T>() : ValueComparer<T>(
    (a, b) => ReferenceEquals(a, b) || (a != null && b != null && a.SRID == b.SRID && a.EqualsExact(b)),
    g => g.EnvelopeInternal.GetHashCode(),
    g => (T)g.Copy())
    where T : NetTopologySuite.Geometries.Geometry;
