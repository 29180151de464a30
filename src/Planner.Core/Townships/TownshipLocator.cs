using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Planner.Townships;

/// <summary>Finds the township a site belongs to: the one holding the largest part of it.</summary>
public static class TownshipLocator
{
    /// <summary>The township with the largest overlap (area for polygons, length for lines); null when none overlaps.</summary>
    public static Township? Locate(NetTopologySuite.Geometries.Geometry site, IEnumerable<Township> townships)
    {
        Township? best = null;
        var bestOverlap = 0.0;
        var envelope = site.EnvelopeInternal;
        var polygonal = site is IPolygonal;
        foreach (var township in townships)
        {
            if (!township.Boundary.EnvelopeInternal.Intersects(envelope)) continue;
            var prepared = PreparedGeometryFactory.Prepare(township.Boundary);
            if (!prepared.Intersects(site)) continue;
            // Containment is the common case and needs no overlay.
            var overlap = prepared.Covers(site)
                ? double.MaxValue
                : polygonal ? site.Intersection(township.Boundary).Area : site.Intersection(township.Boundary).Length;
            if (overlap > bestOverlap)
            {
                best = township;
                bestOverlap = overlap;
            }
        }
        return best;
    }
}
