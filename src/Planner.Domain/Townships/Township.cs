using NetTopologySuite.Geometries;
using Planner.Geometry;

namespace Planner.Townships;

/// <summary>A township or sub-district (乡/街道): the unit of responsibility ("whose territory, whose responsibility").</summary>
public sealed class Township
{
    public int Id { get; init; }
    /// <summary>Administrative code, e.g. 410104001.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public MultiPolygon Boundary { get; private set; } = Cgcs2000.Factory.CreateMultiPolygon();
    public double AreaSquareMetres { get; private set; }
    public double MinLon { get; private set; }
    public double MinLat { get; private set; }
    public double MaxLon { get; private set; }
    public double MaxLat { get; private set; }

    public void SetBoundary(MultiPolygon boundary)
    {
        if (boundary.SRID != Cgcs2000.Srid)
            throw new ArgumentException($"Township boundary must be CGCS2000 lon/lat (SRID {Cgcs2000.Srid}).", nameof(boundary));
        Boundary = boundary;
        AreaSquareMetres = Measure.Area(boundary);
        var e = boundary.EnvelopeInternal;
        (MinLon, MinLat, MaxLon, MaxLat) = (e.MinX, e.MinY, e.MaxX, e.MaxY);
    }
}
