using System.Globalization;
using System.Text.Json;
using Planner.Sites;

namespace Planner.Web.Api;

/// <summary>A site as the map shows it (<c>GET /api/sites</c>): its geometry as an object (SQLite) or as the GeoJSON PostGIS made (PostgreSQL).</summary>
sealed record MapSite(long Id, string Code, string Name, string Programme, int TownshipId, string Township, SiteStatus Status, int Progress,
    DateOnly? PlannedEnd, bool IsPilot, bool IsShowcase, double? AreaSquareMetres, double LengthMetres,
    NetTopologySuite.Geometries.Geometry? Geometry, byte[]? GeoJson)
{
    // The names encoded once: a z14 view writes 13 of them for each of its ~2,000 sites.
    static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code"), NameName = JsonEncodedText.Encode("name"),
        ProgrammeName = JsonEncodedText.Encode("programme"), TownshipIdName = JsonEncodedText.Encode("townshipId"),
        TownshipName = JsonEncodedText.Encode("township"), StatusName = JsonEncodedText.Encode("status"), ProgressName = JsonEncodedText.Encode("progress"),
        OverdueName = JsonEncodedText.Encode("overdue"), PilotName = JsonEncodedText.Encode("pilot"), ShowcaseName = JsonEncodedText.Encode("showcase"),
        PlannedEndName = JsonEncodedText.Encode("plannedEnd"), AreaName = JsonEncodedText.Encode("areaM2"), LengthName = JsonEncodedText.Encode("lengthM");

    /// <summary>The map's properties of a site (the list, the popup and the styles read them).</summary>
    public static void WriteProperties(Utf8JsonWriter w, MapSite x, DateOnly today)
    {
        w.WriteString(CodeName, x.Code);
        w.WriteString(NameName, x.Name);
        w.WriteString(ProgrammeName, x.Programme);
        w.WriteNumber(TownshipIdName, x.TownshipId);
        w.WriteString(TownshipName, x.Township);
        w.WriteString(StatusName, x.Status.Code());
        w.WriteNumber(ProgressName, x.Progress);
        w.WriteBoolean(OverdueName, OverdueRule.IsOverdue(x.Status, x.PlannedEnd, today));
        w.WriteBoolean(PilotName, x.IsPilot);
        w.WriteBoolean(ShowcaseName, x.IsShowcase);
        Span<char> date = stackalloc char[10];
        if (x.PlannedEnd is { } end && end.TryFormat(date, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture)) w.WriteString(PlannedEndName, date[..n]);
        if (x.AreaSquareMetres is { } a) w.WriteNumber(AreaName, Math.Round(a, 1));
        w.WriteNumber(LengthName, Math.Round(x.LengthMetres, 1));
    }
}
