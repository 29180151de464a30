using Planner.Geometry;
using Planner.Tiles;

namespace Planner.Tests.Tiles;

public class LinearMercatorTests
{
    const double R = 6378137;

    public static TheoryData<double, double> Places => new()
    {
        { 113.685313, 34.746453 }, // Guancheng
        { 109.5119, 18.2528 },     // Sanya
        { 116.397, 39.909 },       // Beijing
        { 126.535, 45.803 },       // Harbin
        { 122.537, 52.972 },       // Mohe, China's north
    };

    [Theory, MemberData(nameof(Places))]
    public void Where_given_the_affine_map_is_within_half_a_tile_unit_of_the_projection_over_the_tile_and_its_buffer(double lon, double lat)
    {
        var linearFrom = -1;
        for (var z = 6; z <= 20; z++)
        {
            var tile = TileAddress.Containing(lon, lat, z);
            if (MvtTileBuilder.LinearMercator(tile) is not var (ax, ay, by))
            {
                Assert.Equal(-1, linearFrom); // once small enough, every deeper tile is too
                continue;
            }
            if (linearFrom < 0) linearFrom = z;
            var b = MvtTileBuilder.QueryBounds(tile);
            var worst = 0.0;
            for (var i = 0; i <= 32; i++)
                for (var j = 0; j <= 32; j++)
                {
                    var x = b.MinX + (b.MaxX - b.MinX) * i / 32;
                    var y = b.MinY + (b.MaxY - b.MinY) * j / 32;
                    var exactX = R * x * Math.PI / 180;
                    var exactY = R * Math.Log(Math.Tan(Math.PI / 4 + y * Math.PI / 360));
                    worst = Math.Max(worst, Math.Max(Math.Abs(ax * x - exactX), Math.Abs(ay * y + by - exactY)));
                }
            Assert.True(worst <= MvtTileBuilder.LinearTolerance * MvtTileBuilder.MetresPerUnit(z), $"z{z} {tile}: {worst / MvtTileBuilder.MetresPerUnit(z):F3} units");
        }
        Assert.InRange(linearFrom, 11, 14); // the district views below keep the projection
    }

    [Fact]
    public void In_Guancheng_tiles_from_zoom_12_are_affine_and_the_district_views_below_are_projected()
    {
        Assert.Null(MvtTileBuilder.LinearMercator(TileAddress.Containing(113.685313, 34.746453, 11)));
        Assert.NotNull(MvtTileBuilder.LinearMercator(TileAddress.Containing(113.685313, 34.746453, 12)));
    }
}
