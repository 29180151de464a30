using Planner.Geometry;

namespace Planner.Tests.Geometry;

public class GaussKrugerTests
{
    // Reference: PROJ 9.1.1 `cs2cs -f %.4f EPSG:4490 EPSG:<code>` (input lat lon; output northing easting).
    [Theory]
    [InlineData(113.70, 34.75, 4547, 472530.4710, 3846899.3211)]
    [InlineData(113.20, 34.20, 4547, 426264.9444, 3786135.6345)]
    [InlineData(114.80, 34.70, 4547, 573296.9215, 3841602.8689)]
    [InlineData(116.39, 39.91, 4548, 447841.2481, 4419714.1332)]
    [InlineData(121.47, 31.23, 4549, 640060.3377, 3457406.4355)]
    [InlineData(87.60, 43.80, 4538, 548285.1151, 4851775.3027)]
    public void Projects_like_PROJ_to_within_a_millimetre(double lon, double lat, int epsg, double easting, double northing)
    {
        var zone = GaussKrugerZone.ForLongitude(lon);
        Assert.Equal(epsg, zone.Epsg);
        var (e, n) = zone.Project(lon, lat);
        Assert.InRange(Math.Abs(e - easting), 0, 0.001);
        Assert.InRange(Math.Abs(n - northing), 0, 0.001);
        var (lon2, lat2) = zone.Unproject(e, n);
        Assert.InRange(Math.Abs(lon2 - lon), 0, 1e-9);
        Assert.InRange(Math.Abs(lat2 - lat), 0, 1e-9);
    }

    [Theory]
    [InlineData(113.7, 38, 114, 4547, 4526)]
    [InlineData(115.49, 38, 114, 4547, 4526)]
    [InlineData(115.51, 39, 117, 4548, 4527)]
    [InlineData(73.5, 25, 75, 4534, 4513)]
    [InlineData(134.9, 45, 135, 4554, 4533)]
    public void Chooses_the_zone_with_the_nearest_central_meridian(double lon, int zone, int cm, int epsg, int epsgWithPrefix)
    {
        var z = GaussKrugerZone.ForLongitude(lon);
        Assert.Equal((zone, cm, epsg, epsgWithPrefix), (z.Zone, z.CentralMeridian, z.Epsg, z.EpsgWithZonePrefix));
        Assert.Same(z, GaussKrugerZone.ForEpsg(epsg));
        Assert.Same(z, GaussKrugerZone.ForEpsg(epsgWithPrefix));
    }

    [Fact]
    public void Rejects_zones_outside_China_and_unknown_codes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussKrugerZone.Get(24));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussKrugerZone.Get(46));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussKrugerZone.ForLongitude(double.NaN));
        Assert.Null(GaussKrugerZone.ForEpsg(4326));
    }
}
