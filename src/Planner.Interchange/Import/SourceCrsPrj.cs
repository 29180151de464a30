using System.Globalization;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using ProjNet.IO.CoordinateSystems;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

public sealed partial class SourceCrs
{
    /// <summary>
    /// The coordinate system of an ESRI .prj (WKT 1), read with ProjNet's WKT reader. Only CGCS2000 and WGS84 (the same
    /// to centimetres) are taken as they are; data on another datum — Beijing 1954, Xi'an 1980 — lies about 70 m off in
    /// Zhengzhou and is refused with the datum's name, unless the district's seven parameters are given, which are then
    /// applied (ProjNet: geocentric Helmert transformation).
    /// </summary>
    /// <param name="where">The .prj's name, for messages.</param>
    public static SourceCrs FromPrj(string wkt, string where = ".prj", DatumShift? shift = null)
    {
        CoordinateSystem cs;
        try
        {
            // ESRI writes Gauss–Krüger under its own name; it is ProjNet's Transverse Mercator.
            cs = (CoordinateSystem)CoordinateSystemWktReader.Parse(wkt.Replace("\"Gauss_Kruger\"", "\"Transverse_Mercator\"", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is not OutOfMemoryException) // a .prj is the user's text: whatever the reader trips over, it is refused, not a fault
        {
            throw new ValidationFailedException(where, L10n.T($"无法读取坐标系（WKT）：{e.Message}", $"the coordinate system (WKT) cannot be read: {e.Message}"));
        }
        var projected = cs as ProjectedCoordinateSystem;
        var geographic = cs as GeographicCoordinateSystem ?? projected?.GeographicCoordinateSystem
            ?? throw new ValidationFailedException(where, L10n.T($"不支持的坐标系 {cs.Name}", $"{cs.Name} is not a supported coordinate system"));
        var datum = geographic.HorizontalDatum;
        var known = KnownDatum(datum.Name);
        if (known is Datum.Cgcs2000 or Datum.Wgs84)
        {
            if (projected is null) return known == Datum.Wgs84 ? Wgs84 : Cgcs2000LonLat;
            if (projected.Authority == "EPSG" && FromEpsg((int)projected.AuthorityCode) is { } byCode) return byCode;
            return Projected(projected, known.Value, where);
        }
        if (shift is null) throw OtherDatum(where, cs.Name, DatumLabel(known, datum.Name));
        datum.Wgs84Parameters = new Wgs84ConversionInfo(shift.Dx, shift.Dy, shift.Dz, shift.Rx, shift.Ry, shift.Rz, shift.Ppm);
        ICoordinateTransformation transformation;
        try
        {
            transformation = new CoordinateTransformationFactory().CreateFromCoordinateSystems(cs, GeographicCoordinateSystem.WGS84);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new ValidationFailedException(where, L10n.T($"无法转换坐标系“{cs.Name}”：{e.Message}", $"coordinate system \"{cs.Name}\" cannot be converted: {e.Message}"));
        }
        var transform = transformation.MathTransform;
        return new SourceCrs($"{cs.Name}+towgs84", $"{cs.Name}, {DatumLabel(known, datum.Name)} → CGCS2000 with {shift}", projected is null,
            (x, y) => transform.Transform(x, y));
    }

    /// <summary>CGCS2000 (or WGS84) Gauss–Krüger, or Web Mercator.</summary>
    static SourceCrs Projected(ProjectedCoordinateSystem projected, Datum datum, string where)
    {
        var method = projected.Projection.ClassName.Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        double? Parameter(string name) => projected.Projection.GetParameter(name)?.Value
                                          ?? Enumerable.Range(0, projected.Projection.NumParameters).Select(projected.Projection.GetParameter)
                                              .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
        if (method.Contains("mercator", StringComparison.Ordinal) && !method.Contains("transverse", StringComparison.Ordinal) && datum == Datum.Wgs84)
            return WebMercator;
        if (method.Contains("transverse", StringComparison.Ordinal) && datum == Datum.Cgcs2000 &&
            Parameter("central_meridian") is { } cm && Parameter("false_easting") is { } falseEasting && (Parameter("scale_factor") ?? 1) == 1)
        {
            // Central meridians of 6-degree zones (6n−3) are also 3-degree ones: the name or the zone number in the false easting decides.
            var prefix = falseEasting > 1_000_000;
            var prefixZone = prefix ? (int)Math.Floor(falseEasting / 1_000_000) : 0;
            if (projected.Name.Contains("6_Degree", StringComparison.OrdinalIgnoreCase) || prefixZone is >= 13 and <= 23)
                return GaussKruger6((int)Math.Round((cm + 3) / 6), prefix);
            if (cm % 3 == 0) return GaussKruger3((int)Math.Round(cm / 3), prefix);
        }
        throw new ValidationFailedException(where, L10n.T(
            $"不支持的投影“{projected.Name}”（{projected.Projection.ClassName}）：支持 CGCS2000 经纬度和高斯–克吕格投影、WGS84 经纬度、Web 墨卡托；可用 --crs 指定",
            $"projection \"{projected.Name}\" ({projected.Projection.ClassName}) is not supported: CGCS2000 lon/lat and Gauss–Krüger, WGS84 lon/lat and Web Mercator are; state one with --crs"));
    }

    /// <summary>Data on another datum than CGCS2000: said with the datum's name, and what to do.</summary>
    static ValidationFailedException OtherDatum(string where, string name, string datum) => new(where, L10n.T(
        $"坐标系“{name}”的基准是{datum}，不是 CGCS2000：在郑州两者相差约 70 米，直接导入会整体错位。请先用本区的七参数转换为 CGCS2000 再导入，或导入时用 --towgs84 dx,dy,dz,rx,ry,rz,s 给出七参数（到 WGS84/CGCS2000）",
        $"coordinate system \"{name}\" is on the {datum} datum, not CGCS2000: in Zhengzhou the two lie about 70 m apart, so the data would be shifted. Convert it to CGCS2000 with the district's seven parameters first, or give them with --towgs84 dx,dy,dz,rx,ry,rz,s (to WGS84/CGCS2000)"));

    /// <summary>EPSG codes of Beijing 1954 and Xi'an 1980 (geographic and Gauss–Krüger): refused like their .prj.</summary>
    static void RefuseOtherDatum(int epsg, string where)
    {
        if (epsg is 4214 or (>= 2401 and <= 2442) or (>= 21413 and <= 21483)) throw OtherDatum(where, $"EPSG:{epsg}", DatumLabel(Datum.Beijing1954, "Beijing 1954"));
        if (epsg is 4610 or (>= 2327 and <= 2390)) throw OtherDatum(where, $"EPSG:{epsg}", DatumLabel(Datum.Xian1980, "Xian 1980"));
    }

    enum Datum { Cgcs2000, Wgs84, Beijing1954, Xian1980, NewBeijing }

    static Datum? KnownDatum(string name)
    {
        var n = new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
        if (n.Contains("newbeijing", StringComparison.Ordinal)) return Datum.NewBeijing;
        if (n.Contains("china2000", StringComparison.Ordinal) || n.Contains("cgcs2000", StringComparison.Ordinal) || n.Contains("chinageodeticcoordinatesystem2000", StringComparison.Ordinal)) return Datum.Cgcs2000;
        if (n.Contains("wgs1984", StringComparison.Ordinal) || n.Contains("wgs84", StringComparison.Ordinal) || n.Contains("worldgeodeticsystem1984", StringComparison.Ordinal)) return Datum.Wgs84;
        if (n.Contains("beijing1954", StringComparison.Ordinal) || n.Contains("beijing54", StringComparison.Ordinal)) return Datum.Beijing1954;
        if (n.Contains("xian1980", StringComparison.Ordinal) || n.Contains("xian80", StringComparison.Ordinal)) return Datum.Xian1980;
        return null;
    }

    static string DatumLabel(Datum? datum, string name) => datum switch
    {
        Datum.Beijing1954 => L10n.T($"北京 1954（{name}）", $"Beijing 1954 ({name})"),
        Datum.Xian1980 => L10n.T($"西安 1980（{name}）", $"Xi'an 1980 ({name})"),
        Datum.NewBeijing => L10n.T($"新北京 54（{name}）", $"New Beijing 1954 ({name})"),
        _ => L10n.T($"“{name}”", $"\"{name}\""),
    };
}
