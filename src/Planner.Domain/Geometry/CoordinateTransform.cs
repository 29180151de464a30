using NetTopologySuite.Geometries;

namespace Planner.Geometry;

/// <summary>Applies a point-wise lon/lat conversion (e.g. GCJ-02 to CGCS2000) to a whole geometry.</summary>
public static class CoordinateTransform
{
    public static NetTopologySuite.Geometries.Geometry Apply(
        NetTopologySuite.Geometries.Geometry geometry, Func<double, double, (double X, double Y)> convert, int? srid = null)
    {
        var copy = geometry.Copy();
        copy.Apply(new ConvertFilter(convert));
        if (srid is { } s) copy.SRID = s;
        return copy;
    }

    public static NetTopologySuite.Geometries.Geometry Gcj02ToCgcs2000(NetTopologySuite.Geometries.Geometry geometry) =>
        Apply(geometry, ChineseOffsets.Gcj02ToCgcs2000, Cgcs2000.Srid);

    public static NetTopologySuite.Geometries.Geometry Cgcs2000ToGcj02(NetTopologySuite.Geometries.Geometry geometry) =>
        Apply(geometry, ChineseOffsets.Cgcs2000ToGcj02);

    sealed class ConvertFilter(Func<double, double, (double X, double Y)> convert) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = convert(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
