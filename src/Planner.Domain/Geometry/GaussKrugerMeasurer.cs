using NetTopologySuite.Geometries;

namespace Planner.Geometry;

/// <summary>
/// Measures lon/lat geometry after projecting it to a Gauss–Krüger zone: the zone nearest the
/// feature's centre unless <see cref="Zone"/> fixes one.
/// </summary>
public sealed class GaussKrugerMeasurer
{
    readonly GaussKrugerZone? fixedZone;

    public GaussKrugerMeasurer(int? zone = null)
    {
        fixedZone = zone is { } z ? GaussKrugerZone.Get(z) : null;
    }

    public int? Zone => fixedZone?.Zone;

    public GaussKrugerZone ZoneFor(NetTopologySuite.Geometries.Geometry geometry)
    {
        if (fixedZone is not null) return fixedZone;
        var envelope = geometry.EnvelopeInternal;
        if (envelope.IsNull) throw new ArgumentException("Cannot choose a zone for an empty geometry.", nameof(geometry));
        return GaussKrugerZone.ForLongitude((envelope.MinX + envelope.MaxX) / 2);
    }

    public NetTopologySuite.Geometries.Geometry Project(NetTopologySuite.Geometries.Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var zone = ZoneFor(geometry);
        var copy = geometry.Copy();
        copy.Apply(new ProjectFilter(zone));
        copy.SRID = zone.Epsg;
        return copy;
    }

    public double Area(NetTopologySuite.Geometries.Geometry geometry) => AreaAndLength(geometry).Area;

    public double Length(NetTopologySuite.Geometries.Geometry geometry) => AreaAndLength(geometry).Length;

    /// <summary>
    /// Area and length from one projection of each ring, without copying the geometry: the same sums as
    /// NTS's Area and Length of the projected copy (|shell| − |holes|, the perimeter of every ring).
    /// </summary>
    public (double Area, double Length) AreaAndLength(NetTopologySuite.Geometries.Geometry geometry)
    {
        if (geometry.IsEmpty) return (0, 0);
        var zone = ZoneFor(geometry);
        double area = 0, length = 0;
        var buffer = System.Buffers.ArrayPool<double>.Shared.Rent(2 * geometry.NumPoints);
        try
        {
            Add(geometry);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(buffer);
        }
        return (area, length);

        void Add(NetTopologySuite.Geometries.Geometry g)
        {
            switch (g)
            {
                case Polygon polygon when !polygon.IsEmpty:
                    area += Math.Abs(Ring(polygon.Shell.CoordinateSequence));
                    for (var h = 0; h < polygon.NumInteriorRings; h++) area -= Math.Abs(Ring(polygon.GetInteriorRingN(h).CoordinateSequence));
                    break;
                case LineString line:
                    Ring(line.CoordinateSequence, signedArea: false);
                    break;
                case GeometryCollection collection:
                    for (var i = 0; i < collection.NumGeometries; i++) Add(collection.GetGeometryN(i));
                    break;
            }
        }

        // Projects the sequence, adds its length and returns its signed area (shoelace about the first vertex, as NTS's Area.OfRingSigned).
        double Ring(CoordinateSequence seq, bool signedArea = true)
        {
            var n = seq.Count;
            for (var i = 0; i < n; i++)
            {
                double x = seq.GetX(i), y = seq.GetY(i);
                zone.ProjectInPlace(ref x, ref y);
                buffer[2 * i] = x;
                buffer[2 * i + 1] = y;
            }
            for (var i = 1; i < n; i++)
            {
                double dx = buffer[2 * i] - buffer[2 * i - 2], dy = buffer[2 * i + 1] - buffer[2 * i - 1];
                length += Math.Sqrt(dx * dx + dy * dy);
            }
            if (!signedArea || n < 3) return 0;
            var x0 = buffer[0];
            double sum = 0;
            for (var i = 1; i < n - 1; i++) sum += (buffer[2 * i] - x0) * (buffer[2 * i + 3] - buffer[2 * i - 1]);
            return sum / 2.0;
        }
    }

    sealed class ProjectFilter(GaussKrugerZone zone) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                double x = seq.GetX(i), y = seq.GetY(i);
                zone.ProjectInPlace(ref x, ref y);
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
