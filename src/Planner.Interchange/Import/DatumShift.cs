using System.Globalization;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// Seven Helmert (Bursa–Wolf, position vector) parameters from a local datum to WGS84/CGCS2000, as a district's surveying
/// office publishes them for Beijing 1954 or Xi'an 1980 data: dx, dy, dz in metres, rx, ry, rz in arc-seconds, s in ppm —
/// the order of PROJ's and WKT's TOWGS84.
/// </summary>
public sealed record DatumShift(double Dx, double Dy, double Dz, double Rx, double Ry, double Rz, double Ppm)
{
    /// <summary>"dx,dy,dz,rx,ry,rz,s" (three values: a shift without rotation or scale).</summary>
    public static DatumShift Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToList();
        if (parts.Length is not (3 or 7) || values.Any(v => v is null))
            throw new ValidationFailedException("towgs84", L10n.T($"“{text}”不是七参数：应为 dx,dy,dz,rx,ry,rz,s（米、角秒、ppm），或只有 dx,dy,dz",
                $"\"{text}\" is not seven parameters: give dx,dy,dz,rx,ry,rz,s (metres, arc-seconds, ppm), or dx,dy,dz"));
        var v = values.Select(x => x!.Value).Concat(Enumerable.Repeat(0.0, 7 - parts.Length)).ToArray();
        return new DatumShift(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Dx},{Dy},{Dz},{Rx},{Ry},{Rz},{Ppm}");
}
