using System.Globalization;

namespace Planner.Geometry;

/// <summary>Links that open a place in the phone map apps field teams use: AMap wants GCJ-02 (converted here from CGCS2000).</summary>
public static class MapLinks
{
    /// <summary>AMap showing the place; <paramref name="lon"/>, <paramref name="lat"/> in GCJ-02.</summary>
    public static string AmapMarkerGcj02(double lon, double lat, string name) => string.Create(CultureInfo.InvariantCulture,
        $"https://uri.amap.com/marker?position={lon:F6},{lat:F6}&name={Uri.EscapeDataString(name)}&coordinate=gaode&callnative=1");

    /// <summary>AMap's navigation to the place; <paramref name="lon"/>, <paramref name="lat"/> in GCJ-02.</summary>
    public static string AmapNavigationGcj02(double lon, double lat, string name) => string.Create(CultureInfo.InvariantCulture,
        $"https://uri.amap.com/navigation?to={lon:F6},{lat:F6},{Uri.EscapeDataString(name)}&mode=car&coordinate=gaode&callnative=1");

    /// <summary>AMap's navigation to a CGCS2000 lon/lat.</summary>
    public static string AmapNavigation(double lon, double lat, string name)
    {
        var (gLon, gLat) = ChineseOffsets.Cgcs2000ToGcj02(lon, lat);
        return AmapNavigationGcj02(gLon, gLat, name);
    }
}
