using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>
/// Editing sites as GeoJSON Features in CGCS2000 lon/lat, with optimistic concurrency: GET returns the
/// Feature with its ETag, PUT and DELETE need If-Match, a stale one gets 412 with the current Feature.
/// Only planners and admins edit; everyone else gets 403 whatever they send.
/// </summary>
public static class SiteEditApi
{
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static void MapSiteEditApi(this RouteGroupBuilder sites)
    {
        sites.MapGet("/{id:long}", GetSite);
        sites.MapPost("/", CreateSite).RequireAuthorization(Policies.Edit);
        sites.MapPut("/{id:long}", UpdateSite).RequireAuthorization(Policies.Edit);
        sites.MapDelete("/{id:long}", DeleteSite).RequireAuthorization(Policies.Edit);
    }

    static async Task<IResult> GetSite(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var site = await Visible(http, db).Include(s => s.Township).FirstOrDefaultAsync(s => s.Id == id, ct);
        return site is null ? TypedResults.NotFound() : FeatureResult(http, site, SitesApi.Today(clock), StatusCodes.Status200OK);
    }

    static async Task<IResult> CreateSite(HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (draft, problems) = await ReadDraftAsync(http, ct);
        if (draft is null) return Invalid(problems);
        try
        {
            var site = await new SiteService(db) { Clock = clock }.CreateAsync(draft, http.User.DisplayName(), ct);
            await db.Entry(site).Reference(s => s.Township).LoadAsync(ct);
            http.Response.Headers.Location = $"/api/sites/{site.Id}";
            return FeatureResult(http, site, SitesApi.Today(clock), StatusCodes.Status201Created);
        }
        catch (ValidationFailedException e)
        {
            return Invalid(e.Problems);
        }
    }

    static async Task<IResult> UpdateSite(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await Visible(http, db).AnyAsync(s => s.Id == id, ct) is false) return TypedResults.NotFound();
        if (ExpectedVersion(http) is not { } expected) return PreconditionRequired();
        var (draft, problems) = await ReadDraftAsync(http, ct);
        if (draft is null) return Invalid(problems);
        try
        {
            var site = await new SiteService(db) { Clock = clock }.UpdateAsync(id, draft, expected, ct);
            await db.Entry(site).Reference(s => s.Township).LoadAsync(ct);
            return FeatureResult(http, site, SitesApi.Today(clock), StatusCodes.Status200OK);
        }
        catch (ConcurrencyConflictException)
        {
            return await CurrentAsync(id, http, db, clock, ct);
        }
        catch (ValidationFailedException e)
        {
            return Invalid(e.Problems);
        }
    }

    static async Task<IResult> DeleteSite(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await Visible(http, db).AnyAsync(s => s.Id == id, ct) is false) return TypedResults.NotFound();
        if (ExpectedVersion(http) is not { } expected) return PreconditionRequired();
        try
        {
            await new SiteService(db) { Clock = clock }.DeleteAsync(id, expected, ct);
            return TypedResults.NoContent();
        }
        catch (ConcurrencyConflictException)
        {
            return await CurrentAsync(id, http, db, clock, ct);
        }
    }

    /// <summary>412 with the site as it is now, so the editor can show what changed.</summary>
    static async Task<IResult> CurrentAsync(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.Sites.AsNoTracking().Include(s => s.Township).FirstAsync(s => s.Id == id, ct);
        return FeatureResult(http, current, SitesApi.Today(clock), StatusCodes.Status412PreconditionFailed);
    }

    static IQueryable<Site> Visible(HttpContext http, PlannerDbContext db) =>
        http.User.Scope().Apply(db.Sites.AsNoTracking()).Where(s => s.DeletedAt == null);

    public static string ETag(Site site) => $"\"v{site.Version}\"";

    static int? ExpectedVersion(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        return header.Length > 3 && header[0] == '"' && header[1] == 'v' && header[^1] == '"' &&
               int.TryParse(header[2..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    static IResult PreconditionRequired() => TypedResults.Problem("send If-Match with the ETag from GET /api/sites/{id}: edits without it could overwrite someone else's",
        statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");

    static IResult Invalid(IEnumerable<Problem> problems) => TypedResults.Problem(
        string.Join("; ", problems.Select(p => p.ToString())), statusCode: StatusCodes.Status400BadRequest, title: "The site was not saved",
        extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(p => new { where = p.Where, what = p.What }).ToList() });

    static IResult FeatureResult(HttpContext http, Site site, DateOnly today, int status)
    {
        http.Response.Headers.ETag = ETag(site);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) WriteFeature(w, site, today);
        return new FeatureBytes(buffer.WrittenMemory.ToArray(), status);
    }

    sealed class FeatureBytes(byte[] body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/geo+json";
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body).AsTask();
        }
    }

    static void WriteFeature(Utf8JsonWriter w, Site s, DateOnly today)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteNumber("id", s.Id);
        w.WritePropertyName("geometry");
        GeoJsonGeometry.Write(w, s.Geometry, decimals: 9);
        w.WriteStartObject("properties");
        w.WriteString("code", s.Code);
        w.WriteString("name", s.Name);
        w.WriteString("programme", s.Programme.Code());
        w.WriteString("township", s.Township?.Code);
        w.WriteString("townshipName", s.Township?.Name);
        w.WriteBoolean("townshipAssigned", s.TownshipAssigned);
        w.WriteString("status", s.Status.Code());
        w.WriteNumber("progress", s.Progress);
        w.WriteBoolean("overdue", s.IsOverdue(today));
        w.WriteNumber("version", s.Version);
        Str("community", s.Community); Str("responsibleUnit", s.ResponsibleUnit); Str("responsiblePerson", s.ResponsiblePerson);
        Str("responsiblePhone", s.ResponsiblePhone); Str("leadOfficial", s.LeadOfficial); Str("notes", s.Notes);
        Date("plannedStart", s.PlannedStart); Date("plannedEnd", s.PlannedEnd); Date("actualStart", s.ActualStart); Date("actualEnd", s.ActualEnd);
        if (s.Budget is { } b) w.WriteNumber("budget", b);
        w.WriteBoolean("pilot", s.IsPilot);
        w.WriteBoolean("showcase", s.IsShowcase);
        if (s.AreaSquareMetres is { } a) { w.WriteNumber("areaM2", Math.Round(a, 2)); w.WriteNumber("areaMu", Math.Round(Measure.ToMu(a), 3)); }
        w.WriteNumber("lengthM", Math.Round(s.LengthMetres, 2));
        switch (s)
        {
            case RoadSite r: Str("roadName", r.RoadName); Str("from", r.RoadFrom); Str("to", r.RoadTo); Num("width", r.WidthMetres); Str("grade", r.Grade); break;
            case CompoundSite c:
                Num("buildYear", c.BuildYear); Num("buildings", c.Buildings); Num("households", c.Households); Num("floorArea", c.FloorAreaSquareMetres);
                if (c.HasPropertyManagement is { } pm) w.WriteBoolean("propertyManagement", pm);
                Str("worksClass", c.WorksClass?.Code()); break;
            case FringeSite f: Str("villages", f.Villages); Num("householdsToRelocate", f.HouseholdsToRelocate); Num("illegalStructureArea", f.IllegalStructureAreaSquareMetres); break;
        }
        w.WriteEndObject();
        w.WriteEndObject();

        void Str(string name, string? value) { if (value is not null) w.WriteString(name, value); }
        void Date(string name, DateOnly? value) { if (value is { } d) w.WriteString(name, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); }
        void Num(string name, double? value) { if (value is { } v) w.WriteNumber(name, v); }
    }

    /// <summary>Reads a GeoJSON Feature into a draft, naming every field or vertex at fault.</summary>
    static async Task<(SiteDraft? Draft, List<Problem> Problems)> ReadDraftAsync(HttpContext http, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var type = http.Request.ContentType ?? "";
        if (!type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/geo+json", StringComparison.OrdinalIgnoreCase))
            return (null, [new Problem("Content-Type", "send the site as application/geo+json (a GeoJSON Feature)")]);
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return (null, [new Problem($"body line {e.LineNumber + 1}", $"malformed JSON: {e.Message.Split(" LineNumber", 2)[0]}")]);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.GetString() != "Feature")
                return (null, [new Problem("body", "is not a GeoJSON Feature")]);
            var p = root.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object ? props : default;
            string? Str(string name) => p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
                ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
            double? Num(string name)
            {
                var text = Str(name);
                if (text is null) return null;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
                problems.Add(new Problem(name, $"\"{text}\" is not a number"));
                return null;
            }
            DateOnly? Date(string name)
            {
                var text = Str(name);
                if (text is null) return null;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
                problems.Add(new Problem(name, $"\"{text}\" is not a date (yyyy-MM-dd)"));
                return null;
            }
            bool Bool(string name) => Str(name) is "true" or "1";

            if (!ProgrammeExtensions.TryParse(Str("programme"), out var programme))
                problems.Add(new Problem("programme", $"\"{Str("programme")}\" is not road, compound or fringe"));
            NetTopologySuite.Geometries.Geometry? geometry = null;
            if (!root.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
                problems.Add(new Problem("geometry", "is missing"));
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
            WorksClass? worksClass = null;
            if (Str("worksClass") is { } wc)
            {
                if (Enum.GetValues<WorksClass>().FirstOrDefault(c => c.Code() == wc || c.ChineseName() == wc) is var found && (found.Code() == wc || found.ChineseName() == wc)) worksClass = found;
                else problems.Add(new Problem("worksClass", $"\"{wc}\" is not basic, improvement or enhancement"));
            }
            var draft = new SiteDraft
            {
                Programme = programme,
                Code = Str("code") ?? "",
                Name = Str("name") ?? "",
                Geometry = geometry!,
                TownshipCode = Str("township"),
                Community = Str("community"), ResponsibleUnit = Str("responsibleUnit"), ResponsiblePerson = Str("responsiblePerson"),
                ResponsiblePhone = Str("responsiblePhone"), LeadOfficial = Str("leadOfficial"), Notes = Str("notes"),
                PlannedStart = Date("plannedStart"), PlannedEnd = Date("plannedEnd"),
                Budget = Num("budget") is { } budget ? (decimal)budget : null,
                IsPilot = Bool("pilot"), IsShowcase = Bool("showcase"),
                Road = programme == Programme.Road ? new RoadFields(Str("roadName"), Str("from"), Str("to"), Num("width"), Str("grade")) : null,
                Compound = programme == Programme.Compound
                    ? new CompoundFields((int?)Num("buildYear"), (int?)Num("buildings"), (int?)Num("households"), Num("floorArea"),
                        Str("propertyManagement") is { } pm ? pm is "true" or "1" : null, worksClass)
                    : null,
                Fringe = programme == Programme.Fringe ? new FringeFields(Str("villages"), (int?)Num("householdsToRelocate"), Num("illegalStructureArea")) : null,
            };
            return problems.Count > 0 ? (null, problems) : (draft, problems);
        }
    }
}
