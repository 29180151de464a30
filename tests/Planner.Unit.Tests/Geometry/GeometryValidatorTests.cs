using NetTopologySuite.IO;
using Planner.Geometry;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Tests.Geometry;

public class GeometryValidatorTests
{
    static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));

    static IReadOnlyList<Problem> Check(string wkt, Programme programme) => GeometryValidator.Validate(Wkt.Read(wkt), programme);

    [Fact]
    public void A_valid_compound_passes()
    {
        Assert.Empty(Check("POLYGON((113.70 34.75, 113.7025 34.7502, 113.7024 34.7521, 113.7001 34.7519, 113.70 34.75))", Programme.Compound));
    }

    [Fact]
    public void A_bow_tie_is_refused_with_the_crossing_point()
    {
        var problems = Check("POLYGON((113.70 34.75, 113.71 34.76, 113.71 34.75, 113.70 34.76, 113.70 34.75))", Programme.Compound);
        var p = Assert.Single(problems);
        Assert.Equal("geometry 位于 113.7050000, 34.7550000", p.Where);
        Assert.Contains("自相交", p.What);
    }

    [Fact]
    public void A_spike_is_refused()
    {
        var problems = Check("POLYGON((113.70 34.75, 113.71 34.75, 113.71 34.76, 113.705 34.76, 113.705 34.78, 113.705 34.76, 113.70 34.76, 113.70 34.75))", Programme.Compound);
        Assert.Contains("自相交", Assert.Single(problems).What);
    }

    [Theory]
    [InlineData("LINESTRING(113.70 34.75, 113.71 34.76)", Programme.Compound, "老旧小区项目需要面（Polygon 或 MultiPolygon）")]
    [InlineData("POLYGON((113.70 34.75, 113.71 34.75, 113.71 34.76, 113.70 34.75))", Programme.Road, "道路项目需要线（LineString 或 MultiLineString）")]
    [InlineData("POINT(113.70 34.75)", Programme.Fringe, "是 Point")]
    public void Wrong_type_for_the_kind_is_named(string wkt, Programme programme, string expected)
    {
        Assert.Contains(expected, Assert.Single(Check(wkt, programme)).What);
    }

    [Fact]
    public void Projected_coordinates_are_recognised_with_the_vertex()
    {
        var p = Check("LINESTRING(113.70 34.75, 472530.47 3846899.32)", Programme.Road)[0];
        Assert.Equal("geometry 第 1 个顶点", p.Where);
        Assert.Contains("投影坐标", p.What);
    }

    [Fact]
    public void Coordinates_outside_China_are_refused()
    {
        var p = Assert.Single(Check("LINESTRING(2.35 48.85, 2.36 48.86)", Programme.Road).Take(1));
        Assert.Contains("在中国境外", p.What);
    }

    [Fact]
    public void A_line_of_one_repeated_point_is_refused()
    {
        Assert.Contains("至少需要 2 个不同的点", Assert.Single(Check("LINESTRING(113.70 34.75, 113.70 34.75)", Programme.Road)).What);
    }

    [Fact]
    public void A_zero_area_polygon_is_refused()
    {
        var problems = Check("POLYGON((113.70 34.75, 113.71 34.75, 113.72 34.75, 113.70 34.75))", Programme.Fringe);
        Assert.NotEmpty(problems);
    }

    [Fact]
    public void Repair_only_on_request_and_gives_a_valid_geometry()
    {
        var bowTie = Wkt.Read("POLYGON((113.70 34.75, 113.71 34.76, 113.71 34.75, 113.70 34.76, 113.70 34.75))");
        Assert.False(bowTie.IsValid);
        var repaired = GeometryValidator.Repair(bowTie);
        Assert.False(bowTie.IsValid); // the input is untouched
        Assert.Empty(GeometryValidator.Validate(repaired, Programme.Compound));
        Assert.Equal(Cgcs2000.Srid, repaired.SRID);
        var expected = Wkt.Read("MULTIPOLYGON(((113.70 34.75, 113.705 34.755, 113.70 34.76, 113.70 34.75)), ((113.71 34.75, 113.71 34.76, 113.705 34.755, 113.71 34.75)))");
        // NTS 2.6 computes the crossing to the last bit (34.754999999999995): compare to 1e-12°.
        Assert.True(expected.Normalized().EqualsExact(repaired.Normalized(), 1e-12), repaired.Normalized().AsText());
    }

    [Fact]
    public void Rules_validate_their_settings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SiteGeometryRules { MinimumAreaSquareMetres = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SiteGeometryRules { MinimumLengthMetres = double.NaN });
        var strict = new SiteGeometryRules { MinimumAreaSquareMetres = 100_000 };
        var small = Wkt.Read("POLYGON((113.70 34.75, 113.7025 34.7502, 113.7024 34.7521, 113.7001 34.7519, 113.70 34.75))");
        Assert.Contains("小于下限 100000 m²", Assert.Single(strict.Validate(small, Programme.Compound)).What);
    }
}
