using Planner.Localization;

namespace Planner.Web.Ogc;

/// <summary>
/// The coordinate systems OGC API Features serves (Part 2): CRS84, the default (longitude, latitude, as GeoJSON), and
/// CGCS2000 by its EPSG URI, in that CRS's own axis order (latitude, longitude) — what GDAL and QGIS expect when they ask
/// for it. Both are the stored coordinates; no transformation happens.
/// </summary>
public static class OgcCrs
{
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    public const string Cgcs2000 = "http://www.opengis.net/def/crs/EPSG/0/4490";
    public static readonly IReadOnlyList<string> Supported = [Crs84, Cgcs2000];

    /// <summary>Reads a crs or bbox-crs parameter (absent: CRS84); whether its axes are latitude first, or why it is refused.</summary>
    public static bool TryParse(string? value, string parameter, out string crs, out bool latLon, out string? error)
    {
        crs = Crs84;
        latLon = false;
        error = null;
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v) || v is Crs84 or "[OGC:CRS84]") return true;
        if (v is Cgcs2000 or "[EPSG:4490]" or "EPSG:4490")
        {
            crs = Cgcs2000;
            latLon = true;
            return true;
        }
        error = L10n.T($"{parameter}：不支持“{v}”，可用 {Crs84}（默认，经度在前）或 {Cgcs2000}（CGCS2000，纬度在前）",
            $"{parameter}: \"{v}\" is not supported; use {Crs84} (the default, longitude first) or {Cgcs2000} (CGCS2000, latitude first)");
        return false;
    }
}
