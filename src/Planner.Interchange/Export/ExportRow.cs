using System.Globalization;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Export;

/// <summary>One site as the exports write it: its fields, measures, and where to navigate to.</summary>
public sealed record ExportRow
{
    public required Site Site { get; init; }
    public required string Township { get; init; }
    /// <summary>The township's administrative code: the district's own order in summaries.</summary>
    public string TownshipCode { get; init; } = "";
    public required bool Overdue { get; init; }
    public required int OpenTasks { get; init; }
    /// <summary>A point inside the site (on the line for roads), CGCS2000 lon/lat.</summary>
    public required (double Lon, double Lat) Point { get; init; }
    /// <summary>The same point in GCJ-02, for AMap and phone apps that use it.</summary>
    public (double Lon, double Lat) PointGcj02 => gcj02 ??= ChineseOffsets.Cgcs2000ToGcj02(Point.Lon, Point.Lat);
    public (double Lon, double Lat) PointBd09 => bd09 ??= ChineseOffsets.Gcj02ToBd09(PointGcj02.Lon, PointGcj02.Lat);

    // Several columns read these; the conversions run once per row.
    (double, double)? gcj02;
    (double, double)? bd09;

    /// <summary>Opens AMap at the site (AMap wants GCJ-02).</summary>
    public string AmapLink => MapLinks.AmapMarkerGcj02(PointGcj02.Lon, PointGcj02.Lat, Site.Name);

    /// <summary>Starts AMap's navigation to the site: what the QR code on a printed sheet opens on a phone.</summary>
    public string AmapNavigationLink => MapLinks.AmapNavigationGcj02(PointGcj02.Lon, PointGcj02.Lat, Site.Name);

    /// <summary>Opens Baidu Maps at the site (Baidu wants BD-09, latitude first).</summary>
    public string BaiduLink => string.Create(CultureInfo.InvariantCulture,
        $"https://api.map.baidu.com/marker?location={PointBd09.Lat:F6},{PointBd09.Lon:F6}&title={Uri.EscapeDataString(Site.Name)}&content={Uri.EscapeDataString(Site.Code)}&output=html&coord_type=bd09ll&src=planner");
}
