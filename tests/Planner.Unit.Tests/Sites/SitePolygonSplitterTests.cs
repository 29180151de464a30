using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Tests.Sites;

public sealed class SitePolygonSplitterTests
{
    static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));

    static string[] Split(string polygon, string line) =>
        SitePolygonSplitter.Split(Wkt.Read(polygon), (LineString)Wkt.Read(line)).Select(p => p.Normalized().AsText()).Order().ToArray();

    [Fact]
    public void A_line_across_a_square_cuts_it_in_two_where_it_crosses()
    {
        Assert.Equal(
            ["POLYGON ((0 0, 0 10, 4 10, 4 0, 0 0))", "POLYGON ((4 0, 4 10, 10 10, 10 0, 4 0))"],
            Split("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "LINESTRING (4 -1, 4 11)"));
    }

    [Fact]
    public void A_hole_stays_a_hole_in_the_part_that_holds_it()
    {
        var parts = Split("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (6 4, 8 4, 8 6, 6 6, 6 4))", "LINESTRING (4 -1, 4 11)");
        Assert.Equal(2, parts.Length);
        Assert.Contains("POLYGON ((4 0, 4 10, 10 10, 10 0, 4 0), (6 4, 8 4, 8 6, 6 6, 6 4))", parts);
    }

    [Theory]
    [InlineData("LINESTRING (4 -1, 4 5)", 1)]          // stops inside: no cut
    [InlineData("LINESTRING (20 0, 20 10)", 1)]        // misses
    [InlineData("LINESTRING (3 -1, 3 11, 7 11, 7 -1)", 3)] // crosses twice: three parts
    public void Lines_that_do_not_cut_it_in_two_say_how_many_parts_they_make(string line, int parts)
    {
        Assert.Equal(parts, Split("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", line).Length);
    }
}
