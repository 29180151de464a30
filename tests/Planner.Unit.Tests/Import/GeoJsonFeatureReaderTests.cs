using System.Globalization;
using System.Text;
using System.Text.Json;
using Planner.Geometry;
using Planner.Import;

namespace Planner.Tests.Import;

/// <summary>The fast feature reader must give exactly what the careful, document-based reader gives.</summary>
public sealed class GeoJsonFeatureReaderTests
{
    static (Dictionary<string, string?> Attributes, NetTopologySuite.Geometries.Geometry Geometry) Fast(string json)
    {
        Assert.True(GeoJsonFeatureReader.TryRead(Encoding.UTF8.GetBytes(json), SourceFactory.Raw, out var attributes, out var geometry), "fast path taken");
        return (attributes, geometry!);
    }

    static NetTopologySuite.Geometries.Geometry Careful(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return GeoJsonGeometry.Read(doc.RootElement.GetProperty("geometry"), "geometry", SourceFactory.Raw);
    }

    [Fact]
    public void Numbers_are_read_to_the_same_bits_as_the_general_parser()
    {
        var random = new Random(4490);
        var positions = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var x = 73 + random.NextDouble() * 62;
            var y = 18 + random.NextDouble() * 35;
            // Short and long decimals, exponents, negative zero, integers.
            var text = (i % 5) switch
            {
                0 => x.ToString("R", CultureInfo.InvariantCulture),
                1 => x.ToString("F6", CultureInfo.InvariantCulture),
                2 => x.ToString("E10", CultureInfo.InvariantCulture),
                3 => Math.Round(x).ToString(CultureInfo.InvariantCulture),
                _ => x.ToString("F15", CultureInfo.InvariantCulture),
            };
            positions.Add($"[{text},{y.ToString("R", CultureInfo.InvariantCulture)},12.5]");
        }
        positions.Add("[-0.0,0.000000000000001]");
        var json = $$$"""{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[{{{string.Join(",", positions)}}}]}}""";
        var fast = Fast(json).Geometry.Coordinates;
        var careful = Careful(json).Coordinates;
        Assert.Equal(careful.Length, fast.Length);
        for (var i = 0; i < fast.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(careful[i].X), BitConverter.DoubleToInt64Bits(fast[i].X));
            Assert.Equal(BitConverter.DoubleToInt64Bits(careful[i].Y), BitConverter.DoubleToInt64Bits(fast[i].Y));
        }
    }

    [Fact]
    public void Scanned_plain_decimals_are_the_same_bits_as_the_general_parser()
    {
        var random = new Random(2000);
        var positions = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var x = 73 + random.NextDouble() * 62;
            var y = -random.NextDouble() * 35;
            var text = (i % 3) switch
            {
                0 => x.ToString("R", CultureInfo.InvariantCulture),
                1 => x.ToString("F6", CultureInfo.InvariantCulture),
                _ => Math.Round(x).ToString(CultureInfo.InvariantCulture),
            };
            // Writers' layouts: spaces, new lines, an altitude.
            positions.Add(i % 2 == 0 ? $"[{text},{y.ToString("R", CultureInfo.InvariantCulture)}]" : $"[ {text} ,\n\t{y.ToString("F9", CultureInfo.InvariantCulture)} , 12.5 ]");
        }
        var coordinates = $"[ {string.Join(",\r\n", positions)} ]";
        var at = 0;
        var scanned = GeoJsonFeatureReader.ScanCoordinates(Encoding.UTF8.GetBytes(coordinates), ref at, "LineString", SourceFactory.Raw);
        Assert.NotNull(scanned);
        Assert.Equal(coordinates.Length, at);
        var careful = Careful($$$"""{"geometry":{"type":"LineString","coordinates":{{{coordinates}}}}}""").Coordinates;
        var fast = scanned.Coordinates;
        Assert.Equal(careful.Length, fast.Length);
        for (var i = 0; i < fast.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(careful[i].X), BitConverter.DoubleToInt64Bits(fast[i].X));
            Assert.Equal(BitConverter.DoubleToInt64Bits(careful[i].Y), BitConverter.DoubleToInt64Bits(fast[i].Y));
        }
    }

    [Theory]
    [InlineData("[[0,0],[1e-3,0]]")] // exponents: the general parser's
    [InlineData("[[0,0],[1,0],/* comment */[1,1]]")]
    [InlineData("[[0,0],[1,0,2,3]]")] // four numbers
    [InlineData("[[0,0]]")] // one position
    [InlineData("[]")]
    public void Anything_but_plain_positions_is_not_scanned(string coordinates)
    {
        var at = 0;
        Assert.Null(GeoJsonFeatureReader.ScanCoordinates(Encoding.UTF8.GetBytes(coordinates), ref at, "LineString", SourceFactory.Raw));
    }

    [Theory]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]],[[0.2,0.1],[0.8,0.1],[0.8,0.7],[0.2,0.1]]],[[[5,5],[6,5],[6,6],[5,5]]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}""")]
    [InlineData("""{"type":"LineString","coordinates":[[0,0],[1,0]]}""")]
    [InlineData("""{"coordinates":[[0,0],[1,0],[1,1],[0,0]],"type":"LineString"}""")] // type after the coordinates
    [InlineData("""{"type":"Point","coordinates":[113.6,34.7],"bbox":[113.6,34.7,113.6,34.7]}""")]
    [InlineData("""{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}""")]
    [InlineData("""{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]}""")]
    public void Geometries_come_out_as_the_careful_reader_makes_them(string geometry)
    {
        // Geometry last, as writers put it (its numbers scanned from the bytes), and pretty-printed.
        var pretty = geometry.Replace(",", ", \n  ", StringComparison.Ordinal).Replace("[[", "[ \t[", StringComparison.Ordinal);
        var last = """{"type":"Feature","properties":{"名称":"管城"},"geometry":""" + pretty + "  \n}\n";
        Assert.Equal(Careful(last).AsText(), Fast(last).Geometry.AsText());

        var json = $$$$"""{"type":"Feature","id":7,"geometry":{{{{geometry}}}},"properties":{"名称":"管城","n":12.50,"ok":true,"none":null,"list":[1, 2],"obj":{"a":"b"}}}""";
        var (attributes, fast) = Fast(json);
        Assert.Equal(Careful(json).AsText(), fast.AsText());
        Assert.Equal("管城", attributes["名称"]);
        Assert.Equal("12.50", attributes["N"]); // names compare ignoring case, numbers keep their text
        Assert.Equal("true", attributes["ok"]);
        Assert.Null(attributes["none"]);
        Assert.Equal("[1, 2]", attributes["list"]);
        Assert.Equal("""{"a":"b"}""", attributes["obj"]);
    }

    [Theory]
    [InlineData("""{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}""")] // not closed
    [InlineData("""{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0]]}}""")]
    [InlineData("""{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,"x"]}}""")]
    [InlineData("""{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e999,2]}}""")]
    [InlineData("""{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[]}}""")]
    [InlineData("""{"type":"Feature","properties":{},"geometry":null}""")]
    [InlineData("""{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]},"geometry":{"type":"Point","coordinates":[3,4]}}""")]
    [InlineData("""[1,2]""")]
    public void Anything_unusual_is_left_to_the_careful_reader(string json)
    {
        Assert.False(GeoJsonFeatureReader.TryRead(Encoding.UTF8.GetBytes(json), SourceFactory.Raw, out _, out _));
    }

    [Fact]
    public void GeoJSON4STJ_inside_the_same_splitter_reads_every_district_of_China_as_the_scanner_does()
    {
        // The library's reader is what `bench … import` measures the scanner against: it must read the same.
        var folder = Path.Combine(Paths.Shared, "data", "china-admin-gcj02");
        var features = 0;
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var scanned = new GeoJsonSource(File.OpenRead(file), Path.GetFileName(file));
            using var library = new GeoJsonSource(File.OpenRead(file), Path.GetFileName(file)) { LibraryReader = true };
            foreach (var (a, b) in scanned.Read().Zip(library.Read(), (a, b) => (a, b)))
            {
                Assert.Equal(a.Where, b.Where);
                Assert.Equal(a.Attributes.Keys.Order(), b.Attributes.Keys.Order());
                foreach (var (name, value) in a.Attributes)
                    if (value is ['[', ..] or ['{', ..]) // arrays and objects: the same JSON, spaced as it may be
                        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(value), System.Text.Json.Nodes.JsonNode.Parse(b.Attributes[name]!)), $"{a.Where} {name}");
                    else Assert.Equal(value, b.Attributes[name]);
                Assert.True(a.Geometry!.EqualsExact(b.Geometry!), $"{a.Where}: the two readers disagree");
                features++;
            }
        }
        Assert.True(features > 3000, $"{features} features");
    }
}
