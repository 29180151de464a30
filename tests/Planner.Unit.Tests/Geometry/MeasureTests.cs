using NetTopologySuite.IO;
using Planner.Geometry;

namespace Planner.Tests.Geometry;

public class MeasureTests
{
    static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));

    // Reference areas: the ring's vertices projected by PROJ 9.1.1 (`cs2cs EPSG:4490 EPSG:4547`), then the shoelace formula.
    [Theory]
    [InlineData("POLYGON((113.7 34.75, 113.7025 34.7502, 113.7024 34.7521, 113.7001 34.7519, 113.7 34.75))", 46320.067749)]
    [InlineData("POLYGON((113.771 34.7, 113.772084 34.710625, 113.765 34.721651, 113.75 34.719375, 113.736125 34.720027, 113.731813 34.70875, 113.7245 34.7, 113.724019 34.6875, 113.738375 34.683221, 113.75 34.676875, 113.7605 34.684845, 113.772084 34.689375, 113.771 34.7))", 15929758.165894)]
    [InlineData("POLYGON((115.3 35.0, 115.45 35.0, 115.45 35.1, 115.3 35.1, 115.3 35.0))", 151881094.157715)]
    public void Area_matches_PROJ_to_one_part_in_a_million(string wkt, double expectedSquareMetres)
    {
        var area = Measure.Area(Wkt.Read(wkt));
        Assert.InRange(Math.Abs(area - expectedSquareMetres) / expectedSquareMetres, 0, 1e-6);
    }

    [Fact]
    public void Length_matches_PROJ()
    {
        var length = Measure.Length(Wkt.Read("LINESTRING(113.68 34.74, 113.69 34.745, 113.71 34.744)"));
        Assert.InRange(Math.Abs(length - 2905.4287498), 0, 0.001);
    }

    [Fact]
    public void Area_in_mu_uses_10000_over_15_square_metres()
    {
        Assert.Equal(15.0, Measure.ToMu(10000), 9);
    }

    [Fact]
    public void Holes_are_subtracted()
    {
        var withHole = Wkt.Read("POLYGON((113.70 34.70, 113.72 34.70, 113.72 34.72, 113.70 34.72, 113.70 34.70), (113.705 34.705, 113.705 34.715, 113.715 34.715, 113.715 34.705, 113.705 34.705))");
        var shell = Wkt.Read("POLYGON((113.70 34.70, 113.72 34.70, 113.72 34.72, 113.70 34.72, 113.70 34.70))");
        var hole = Wkt.Read("POLYGON((113.705 34.705, 113.715 34.705, 113.715 34.715, 113.705 34.715, 113.705 34.705))");
        Assert.Equal(Measure.Area(shell) - Measure.Area(hole), Measure.Area(withHole), 6);
    }

    [Fact]
    public void A_fixed_zone_is_validated_and_used()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussKrugerMeasurer(zone: 50));
        var square = Wkt.Read("POLYGON((113.70 34.70, 113.72 34.70, 113.72 34.72, 113.70 34.72, 113.70 34.70))");
        var own = new GaussKrugerMeasurer(38).Area(square);
        var far = new GaussKrugerMeasurer(40).Area(square);
        Assert.Equal(Measure.Area(square), own, 6);
        Assert.True(far > own * 1.001, "measuring 6° off the central meridian inflates area by scale distortion");
        Assert.Equal(4547, new GaussKrugerMeasurer().Project(square).SRID);
    }
}
