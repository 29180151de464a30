using NetTopologySuite.Geometries;

namespace Planner.Geometry;

/// <summary>
/// Latitude-first coordinates, as EPSG:4490 defines its axes (OGC API Features Part 2 serves a CRS in its own axis
/// order; GeoJSON and CRS84 are longitude first, and so is everything stored).
/// </summary>
public static class AxisOrder
{
    /// <summary>A copy with x and y exchanged.</summary>
    public static NetTopologySuite.Geometries.Geometry LatLon(NetTopologySuite.Geometries.Geometry geometry)
    {
        var copy = geometry.Copy();
        copy.Apply(new Swap());
        copy.GeometryChanged();
        return copy;
    }

    sealed class Swap : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var x = seq.GetX(i);
                seq.SetX(i, seq.GetY(i));
                seq.SetY(i, x);
            }
        }
    }
}
