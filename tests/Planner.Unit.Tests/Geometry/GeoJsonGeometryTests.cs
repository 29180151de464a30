using System.Text;
using System.Text.Json;
using NetTopologySuite.IO;
using Planner.Geometry;
using Planner.Validation;

namespace Planner.Tests.Geometry;

public class GeoJsonGeometryTests
{
    [Fact]
    public void Reads_a_polygon_with_a_hole()
    {
        var g = GeoJsonGeometry.Parse("""{"type":"Polygon","coordinates":[[[113.7,34.7],[113.72,34.7],[113.72,34.72],[113.7,34.72],[113.7,34.7]],[[113.705,34.705],[113.705,34.715],[113.715,34.715],[113.705,34.705]]]}""");
        Assert.Equal(Cgcs2000.Srid, g.SRID);
        Assert.Equal("POLYGON ((113.7 34.7, 113.7 34.72, 113.72 34.72, 113.72 34.7, 113.7 34.7), (113.705 34.705, 113.715 34.715, 113.705 34.715, 113.705 34.705))",
            g.Normalized().AsText());
    }

    [Fact]
    public void An_unclosed_ring_is_refused_with_its_place()
    {
        var e = Assert.Throws<ValidationFailedException>(() => GeoJsonGeometry.Parse(
            """{"type":"MultiPolygon","coordinates":[[[[113.7,34.7],[113.72,34.7],[113.72,34.72],[113.7,34.7]]],[[[113.8,34.7],[113.82,34.7],[113.82,34.72],[113.8,34.72]]]]}"""));
        var p = Assert.Single(e.Problems);
        Assert.Equal("geometry 第 1 个面 外环", p.Where);
        Assert.Contains("环未闭合", p.What);
        Assert.Contains("最后一个顶点 3", p.What);
    }

    [Fact]
    public void Unclosed_rings_close_when_asked()
    {
        using var doc = JsonDocument.Parse("""{"type":"Polygon","coordinates":[[[113.8,34.7],[113.82,34.7],[113.82,34.72],[113.8,34.72]]]}""");
        var g = GeoJsonGeometry.Read(doc.RootElement, closeRings: true);
        Assert.Equal(5, g.NumPoints);
    }

    [Theory]
    [InlineData("""{"type":"LineString","coordinates":[[113.7,34.7]]}""", "geometry", "线至少需要 2 个坐标")]
    [InlineData("""{"type":"Polygon","coordinates":[[[113.7,34.7],[113.72,34.7],[113.7,34.7]]]}""", "geometry 外环", "环至少需要 4 个坐标")]
    [InlineData("""{"type":"LineString","coordinates":[[113.7,34.7],[113.8,"x"]]}""", "geometry 第 1 个顶点", "不是有限数值")]
    [InlineData("""{"type":"Circle","coordinates":[]}""", "geometry", "未知的几何类型")]
    [InlineData("""{"type":"Polygon","coordinates":[[[113.7,34.7],[113.72,34.7],[113.72,34.72],[113.7,34.7]]""", "geometry 第 1 行", "JSON 格式错误")]
    public void Bad_structure_is_refused_with_its_place(string json, string where, string what)
    {
        var p = Assert.Single(Assert.Throws<ValidationFailedException>(() => GeoJsonGeometry.Parse(json)).Problems);
        Assert.StartsWith(where, p.Where);
        Assert.Contains(what, p.What);
    }

    [Fact]
    public void Writes_RFC7946_winding_and_reads_back_the_same_geometry()
    {
        var wkt = new WKTReader(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));
        // Clockwise shell: RFC 7946 wants it written counter-clockwise.
        var g = wkt.Read("POLYGON((113.7 34.7, 113.7 34.72, 113.72 34.72, 113.72 34.7, 113.7 34.7))");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) GeoJsonGeometry.Write(writer, g);
        var json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal("""{"type":"Polygon","coordinates":[[[113.7,34.7],[113.72,34.7],[113.72,34.72],[113.7,34.72],[113.7,34.7]]]}""", json);
        Assert.True(GeoJsonGeometry.Parse(json).EqualsTopologically(g));
    }

    [Theory]
    [InlineData(7, "113.1234568")]
    [InlineData(5, "113.12346")]
    [InlineData(9, "113.123456789")]
    public void Coordinates_are_written_to_the_decimals_asked_and_the_holes_clockwise(int decimals, string x)
    {
        var wkt = new WKTReader(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));
        var g = wkt.Read("MULTIPOLYGON(((113.123456789123 34.7, 113.2 34.7, 113.2 34.8, 113.123456789123 34.8, 113.123456789123 34.7), (113.15 34.72, 113.16 34.72, 113.16 34.73, 113.15 34.72)))");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) GeoJsonGeometry.Write(writer, g, decimals);
        var json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.StartsWith($$"""{"type":"MultiPolygon","coordinates":[[[[{{x}},34.7]""", json);
        var back = (NetTopologySuite.Geometries.Polygon)GeoJsonGeometry.Parse(json).GetGeometryN(0);
        Assert.True(back.Shell.IsCCW);
        Assert.False(back.Holes[0].IsCCW);
        Assert.Equal(113.123456789123, g.Coordinates[0].X); // the geometry itself is not rounded
    }
}
