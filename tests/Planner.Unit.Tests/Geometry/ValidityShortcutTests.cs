using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NetTopologySuite.IO;
using NetTopologySuite.Operation.Valid;
using Planner.Geometry;
using Planner.Import;

namespace Planner.Tests.Geometry;

public class ValidityShortcutTests
{
    static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));

    [Theory]
    [InlineData("square", "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))")]
    [InlineData("square with a hole", "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))")]
    [InlineData("two holes side by side", "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2), (6 6, 6 8, 8 8, 8 6, 6 6))")]
    [InlineData("repeated vertices", "POLYGON((0 0, 10 0, 10 0, 10 10, 0 10, 0 10, 0 0))")]
    [InlineData("a vertex in the middle of a straight edge", "POLYGON((0 0, 5 0, 10 0, 10 10, 0 10, 0 0))")]
    [InlineData("concave, edges close but apart", "POLYGON((0 0, 10 0, 10 10, 5 1e-9, 0 10, 0 0))")]
    [InlineData("two separate parts", "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((2 0, 3 0, 3 1, 2 1, 2 0)))")]
    [InlineData("an island in a lake", "MULTIPOLYGON(((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 8, 8 8, 8 2, 2 2)), ((4 4, 6 4, 6 6, 4 6, 4 4)))")]
    public void Valid_polygons_whose_rings_never_touch_are_proven(string name, string wkt)
    {
        var geometry = Wkt.Read(wkt);
        Assert.True(new IsValidOp(geometry).IsValid, name);
        Assert.True(ValidityShortcut.ProvesValid(geometry), name);
        Assert.True(ValidityShortcut.ProvesValid(Packed(geometry)), name);
    }

    [Theory]
    [InlineData("bow-tie", "POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))")]
    [InlineData("spike", "POLYGON((0 0, 10 0, 10 10, 5 10, 5 15, 5 10, 0 10, 0 0))")]
    [InlineData("spike folding back along an edge", "POLYGON((0 0, 10 0, 5 0, 5 5, 0 0))")]
    [InlineData("figure of eight touching at a vertex", "POLYGON((0 0, 4 0, 2 2, 4 4, 0 4, 2 2, 0 0))")]
    [InlineData("all on one line", "POLYGON((0 0, 5 0, 10 0, 0 0))")]
    [InlineData("hole outside the shell", "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (20 20, 20 22, 22 22, 22 20, 20 20))")]
    [InlineData("hole inside a hole", "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 1 9, 9 9, 9 1, 1 1), (3 3, 3 5, 5 5, 5 3, 3 3))")]
    [InlineData("hole crossing the shell", "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (8 8, 8 12, 12 12, 12 8, 8 8))")]
    [InlineData("one part inside another", "MULTIPOLYGON(((0 0, 10 0, 10 10, 0 10, 0 0)), ((4 4, 6 4, 6 6, 4 6, 4 4)))")]
    [InlineData("overlapping parts", "MULTIPOLYGON(((0 0, 10 0, 10 10, 0 10, 0 0)), ((5 5, 15 5, 15 15, 5 15, 5 5)))")]
    [InlineData("parts sharing an edge", "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((1 0, 2 0, 2 1, 1 1, 1 0)))")]
    public void Invalid_polygons_are_never_proven(string name, string wkt)
    {
        var geometry = Wkt.Read(wkt);
        Assert.False(new IsValidOp(geometry).IsValid, name);
        Assert.False(ValidityShortcut.ProvesValid(geometry), name);
        Assert.False(ValidityShortcut.ProvesValid(Packed(geometry)), name);
    }

    [Theory]
    [InlineData("hole touching the shell at a point", "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (0 5, 3 3, 3 7, 0 5))")]
    [InlineData("parts touching at a corner", "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((1 1, 2 1, 2 2, 1 2, 1 1)))")]
    [InlineData("a line", "LINESTRING(0 0, 1 1)")]
    public void Touching_rings_and_other_types_are_left_to_IsValidOp(string name, string wkt)
    {
        var geometry = Wkt.Read(wkt);
        Assert.True(new IsValidOp(geometry).IsValid, name);
        Assert.False(ValidityShortcut.ProvesValid(geometry), name);
    }

    [Fact]
    public void On_every_district_of_China_it_agrees_with_IsValidOp_wherever_it_proves()
    {
        var folder = Path.Combine(Paths.Shared, "data", "china-admin-gcj02");
        int valid = 0, proven = 0, invalid = 0;
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var source = new GeoJsonSource(File.OpenRead(file), Path.GetFileName(file));
            foreach (var feature in source.Read())
            {
                if (feature.Geometry is not { } raw) continue;
                var geometry = SourceCrs.Gcj02.ToCgcs2000InPlace(raw);
                var isValid = new IsValidOp(geometry).IsValid;
                var isProven = ValidityShortcut.ProvesValid(geometry);
                Assert.False(isProven && !isValid, $"{file} {feature.Where}: proven valid, but IsValidOp says {new IsValidOp(geometry).ValidationError}");
                if (isValid) valid++; else invalid++;
                if (isProven) proven++;
            }
        }
        // Most districts are valid and their rings touch nowhere: the shortcut settles nearly all of them.
        Assert.True(invalid > 100, $"{invalid} invalid districts: the check would show nothing");
        Assert.True(proven >= valid * 0.99, $"proven {proven} of {valid} valid");
    }

    static NetTopologySuite.Geometries.Geometry Packed(NetTopologySuite.Geometries.Geometry geometry)
    {
        var factory = new GeometryFactory(geometry.PrecisionModel, geometry.SRID, PackedCoordinateSequenceFactory.DoubleFactory);
        return factory.CreateGeometry(geometry);
    }
}
