using Planner.Geometry;

namespace Planner.Tests.Geometry;

public class ChineseOffsetsTests
{
    static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        var zone = GaussKrugerZone.ForLongitude(lon1);
        var (e1, n1) = zone.Project(lon1, lat1);
        var (e2, n2) = zone.Project(lon2, lat2);
        return Math.Sqrt((e1 - e2) * (e1 - e2) + (n1 - n2) * (n1 - n2));
    }

    public static TheoryData<double, double> Places => new()
    {
        { 113.685313, 34.746453 }, // Guancheng
        { 116.397, 39.909 },       // Beijing
        { 121.4737, 31.2304 },     // Shanghai
        { 87.6168, 43.8256 },      // Urumqi
        { 109.5, 18.25 },          // Sanya
        { 126.53, 45.80 },         // Harbin
    };

    [Theory, MemberData(nameof(Places))]
    public void Gcj02_round_trips_within_a_centimetre(double lon, double lat)
    {
        var (gLon, gLat) = ChineseOffsets.Cgcs2000ToGcj02(lon, lat);
        var offset = Metres(lon, lat, gLon, gLat);
        Assert.InRange(offset, 50, 1000); // GCJ-02 shifts by hundreds of metres
        var (bLon, bLat) = ChineseOffsets.Gcj02ToCgcs2000(gLon, gLat);
        Assert.InRange(Metres(lon, lat, bLon, bLat), 0, 0.01);
    }

    [Theory, MemberData(nameof(Places))]
    public void Bd09_round_trips_within_a_centimetre(double lon, double lat)
    {
        var (bdLon, bdLat) = ChineseOffsets.Cgcs2000ToBd09(lon, lat);
        Assert.True(Metres(lon, lat, bdLon, bdLat) > 100);
        var (back, backLat) = ChineseOffsets.Bd09ToCgcs2000(bdLon, bdLat);
        Assert.InRange(Metres(lon, lat, back, backLat), 0, 0.01);
    }

    [Fact]
    public void Leaves_points_outside_China_alone()
    {
        Assert.Equal((2.35, 48.85), ChineseOffsets.Cgcs2000ToGcj02(2.35, 48.85));
        Assert.Equal((2.35, 48.85), ChineseOffsets.Gcj02ToCgcs2000(2.35, 48.85));
    }
}
