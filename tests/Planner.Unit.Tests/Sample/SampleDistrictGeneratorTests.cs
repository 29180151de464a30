using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Planner.Geometry;
using Planner.Sample;

namespace Planner.Tests.Sample;

public class SampleDistrictGeneratorTests
{
    static readonly string Source = Path.Combine(Paths.Shared, "data", "china-admin-gcj02", "410100_full.json");

    [Fact]
    public void Regenerating_gives_the_committed_files_byte_for_byte()
    {
        var output = Directory.CreateTempSubdirectory("planner-sample-").FullName;
        try
        {
            new SampleDistrictGenerator().Generate(Source, output);
            foreach (var file in new[] { SampleFiles.DistrictFile, SampleFiles.TownshipsFile, SampleFiles.SitesFile })
                Assert.True(File.ReadAllBytes(Path.Combine(output, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Paths.Data, file))),
                    $"{file} differs from data/guancheng: run `planner sample generate` and commit the result");
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }

    [Fact]
    public void Townships_partition_the_real_district()
    {
        var district = SampleDistrictGenerator.ReadDistrict(Source);
        var townships = SampleFiles.ReadCollection<TownshipProperties>(Path.Combine(Paths.Data, SampleFiles.TownshipsFile)).ToList();
        Assert.Equal(11, townships.Count);
        Assert.Contains(townships, t => t.Properties.Name == "南曹乡");
        Assert.Contains(townships, t => t.Properties.Name == "十八里河街道");
        var union = UnaryUnionOp.Union(townships.Select(t => t.Geometry).ToList());
        var districtArea = Measure.Area(district);
        // Union equals the district (to rounding at 8 decimals), and the parts add up to it: no overlaps.
        Assert.InRange(Math.Abs(Measure.Area(union) - districtArea) / districtArea, 0, 1e-6);
        Assert.InRange(Math.Abs(townships.Sum(t => Measure.Area(t.Geometry)) - districtArea) / districtArea, 0, 1e-6);
        Assert.InRange(districtArea / 1e6, 200, 210); // Guancheng is about 204 km²
    }

    [Fact]
    public void District_is_converted_from_GCJ02()
    {
        var district = SampleDistrictGenerator.ReadDistrict(Source);
        var raw = GeoJsonGeometry.Parse(System.Text.Json.JsonDocument.Parse(File.ReadAllText(Source)).RootElement
            .GetProperty("features").EnumerateArray().First(f => f.GetProperty("properties").GetProperty("adcode").GetInt32() == 410104)
            .GetProperty("geometry").GetRawText());
        // Vertex by vertex, converting back to GCJ-02 gives the source file's numbers.
        var stored = district.Coordinates;
        var source = raw.Coordinates;
        Assert.Equal(source.Length, stored.Length);
        for (var i = 0; i < stored.Length; i += 17)
        {
            var (gLon, gLat) = ChineseOffsets.Cgcs2000ToGcj02(stored[i].X, stored[i].Y);
            Assert.Equal(source[i].X, gLon, 9);
            Assert.Equal(source[i].Y, gLat, 9);
        }
        var (c, r) = (stored[0], source[0]);
        Assert.True(Math.Abs(r.X - c.X) > 0.003, "the offset is hundreds of metres");
    }
}
