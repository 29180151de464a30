using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Planner.Geometry;
using Planner.Townships;

namespace Planner.Tests.Townships;

public class TownshipLocatorTests
{
    static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));

    static Township Make(string code, string wkt)
    {
        var t = new Township { Code = code, Name = code };
        t.SetBoundary((MultiPolygon)Wkt.Read(wkt));
        return t;
    }

    readonly Township[] townships =
    [
        Make("west", "MULTIPOLYGON(((113.70 34.70, 113.75 34.70, 113.75 34.75, 113.70 34.75, 113.70 34.70)))"),
        Make("east", "MULTIPOLYGON(((113.75 34.70, 113.80 34.70, 113.80 34.75, 113.75 34.75, 113.75 34.70)))"),
    ];

    [Theory]
    [InlineData("POLYGON((113.71 34.71, 113.72 34.71, 113.72 34.72, 113.71 34.72, 113.71 34.71))", "west")]
    [InlineData("POLYGON((113.745 34.71, 113.765 34.71, 113.765 34.72, 113.745 34.72, 113.745 34.71))", "east")]
    [InlineData("LINESTRING(113.74 34.72, 113.753 34.72)", "west")]
    [InlineData("LINESTRING(113.748 34.72, 113.79 34.72)", "east")]
    public void Picks_the_township_with_the_largest_overlap(string wkt, string expected)
    {
        Assert.Equal(expected, TownshipLocator.Locate(Wkt.Read(wkt), townships)?.Code);
    }

    [Fact]
    public void Outside_every_township_gives_null()
    {
        Assert.Null(TownshipLocator.Locate(Wkt.Read("POLYGON((113.90 34.71, 113.91 34.71, 113.91 34.72, 113.90 34.72, 113.90 34.71))"), townships));
    }
}
