using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Planner.Geometry;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>
/// A site as a GeoJSON Feature in CGCS2000 lon/lat: what the editing API speaks and what the audit
/// history stores (a snapshot is the same Feature without the values that change by themselves).
/// </summary>
public static class SiteFeature
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>
    /// The site's fields as its history stores them (<see cref="SiteSnapshot"/>): no id, version or overdue flag, and
    /// the geometry null (the snapshot keeps it as geometry).
    /// </summary>
    public static string Snapshot(Site site) => System.Text.Encoding.UTF8.GetString(SnapshotUtf8(site).Span);

    /// <summary>Decimals of a Feature's coordinates: 0.1 mm, so an edited geometry comes back as it was sent.</summary>
    const int Decimals = 9;

    /// <summary>The snapshot as UTF-8, for a writer that sends bytes (an import's COPY): no string in between.</summary>
    public static ReadOnlyMemory<byte> SnapshotUtf8(Site site, System.Buffers.ArrayBufferWriter<byte>? buffer = null)
    {
        buffer ??= new System.Buffers.ArrayBufferWriter<byte>();
        buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) Write(w, site, today: null);
        return buffer.WrittenMemory;
    }

    /// <summary>Writes the Feature; with <paramref name="today"/> null it is a snapshot's (see <see cref="Snapshot"/>).</summary>
    public static void Write(Utf8JsonWriter w, Site s, DateOnly? today) => Write(w, s, today, editing: true, latLon: false);

    /// <summary>
    /// The Feature as OGC API Features serves it to desktop GIS: the same fields, without what only the editor uses
    /// (version, next statuses), coordinates as stored to 1e-8° (1 mm), and latitude first when the client asked for
    /// EPSG:4490 by its URI (that CRS's axis order), longitude first otherwise (CRS84).
    /// </summary>
    public static void WritePublished(Utf8JsonWriter w, Site s, DateOnly today, bool latLon) => Write(w, s, today, editing: false, latLon);

    static void Write(Utf8JsonWriter w, Site s, DateOnly? today, bool editing, bool latLon)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        if (today is not null) w.WriteNumber("id", s.Id);
        w.WritePropertyName("geometry");
        if (today is null) w.WriteNullValue();
        else GeoJsonGeometry.Write(w, latLon ? AxisOrder.LatLon(s.Geometry) : s.Geometry, editing ? Decimals : 8);
        w.WriteStartObject("properties");
        w.WriteString("programme", s.Programme.Code());
        w.WriteString("township", s.Township?.Code);
        w.WriteString("townshipName", s.Township?.Name);
        w.WriteBoolean("townshipAssigned", s.TownshipAssigned);
        w.WriteString("status", s.Status.Code());
        w.WriteNumber("progress", s.Progress);
        if (today is { } d)
        {
            w.WriteBoolean("overdue", s.IsOverdue(d));
        }
        if (today is not null && editing)
        {
            w.WriteNumber("version", s.Version);
            w.WriteStartArray("nextStatuses");
            foreach (var next in SiteWorkflow.NextStates(s.Status, s.SuspendedFrom)) w.WriteStringValue(next.Code());
            w.WriteEndArray();
        }
        foreach (var field in SiteFields.For(s.Programme)) WriteField(w, field.Key, field.Kind, field.Get(s));
        WriteField(w, "actualStart", SiteFieldKind.Date, s.ActualStart);
        WriteField(w, "actualEnd", SiteFieldKind.Date, s.ActualEnd);
        if (s.AreaSquareMetres is { } a) { w.WriteNumber("areaM2", Math.Round(a, 2)); w.WriteNumber("areaMu", Math.Round(Measure.ToMu(a), 3)); }
        w.WriteNumber("lengthM", Math.Round(s.LengthMetres, 2));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A field's value as JSON by its kind; an empty field is left out (flags are always written).</summary>
    static void WriteField(Utf8JsonWriter w, string name, SiteFieldKind kind, object? value)
    {
        switch (value)
        {
            case null: break;
            case string text: w.WriteString(name, text); break;
            case DateOnly date: w.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case decimal money: w.WriteNumber(name, money); break;
            case double number: w.WriteNumber(name, number); break;
            case int integer: w.WriteNumber(name, integer); break;
            case bool flag: w.WriteBoolean(name, flag); break;
            case WorksClass worksClass: w.WriteString(name, worksClass.Code()); break;
            default: throw new ArgumentException($"field {name} ({kind}) has a value of type {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>Reads a Feature into a draft, naming every field or vertex at fault; null with the problems when it cannot.</summary>
    /// <param name="geometry">The geometry, when it is kept apart from the Feature (a <see cref="SiteSnapshot"/>).</param>
    public static SiteDraft? ReadDraft(JsonElement root, List<Problem> problems, NetTopologySuite.Geometries.Geometry? geometry = null)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "Feature")
        {
            problems.Add(new Problem("body", L10n.T("不是 GeoJSON Feature", "is not a GeoJSON Feature")));
            return null;
        }
        var p = root.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object ? props : default;
        JsonElement? Value(string name) => p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
        // Text fields take JSON strings only: a number or an object is a client's mistake, not a name.
        string? Str(string name)
        {
            if (Value(name) is not { } v) return null;
            if (v.ValueKind == JsonValueKind.String) return v.GetString() is { Length: > 0 } s ? s : null;
            problems.Add(new Problem(name, Messages.NotText(KindName(v.ValueKind))));
            return null;
        }
        // Numbers as JSON numbers, or as the text a form sends.
        double? Num(string name)
        {
            if (Value(name) is not { } v) return null;
            var text = v.ValueKind switch { JsonValueKind.Number => v.GetRawText(), JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : null, _ => "" };
            if (text is null) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
            problems.Add(new Problem(name, v.ValueKind is JsonValueKind.Number or JsonValueKind.String ? Messages.NotANumber(text) : L10n.T($"应为数字，实际是{KindName(v.ValueKind)}", $"must be a number, not {KindName(v.ValueKind)}")));
            return null;
        }
        int? Int(string name)
        {
            var d = Num(name);
            if (d is null) return null;
            if (d == Math.Floor(d.Value) && Math.Abs(d.Value) < int.MaxValue) return (int)d.Value;
            problems.Add(new Problem(name, Messages.NotAWholeNumber(d.Value.ToString(CultureInfo.InvariantCulture))));
            return null;
        }
        DateOnly? Date(string name)
        {
            var text = Str(name);
            if (text is null) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            problems.Add(new Problem(name, Messages.NotADate(text)));
            return null;
        }
        bool? Flag(string name)
        {
            if (Value(name) is not { } v) return null;
            switch (v.ValueKind)
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String when v.GetString() is "true" or "1" or "on": return true;
                case JsonValueKind.String when v.GetString() is "false" or "0" or "off" or "": return false;
            }
            problems.Add(new Problem(name, L10n.T($"应为 true 或 false，实际是 {v.GetRawText()}", $"must be true or false, not {v.GetRawText()}")));
            return null;
        }
        bool Bool(string name) => Flag(name) == true;

        // The township is named only when the user chose it; otherwise it follows the geometry.
        var townshipAssigned = Flag("townshipAssigned") != false;
        var programmeText = Str("programme");
        if (!ProgrammeExtensions.TryParse(programmeText, out var programme))
            problems.Add(new Problem("programme", Messages.NotAProgramme(programmeText)));
        if (geometry is null)
        {
            if (!root.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
                problems.Add(new Problem("geometry", Messages.IsMissing));
            else
            {
                try
                {
                    geometry = GeoJsonGeometry.Read(g);
                }
                catch (ValidationFailedException e)
                {
                    problems.AddRange(e.Problems);
                }
            }
        }
        WorksClass? worksClass = null;
        if (Str("worksClass") is { } wc)
        {
            if (WorksClassExtensions.TryParse(wc, out var parsed)) worksClass = parsed;
            else problems.Add(new Problem("worksClass", Messages.NotAWorksClass(wc)));
        }
        var draft = new SiteDraft
        {
            Programme = programme,
            Code = Str("code") ?? "",
            Name = Str("name") ?? "",
            Geometry = geometry!,
            TownshipCode = townshipAssigned ? Str("township") : null,
            Community = Str("community"), ResponsibleUnit = Str("responsibleUnit"), ResponsiblePerson = Str("responsiblePerson"),
            ResponsiblePhone = Str("responsiblePhone"), LeadOfficial = Str("leadOfficial"), Notes = Str("notes"),
            PlannedStart = Date("plannedStart"), PlannedEnd = Date("plannedEnd"),
            Budget = Num("budget") is { } budget ? (decimal)budget : null,
            IsPilot = Bool("pilot"), IsShowcase = Bool("showcase"),
            Road = programme == Programme.Road ? new RoadFields(Str("roadName"), Str("from"), Str("to"), Num("width"), Str("grade")) : null,
            Compound = programme == Programme.Compound
                ? new CompoundFields(Int("buildYear"), Int("buildings"), Int("households"), Num("floorArea"),
                    Flag("propertyManagement"), worksClass)
                : null,
            Fringe = programme == Programme.Fringe ? new FringeFields(Str("villages"), Int("householdsToRelocate"), Num("illegalStructureArea")) : null,
        };
        return problems.Count > 0 ? null : draft;
    }

    static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => L10n.T("数字", "a number"),
        JsonValueKind.Object => L10n.T("对象", "an object"),
        JsonValueKind.Array => L10n.T("数组", "an array"),
        JsonValueKind.True or JsonValueKind.False => L10n.T("布尔值", "a boolean"),
        _ => kind.ToString(),
    };
}
