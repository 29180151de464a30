using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Planner.Townships;

/// <summary>Finds the township a site belongs to: the one holding the largest part of it.</summary>
public static class TownshipLocator
{
    /// <summary>The township with the largest overlap (area for polygons, length for lines); null when none overlaps.</summary>
    public static Township? Locate(NetTopologySuite.Geometries.Geometry site, IEnumerable<Township> townships) => Place(site, townships).Township;

    /// <summary>
    /// The township with the largest overlap and the share of the site (area, or length for lines) inside all
    /// the townships together: townships do not overlap, so their overlaps add up.
    /// </summary>
    public static TownshipPlacement Place(NetTopologySuite.Geometries.Geometry site, IEnumerable<Township> townships)
    {
        Township? best = null;
        var bestOverlap = 0.0;
        var inside = 0.0;
        var envelope = site.EnvelopeInternal;
        var polygonal = site is IPolygonal;
        var total = polygonal ? site.Area : site.Length;
        foreach (var township in townships)
        {
            if (!township.Boundary.EnvelopeInternal.Intersects(envelope)) continue;
            var prepared = PreparedGeometryFactory.Prepare(township.Boundary);
            if (!prepared.Intersects(site)) continue;
            // Containment is the common case and needs no overlay.
            if (prepared.Covers(site)) return new TownshipPlacement(township, 1);
            var part = site.Intersection(township.Boundary);
            var overlap = polygonal ? part.Area : part.Length;
            inside += overlap;
            if (overlap > bestOverlap)
            {
                best = township;
                bestOverlap = overlap;
            }
        }
        return new TownshipPlacement(best, total > 0 ? Math.Min(1, inside / total) : 0);
    }
}
