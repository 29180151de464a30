using System.Buffers;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Planner.Geometry;

/// <summary>
/// Proves a polygonal geometry valid the cheap way, or says it cannot: when no two edges of any of its
/// rings meet (other than neighbours at their shared vertex), every ring is simple and no rings touch, so
/// the OGC rules reduce to where whole rings lie (holes inside their shell, not in each other, parts not
/// inside each other), settled by one vertex each. One sweep over the edges sorted by x, with exact
/// orientation tests, replaces NTS <c>IsValidOp</c>'s noding for the usual valid polygon; anything that
/// touches, and every invalid geometry, is left to <c>IsValidOp</c>, which finds and names the fault.
/// </summary>
public static class ValidityShortcut
{
    /// <summary>Beyond these the pairwise ring checks cost more than they save: <c>IsValidOp</c> decides.</summary>
    const int MaxHolesPerPolygon = 64;
    const int MaxParts = 256;

    /// <summary>True only if the geometry is a valid Polygon or MultiPolygon; false means "not proven", not "invalid".</summary>
    public static bool ProvesValid(NetTopologySuite.Geometries.Geometry geometry)
    {
        var polygons = geometry switch
        {
            Polygon p => [p],
            MultiPolygon mp when mp.NumGeometries <= MaxParts => Enumerable.Range(0, mp.NumGeometries).Select(i => (Polygon)mp.GetGeometryN(i)).ToArray(),
            _ => null,
        };
        if (polygons is null || polygons.Length == 0) return false;

        var vertices = 0;
        foreach (var polygon in polygons)
        {
            if (polygon.IsEmpty || polygon.NumInteriorRings > MaxHolesPerPolygon) return false;
            vertices += polygon.NumPoints;
        }
        var edges = new Edges(vertices);
        try
        {
            foreach (var polygon in polygons)
            {
                if (!edges.AddRing(polygon.Shell.CoordinateSequence)) return false;
                for (var h = 0; h < polygon.NumInteriorRings; h++)
                    if (!edges.AddRing(polygon.GetInteriorRingN(h).CoordinateSequence)) return false;
            }
            if (!edges.NoneMeet()) return false;
        }
        finally
        {
            edges.Return();
        }
        return RingsNestCorrectly(polygons);
    }

    /// <summary>With no rings touching, one vertex of a ring tells on which side of another ring the whole ring lies.</summary>
    static bool RingsNestCorrectly(Polygon[] polygons)
    {
        foreach (var polygon in polygons)
        {
            var shell = polygon.Shell.CoordinateSequence;
            for (var h = 0; h < polygon.NumInteriorRings; h++)
            {
                var hole = polygon.GetInteriorRingN(h);
                if (!Inside(hole.CoordinateSequence, shell)) return false;
                for (var other = 0; other < polygon.NumInteriorRings; other++)
                    if (other != h && Inside(hole.CoordinateSequence, polygon.GetInteriorRingN(other).CoordinateSequence)) return false;
            }
        }
        for (var i = 0; i < polygons.Length; i++)
        {
            var shell = polygons[i].Shell;
            for (var j = 0; j < polygons.Length; j++)
            {
                if (i == j || !polygons[j].EnvelopeInternal.Intersects(shell.EnvelopeInternal)) continue;
                var other = polygons[j];
                if (!Inside(shell.CoordinateSequence, other.Shell.CoordinateSequence)) continue;
                // Inside another part's shell is allowed only inside one of its holes.
                var inHole = false;
                for (var h = 0; h < other.NumInteriorRings && !inHole; h++)
                    inHole = Inside(shell.CoordinateSequence, other.GetInteriorRingN(h).CoordinateSequence);
                if (!inHole) return false;
            }
        }
        return true;
    }

    static bool Inside(CoordinateSequence ring, CoordinateSequence container) =>
        RayCrossingCounter.LocatePointInRing(new Coordinate(ring.GetX(0), ring.GetY(0)), container) == Location.Interior;

    /// <summary>All rings' edges in flat arrays (repeated vertices dropped), each knowing its ring.</summary>
    sealed class Edges(int capacity)
    {
        readonly double[] x = ArrayPool<double>.Shared.Rent(capacity);
        readonly double[] y = ArrayPool<double>.Shared.Rent(capacity);
        // Edge k runs from vertex k to vertex next[k]; ring[k] says whose it is (-1: no edge starts here).
        readonly int[] next = ArrayPool<int>.Shared.Rent(capacity);
        int count;

        /// <summary>Adds a closed ring of at least three distinct vertices; false when it is not one.</summary>
        public bool AddRing(CoordinateSequence sequence)
        {
            var n = sequence.Count;
            if (n < 4) return false;
            var start = count;
            if (sequence is PackedDoubleCoordinateSequence { Dimension: 2 } packed)
            {
                var raw = packed.GetRawCoordinates();
                for (var i = 0; i < n; i++) Add(raw[2 * i], raw[2 * i + 1]);
            }
            else
            {
                for (var i = 0; i < n; i++) Add(sequence.GetX(i), sequence.GetY(i));
            }
            // The closing vertex repeats the first: the last edge goes back to the ring's start.
            if (count - start < 4 || x[count - 1] != x[start] || y[count - 1] != y[start]) return false;
            count--;
            var last = count - 1;
            for (var k = start; k <= last; k++) next[k] = k == last ? start : k + 1;
            return true;

            void Add(double vx, double vy)
            {
                if (count > start && x[count - 1] == vx && y[count - 1] == vy) return;
                x[count] = vx;
                y[count] = vy;
                count++;
            }
        }

        /// <summary>
        /// True when no two edges meet except neighbours at their shared vertex (and those do not fold back
        /// onto each other). Edges are swept in order of their left end, bucketed (a counting sort: linear, where
        /// a comparison sort would cost more than the sweep); each is tested against the edges still open at
        /// that x whose envelopes overlap its own.
        /// </summary>
        public bool NoneMeet()
        {
            var pool = ArrayPool<int>.Shared;
            var minX = ArrayPool<double>.Shared.Rent(count);
            var bucketOf = pool.Rent(count);
            var order = pool.Rent(count);
            var open = pool.Rent(count);
            var starts = pool.Rent(count + 1);
            var bucketMin = ArrayPool<double>.Shared.Rent(count);
            try
            {
                double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
                for (var k = 0; k < count; k++)
                {
                    if (!double.IsFinite(x[k]) || !double.IsFinite(y[k])) return false;
                    // Neighbours meet at their shared vertex only: a fold back (spike) is a self-intersection.
                    if (FoldsBack(k)) return false;
                    minX[k] = Math.Min(x[k], x[next[k]]);
                    lo = Math.Min(lo, minX[k]);
                    hi = Math.Max(hi, minX[k]);
                }
                var buckets = count;
                var scale = hi > lo ? buckets / (hi - lo) : 0;
                Array.Clear(starts, 0, buckets + 1);
                for (var k = 0; k < count; k++)
                {
                    // Monotone in minX: later buckets never hold an edge further left.
                    var b = Math.Min(buckets - 1, (int)((minX[k] - lo) * scale));
                    bucketOf[k] = b;
                    starts[b + 1]++;
                }
                for (var b = 0; b < buckets; b++)
                {
                    starts[b + 1] += starts[b];
                    bucketMin[b] = double.PositiveInfinity;
                }
                for (var k = 0; k < count; k++)
                {
                    var b = bucketOf[k];
                    order[starts[b]++] = k;
                    bucketMin[b] = Math.Min(bucketMin[b], minX[k]);
                }

                var openCount = 0;
                // A guard against pathological inputs (thousands of edges open at once): IsValidOp decides those.
                long budget = 64L * count + 4096;
                for (var s = 0; s < count; s++)
                {
                    var e = order[s];
                    // Every edge from here on starts at or right of this bucket's leftmost edge.
                    var left = bucketMin[bucketOf[e]];
                    double eMinX = minX[e], eMaxX = Math.Max(x[e], x[next[e]]);
                    double eMinY = Math.Min(y[e], y[next[e]]), eMaxY = Math.Max(y[e], y[next[e]]);
                    for (var o = 0; o < openCount; o++)
                    {
                        var f = open[o];
                        var fMaxX = Math.Max(x[f], x[next[f]]);
                        if (fMaxX < left)
                        {
                            open[o--] = open[--openCount];
                            continue;
                        }
                        if (--budget < 0) return false;
                        if (fMaxX < eMinX || minX[f] > eMaxX) continue;
                        if (Math.Max(y[f], y[next[f]]) < eMinY || Math.Min(y[f], y[next[f]]) > eMaxY) continue;
                        if (next[e] == f || next[f] == e) continue; // neighbours: checked by FoldsBack
                        if (Meet(e, f)) return false;
                    }
                    open[openCount++] = e;
                }
                return true;
            }
            finally
            {
                ArrayPool<double>.Shared.Return(minX);
                ArrayPool<double>.Shared.Return(bucketMin);
                pool.Return(bucketOf);
                pool.Return(order);
                pool.Return(open);
                pool.Return(starts);
            }
        }

        /// <summary>Whether edge k's successor turns back along it (collinear, pointing back towards k's start).</summary>
        bool FoldsBack(int k)
        {
            int b = next[k], c = next[b];
            if (c == k) return true; // a ring of two distinct vertices
            if (Orientation(k, b, c) != 0) return false;
            return (x[k] - x[b]) * (x[c] - x[b]) + (y[k] - y[b]) * (y[c] - y[b]) > 0;
        }

        /// <summary>Whether two edges that are not neighbours share any point (crossing, touching or overlapping). Envelopes already overlap.</summary>
        bool Meet(int e, int f)
        {
            int e2 = next[e], f2 = next[f];
            int o1 = Orientation(e, e2, f), o2 = Orientation(e, e2, f2);
            if (o1 * o2 > 0) return false;
            int o3 = Orientation(f, f2, e), o4 = Orientation(f, f2, e2);
            if (o3 * o4 > 0) return false;
            // Collinear with overlapping envelopes, or on both sides of each other: they meet.
            return true;
        }

        int Orientation(int a, int b, int c) => CGAlgorithmsDD.OrientationIndex(x[a], y[a], x[b], y[b], x[c], y[c]);

        public void Return()
        {
            ArrayPool<double>.Shared.Return(x);
            ArrayPool<double>.Shared.Return(y);
            ArrayPool<int>.Shared.Return(next);
        }
    }
}
