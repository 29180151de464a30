namespace Planner.Geometry;

/// <summary>Area and length of lon/lat geometry, measured in a CGCS2000 Gauss–Krüger zone.</summary>
public static class Measure
{
    /// <summary>Square metres per mu (亩).</summary>
    public const double SquareMetresPerMu = 10000.0 / 15.0;

    static readonly GaussKrugerMeasurer Default = new();

    /// <summary>Area in m², in the 3-degree zone nearest the feature.</summary>
    public static double Area(NetTopologySuite.Geometries.Geometry geometry) => Default.Area(geometry);

    /// <summary>Length in m (perimeter for polygons), in the 3-degree zone nearest the feature.</summary>
    public static double Length(NetTopologySuite.Geometries.Geometry geometry) => Default.Length(geometry);

    /// <summary>Area (m²) and length (m) from one projection.</summary>
    public static (double Area, double Length) AreaAndLength(NetTopologySuite.Geometries.Geometry geometry) => Default.AreaAndLength(geometry);

    public static double ToMu(double squareMetres) => squareMetres / SquareMetresPerMu;

    /// <summary>Metres from a lon/lat position to a geometry (0 inside it), both projected to the geometry's zone.</summary>
    public static double DistanceMetres(NetTopologySuite.Geometries.Geometry geometry, double lon, double lat)
    {
        var point = geometry.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(lon, lat));
        var zone = Default.ZoneFor(geometry);
        var measurer = new GaussKrugerMeasurer(zone.Zone);
        return measurer.Project(geometry).Distance(measurer.Project(point));
    }
}
