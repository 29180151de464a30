using NetTopologySuite.IO;
using Planner.Geometry;
using Planner.Localization;

namespace Planner.Tests.Geometry;

public sealed class TileAddressTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(14, 13365, 6503)]
    [InlineData(22, 3421584, 1664996)]
    public void A_tile_holds_the_points_inside_its_bounds_and_its_neighbours_do_not(int z, int x, int y)
    {
        Assert.True(TileAddress.TryCreate(z, x, y, out var tile, out var error), error);
        var b = tile.LonLatBounds();
        Assert.Equal(tile, TileAddress.Containing(b.Centre.X, b.Centre.Y, z));
        Assert.Equal(tile, TileAddress.Containing(b.MinX + b.Width * 1e-6, b.MaxY - b.Height * 1e-6, z));
        if (z > 0) Assert.NotEqual(tile, TileAddress.Containing(b.MaxX + b.Width * 1e-6, b.Centre.Y, z));
        // The buffer widens every side by its share of the tile.
        var wide = tile.LonLatBounds(64.0 / 4096);
        Assert.Equal(b.Width * (1 + 2 * 64.0 / 4096), wide.Width, 9);
        Assert.True(wide.Contains(b));
    }

    [Fact]
    public void Zhengzhou_at_z14_is_the_tile_OpenStreetMap_numbers()
    {
        // 113.665°E 34.747°N (Guancheng): x = floor((lon+180)/360·2^z) = 13365, y = floor((1 − ln(tan φ + sec φ)/π)/2·2^z) = 6503.
        Assert.Equal("14/13365/6503", TileAddress.Containing(113.665, 34.747, 14).ToString());
    }

    [Theory]
    [InlineData(23, 0, 0, "z=23")]
    [InlineData(-1, 0, 0, "z=-1")]
    [InlineData(3, 8, 0, "0 到 7")]
    [InlineData(3, 0, -1, "0 到 7")]
    public void An_address_outside_the_pyramid_is_refused_naming_the_limit(int z, int x, int y, string says)
    {
        L10n.Use(L10n.Chinese); // the product's default; the culture flows with this test only
        Assert.False(TileAddress.TryCreate(z, x, y, out _, out var error));
        Assert.Contains(says, error);
    }

    [Fact]
    public void Latitude_first_swaps_every_vertex_and_back()
    {
        var polygon = new WKTReader().Read("POLYGON ((113.66 34.74, 113.67 34.74, 113.67 34.75, 113.66 34.74))");
        var swapped = AxisOrder.LatLon(polygon);
        Assert.Equal("POLYGON ((34.74 113.66, 34.74 113.67, 34.75 113.67, 34.74 113.66))", swapped.AsText());
        Assert.True(AxisOrder.LatLon(swapped).EqualsExact(polygon));
        Assert.Equal("POLYGON ((113.66 34.74, 113.67 34.74, 113.67 34.75, 113.66 34.74))", polygon.AsText()); // the original is untouched
    }
}
