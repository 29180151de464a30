using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Planner.Geometry;

/// <summary>CGCS2000 (EPSG:4490) lon/lat: the only CRS geometry is stored in.</summary>
public static class Cgcs2000
{
    public const int Srid = 4490;
    public const double SemiMajorAxis = 6378137.0;
    public const double InverseFlattening = 298.257222101;

    /// <summary>Geometry factory for stored geometry: floating precision, SRID 4490.</summary>
    public static GeometryFactory Factory { get; } =
        NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(), Srid);

    /// <summary>A generous box around China's territory; stored geometry must fall inside it.</summary>
    public static Envelope ChinaBounds { get; } = new(73.0, 136.0, 3.0, 54.0);
}
