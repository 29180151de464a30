using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>
/// Editing sites as GeoJSON Features in CGCS2000 lon/lat, with optimistic concurrency: GET returns the
/// Feature with its ETag; every change needs If-Match, and a stale one gets 412 with the current Feature.
/// Only planners and admins edit; everyone else gets 403 whatever they send. Bodies must be JSON, which
/// a cross-site form cannot send.
/// </summary>
public static class SiteEditApi
{
    public static void MapSiteEditApi(this RouteGroupBuilder sites)
    {
        sites.MapGet("/{id:long}", GetSite);
        sites.MapGet("/{id:long}/history", GetHistory);
        sites.MapPost("/", CreateSite).RequireAuthorization(Policies.Edit);
        sites.MapPost("/check", CheckSite).RequireAuthorization(Policies.Edit);
        sites.MapPut("/{id:long}", UpdateSite).RequireAuthorization(Policies.Edit);
        sites.MapDelete("/{id:long}", DeleteSite).RequireAuthorization(Policies.Edit);
        sites.MapPost("/{id:long}/progress", RecordProgress).RequireAuthorization(Policies.Edit);
        sites.MapPost("/{id:long}/restore", Restore).RequireAuthorization(Policies.Edit);
        sites.MapPost("/{id:long}/split", Split).RequireAuthorization(Policies.Edit);
        sites.MapPost("/{id:long}/merge", Merge).RequireAuthorization(Policies.Edit);
    }

    static async Task<IResult> GetSite(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var site = await Visible(http, db).Include(s => s.Township).FirstOrDefaultAsync(s => s.Id == id, ct);
        return site is null ? TypedResults.NotFound() : FeatureResult(http, site, clock, StatusCodes.Status200OK);
    }

    /// <summary>The site's audited changes, newest first, with the fields each changed.</summary>
    static async Task<IResult> GetHistory(long id, HttpContext http, PlannerDbContext db, CancellationToken ct)
    {
        if (!await Scoped(http, db).AnyAsync(s => s.Id == id, ct)) return TypedResults.NotFound();
        var revisions = await SiteHistory.LoadAsync(db, id, ct);
        return TypedResults.Ok(revisions.Select(r => new
        {
            r.Id, r.Version, at = r.At, by = r.By, action = r.Action.Code(), r.Summary, r.Changed, r.RelatedSiteId, r.RelatedCode,
            canRestore = r.After is not null, canRestoreBefore = r.Before is not null,
        }));
    }

    static async Task<IResult> CreateSite(HttpContext http, PlannerDbContext db, TimeProvider clock, bool? confirmOverlap, CancellationToken ct)
    {
        var (draft, problems) = await ReadDraftAsync(http, ct);
        if (draft is null) return Invalid(problems);
        return await GuardedAsync(http, db, clock, null, async () =>
        {
            var site = await Service(db, clock).CreateAsync(draft, http.User.DisplayName(), confirmOverlap == true, ct);
            http.Response.Headers.Location = $"/api/sites/{site.Id}";
            return FeatureResult(http, site, clock, StatusCodes.Status201Created);
        }, ct);
    }

    /// <summary>Measures and checks a drawn geometry before saving: area, township, faults with their place, overlaps.</summary>
    static async Task<IResult> CheckSite(HttpContext http, PlannerDbContext db, TimeProvider clock, long? id, CancellationToken ct)
    {
        var (root, error) = await ReadJsonAsync(http, ct);
        if (error is not null) return error;
        var problems = new List<Problem>();
        if (!ProgrammeExtensions.TryParse(Text(root.TryGetProperty("properties", out var p) ? p : default, "programme"), out var programme))
            return Invalid([new Problem("programme", "is not road, compound or fringe")]);
        NetTopologySuite.Geometries.Geometry? geometry = null;
        try
        {
            geometry = root.TryGetProperty("geometry", out var g) ? GeoJsonGeometry.Read(g) : null;
        }
        catch (ValidationFailedException e)
        {
            problems.AddRange(e.Problems);
        }
        var check = geometry is null
            ? new SiteCheck(null, 0, null, problems.Count > 0 ? problems : [new Problem("geometry", "is missing")], [])
            : await Service(db, clock).CheckAsync(geometry, programme, id, ct);
        return TypedResults.Ok(new
        {
            areaM2 = check.AreaSquareMetres is { } a ? Math.Round(a, 1) : (double?)null,
            areaMu = check.AreaSquareMetres is { } m ? Math.Round(Measure.ToMu(m), 2) : (double?)null,
            lengthM = Math.Round(check.LengthMetres, 1),
            township = check.Township is { } t ? new { t.Code, t.Name } : null,
            problems = ProblemList(check.Problems),
            overlaps = check.Overlaps.Select(o => new { o.Id, o.Code, o.Name, areaM2 = Math.Round(o.AreaSquareMetres, 1) }),
        });
    }

    static async Task<IResult> UpdateSite(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, bool? confirmOverlap, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return refused;
        var (draft, problems) = await ReadDraftAsync(http, ct);
        if (draft is null) return Invalid(problems);
        return await GuardedAsync(http, db, clock, id, async () =>
        {
            var site = await Service(db, clock).UpdateAsync(id, draft, ExpectedVersion(http)!.Value, http.User.DisplayName(), confirmOverlap == true, ct);
            return FeatureResult(http, site, clock, StatusCodes.Status200OK);
        }, ct);
    }

    static async Task<IResult> DeleteSite(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return refused;
        return await GuardedAsync(http, db, clock, id, async () =>
        {
            await Service(db, clock).DeleteAsync(id, ExpectedVersion(http)!.Value, http.User.DisplayName(), ct);
            return TypedResults.NoContent();
        }, ct);
    }

    /// <summary>POST {status, progress, note, actualDate}: one step of the workflow (or a progress update within a state).</summary>
    static async Task<IResult> RecordProgress(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return refused;
        var (root, error) = await ReadJsonAsync(http, ct);
        if (error is not null) return error;
        var problems = new List<Problem>();
        var status = SiteStatus.Planning;
        if (!SiteStatusExtensions.TryParse(Text(root, "status"), out status))
            problems.Add(new Problem("status", $"\"{Text(root, "status")}\" is not a status ({string.Join(", ", Enum.GetValues<SiteStatus>().Select(s => s.Code()))})"));
        var percent = 0;
        if (!int.TryParse(Text(root, "progress"), NumberStyles.Integer, CultureInfo.InvariantCulture, out percent))
            problems.Add(new Problem("progress", $"\"{Text(root, "progress")}\" is not a whole number"));
        DateOnly? actual = null;
        if (Text(root, "actualDate") is { Length: > 0 } dateText)
        {
            if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) actual = d;
            else problems.Add(new Problem("actualDate", $"\"{dateText}\" is not a date (yyyy-MM-dd)"));
        }
        if (problems.Count > 0) return Invalid(problems);
        return await GuardedAsync(http, db, clock, id, async () =>
        {
            var site = await Service(db, clock).RecordProgressAsync(id, new ProgressUpdate(status, percent, Text(root, "note"), actual),
                http.User.DisplayName(), ExpectedVersion(http)!.Value, ct);
            return FeatureResult(http, site, clock, StatusCodes.Status200OK);
        }, ct);
    }

    /// <summary>POST {revision, before}: the site's fields and geometry as they were after (or before) that revision.</summary>
    static async Task<IResult> Restore(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct, includeDeleted: true) is { } refused) return refused;
        var (root, error) = await ReadJsonAsync(http, ct);
        if (error is not null) return error;
        if (!long.TryParse(Text(root, "revision"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision))
            return Invalid([new Problem("revision", "send the id of the revision to restore")]);
        var before = Text(root, "before") is "true";
        return await GuardedAsync(http, db, clock, id, async () =>
        {
            var site = await Service(db, clock).RestoreAsync(id, revision, before, ExpectedVersion(http)!.Value, http.User.DisplayName(), ct);
            return FeatureResult(http, site, clock, StatusCodes.Status200OK);
        }, ct);
    }

    /// <summary>POST a Feature whose geometry is the cutting LineString (properties code and name, optional, for the new part).</summary>
    static async Task<IResult> Split(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return refused;
        var (root, error) = await ReadJsonAsync(http, ct);
        if (error is not null) return error;
        LineString line;
        try
        {
            var g = root.TryGetProperty("geometry", out var ge) ? GeoJsonGeometry.Read(ge, "line") : null;
            if (g is not LineString l) return Invalid([new Problem("line", "send the cutting line as a GeoJSON LineString")]);
            line = l;
        }
        catch (ValidationFailedException e)
        {
            return Invalid(e.Problems);
        }
        var props = root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        return await GuardedAsync(http, db, clock, id, async () =>
        {
            var (kept, created) = await Service(db, clock).SplitAsync(id, line, ExpectedVersion(http)!.Value, http.User.DisplayName(),
                Text(props, "code"), Text(props, "name"), ct);
            http.Response.Headers.Location = $"/api/sites/{created.Id}";
            http.Response.Headers.ETag = ETag(kept);
            return TypedResults.Ok(new { kept = new { kept.Id, kept.Code, kept.Version, areaM2 = kept.AreaSquareMetres }, created = new { created.Id, created.Code, created.Version, areaM2 = created.AreaSquareMetres } });
        }, ct);
    }

    /// <summary>POST {with, withVersion}: merges that site into this one (If-Match is this site's ETag).</summary>
    static async Task<IResult> Merge(long id, HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return refused;
        var (root, error) = await ReadJsonAsync(http, ct);
        if (error is not null) return error;
        if (!long.TryParse(Text(root, "with"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var other) ||
            !int.TryParse(Text(root, "withVersion"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var otherVersion))
            return Invalid([new Problem("with", "send the id of the site to merge in (\"with\") and its version (\"withVersion\")")]);
        if (!await Visible(http, db).AnyAsync(s => s.Id == other, ct)) return Invalid([new Problem("with", $"no site has id {other}")]);
        return await GuardedAsync(http, db, clock, id, async () =>
        {
            var site = await Service(db, clock).MergeAsync(id, ExpectedVersion(http)!.Value, other, otherVersion, http.User.DisplayName(), ct);
            return FeatureResult(http, site, clock, StatusCodes.Status200OK);
        }, ct);
    }

    static SiteService Service(PlannerDbContext db, TimeProvider clock) => new(db) { Clock = clock };

    /// <summary>404 for a site the user cannot see, 428 without If-Match; null when the request may go on.</summary>
    static async Task<IResult?> Precondition(long id, HttpContext http, PlannerDbContext db, CancellationToken ct, bool includeDeleted = false)
    {
        if (!await (includeDeleted ? Scoped(http, db) : Visible(http, db)).AnyAsync(s => s.Id == id, ct)) return TypedResults.NotFound();
        return ExpectedVersion(http) is null ? PreconditionRequired() : null;
    }

    /// <summary>Runs an edit and turns the service's refusals into answers: 400 problems, 409 overlaps, 412 stale version.</summary>
    static async Task<IResult> GuardedAsync(HttpContext http, PlannerDbContext db, TimeProvider clock, long? id, Func<Task<IResult>> edit, CancellationToken ct)
    {
        try
        {
            return await edit();
        }
        catch (ValidationFailedException e)
        {
            return Invalid(e.Problems);
        }
        catch (OverlapWarningException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "The site overlaps others of its programme",
                extensions: new Dictionary<string, object?>
                {
                    ["overlaps"] = e.Overlaps.Select(o => new { o.Id, o.Code, o.Name, areaM2 = Math.Round(o.AreaSquareMetres, 1) }).ToList(),
                    ["confirm"] = "send again with ?confirmOverlap=true to save anyway",
                });
        }
        catch (ConcurrencyConflictException e) when (id is not null)
        {
            db.ChangeTracker.Clear();
            var current = await db.Sites.AsNoTracking().Include(s => s.Township).FirstAsync(s => s.Id == e.SiteId, ct);
            return FeatureResult(http, current, clock, StatusCodes.Status412PreconditionFailed);
        }
    }

    /// <summary>The sites of the user's townships, deleted ones included (they keep their history).</summary>
    static IQueryable<Site> Scoped(HttpContext http, PlannerDbContext db) => http.User.Scope().Apply(db.Sites.AsNoTracking());

    static IQueryable<Site> Visible(HttpContext http, PlannerDbContext db) => Scoped(http, db).Where(s => s.DeletedAt == null);

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
        extensions: new Dictionary<string, object?> { ["problems"] = ProblemList(problems) });

    static List<object> ProblemList(IEnumerable<Problem> problems) =>
        problems.Select(p => (object)new { where = p.Where, what = p.What, at = p.At is { } c ? new[] { c.X, c.Y } : null }).ToList();

    static IResult FeatureResult(HttpContext http, Site site, TimeProvider clock, int status)
    {
        http.Response.Headers.ETag = ETag(site);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, SiteFeature.WriterOptions)) SiteFeature.Write(w, site, SitesApi.Today(clock));
        return new FeatureBytes(buffer.WrittenMemory, status);
    }

    sealed class FeatureBytes(ReadOnlyMemory<byte> body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/geo+json";
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body).AsTask();
        }
    }

    static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    /// <summary>The JSON body; refuses anything but application/(geo+)json, so a cross-site form post cannot edit.</summary>
    static async Task<(JsonElement Root, IResult? Error)> ReadJsonAsync(HttpContext http, CancellationToken ct)
    {
        var (root, problem) = await ParseJsonAsync(http, ct);
        return (root, problem is null ? null : Invalid([problem]));
    }

    static async Task<(JsonElement Root, Problem? Problem)> ParseJsonAsync(HttpContext http, CancellationToken ct)
    {
        var type = http.Request.ContentType ?? "";
        if (!type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/geo+json", StringComparison.OrdinalIgnoreCase))
            return (default, new Problem("Content-Type", "send JSON: a site as application/geo+json (a GeoJSON Feature)"));
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            return (doc.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (default, new Problem($"body line {e.LineNumber + 1}", $"malformed JSON: {e.Message.Split(" LineNumber", 2)[0]}"));
        }
    }

    static async Task<(SiteDraft? Draft, List<Problem> Problems)> ReadDraftAsync(HttpContext http, CancellationToken ct)
    {
        var (root, problem) = await ParseJsonAsync(http, ct);
        if (problem is not null) return (null, [problem]);
        var problems = new List<Problem>();
        return (SiteFeature.ReadDraft(root, problems), problems);
    }
}
