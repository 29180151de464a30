using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Planner.Data;
using Planner.Geometry;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>
/// Editing sites as GeoJSON Features in CGCS2000 lon/lat, with optimistic concurrency: GET returns the
/// Feature with its ETag; every change needs If-Match, and a stale one gets 412 with the current Feature.
/// Only planners and admins edit; everyone else gets 403 whatever they send. Bodies must be JSON, which
/// a cross-site form cannot send. Bodies over <see cref="MaxBodyBytes"/> get 413.
/// </summary>
public static class SiteEditApi
{
    /// <summary>A site with the largest geometry the limits allow (20,000 vertices) is well under 2 MB of GeoJSON.</summary>
    public const long MaxBodyBytes = 4L << 20;

    public static void MapSiteEditApi(this RouteGroupBuilder sites)
    {
        sites.MapGet("/{id:long}", GetSite);
        sites.MapGet("/{id:long}/history", GetHistory);
        var edits = sites.MapGroup("").RequireAuthorization(Policies.Edit).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        edits.MapPost("/", CreateSite);
        edits.MapPost("/check", CheckSite);
        edits.MapPut("/{id:long}", UpdateSite);
        edits.MapDelete("/{id:long}", DeleteSite);
        edits.MapPost("/{id:long}/progress", RecordProgress);
        edits.MapPost("/{id:long}/restore", Restore);
        edits.MapPost("/{id:long}/split", Split);
        edits.MapPost("/{id:long}/merge", Merge);
    }

    static async Task<Results<FeatureResponse, NotFound>> GetSite(long id, HttpContext http, PlannerDbContext db, DistrictTime time, CancellationToken ct)
    {
        var site = await Visible(http, db).Include(s => s.Township).FirstOrDefaultAsync(s => s.Id == id, ct);
        return site is null ? TypedResults.NotFound() : new FeatureResponse(site, time.Today, StatusCodes.Status200OK);
    }

    public sealed record HistoryItem(long Id, int Version, DateTimeOffset At, string By, string Action, string? Summary, IReadOnlyList<string> Changed,
        long? RelatedSiteId, string? RelatedCode, bool CanRestore, bool CanRestoreBefore);

    /// <summary>The site's audited changes, newest first, with the fields each changed; notes in the reader's language.</summary>
    static async Task<Results<Ok<List<HistoryItem>>, NotFound>> GetHistory(long id, HttpContext http, PlannerDbContext db, CancellationToken ct)
    {
        if (!await Scoped(http, db).AnyAsync(s => s.Id == id, ct)) return TypedResults.NotFound();
        var revisions = await SiteHistory.LoadAsync(db, id, ct);
        return TypedResults.Ok(revisions.Select(r => new HistoryItem(r.Id, r.Version, r.At, r.By, r.Action.Code(), HistoryNote.Render(r.Summary), r.Changed,
            r.RelatedSiteId, r.RelatedCode, r.After is not null, r.Before is not null)).ToList());
    }

    static async Task<Results<FeatureResponse, ProblemHttpResult>> CreateSite(HttpContext http, SiteService service, DistrictTime time, bool? confirmOverlap, CancellationToken ct)
    {
        var (draft, problems) = await ReadDraftAsync(http, ct);
        if (draft is null) return SiteResults.Invalid(problems);
        try
        {
            var site = await service.CreateAsync(draft, http.User.DisplayName(), confirmOverlap == true, ct);
            http.Response.Headers.Location = $"/api/sites/{site.Id}";
            return new FeatureResponse(site, time.Today, StatusCodes.Status201Created);
        }
        catch (ValidationFailedException e)
        {
            return SiteResults.Invalid(e.Problems);
        }
        catch (OverlapWarningException e)
        {
            return SiteResults.Overlaps(e);
        }
    }

    public sealed record CheckResponse(double? AreaM2, double? AreaMu, double LengthM, object? Township, List<object> Problems, IEnumerable<object> Overlaps);

    /// <summary>Measures and checks a drawn geometry before saving: area, township, faults with their place, overlaps.</summary>
    static async Task<Results<Ok<CheckResponse>, ProblemHttpResult>> CheckSite(HttpContext http, SiteService service, long? id, CancellationToken ct)
    {
        var (root, problem) = await ParseJsonAsync(http, ct);
        if (problem is not null) return SiteResults.Invalid([problem]);
        var props = root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var programmeText = props.ValueKind == JsonValueKind.Object && props.TryGetProperty("programme", out var pr) && pr.ValueKind == JsonValueKind.String ? pr.GetString() : null;
        if (!ProgrammeExtensions.TryParse(programmeText, out var programme)) return SiteResults.Invalid([new Problem("programme", Messages.NotAProgramme(programmeText))]);
        var problems = new List<Problem>();
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
            ? new SiteCheck(null, 0, null, problems.Count > 0 ? problems : [new Problem("geometry", Messages.IsMissing)], [])
            : await service.CheckAsync(geometry, programme, id, ct);
        return TypedResults.Ok(new CheckResponse(
            check.AreaSquareMetres is { } a ? Math.Round(a, 1) : null,
            check.AreaSquareMetres is { } m ? Math.Round(Measure.ToMu(m), 2) : null,
            Math.Round(check.LengthMetres, 1),
            check.Township is { } t ? new { t.Code, t.Name } : null,
            Hosting.ErrorResponses.ProblemList(check.Problems),
            check.Overlaps.Select(o => (object)new { o.Id, o.Code, o.Name, areaM2 = Math.Round(o.AreaSquareMetres, 1) })));
    }

    static async Task<Results<FeatureResponse, NotFound, ProblemHttpResult>> UpdateSite(long id, HttpContext http, PlannerDbContext db, SiteService service,
        DistrictTime time, bool? confirmOverlap, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return Edited(refused);
        var (draft, problems) = await ReadDraftAsync(http, ct);
        if (draft is null) return SiteResults.Invalid(problems);
        return Edited(await GuardedAsync(http, db, time, async version => Done(await service.UpdateAsync(id, draft, version, http.User.DisplayName(), confirmOverlap == true, ct), time), ct));
    }

    static async Task<Results<NoContent, FeatureResponse, NotFound, ProblemHttpResult>> DeleteSite(long id, HttpContext http, PlannerDbContext db, SiteService service,
        DistrictTime time, CancellationToken ct)
    {
        var result = await Precondition(id, http, db, ct) ?? await GuardedAsync(http, db, time, async version =>
        {
            await service.DeleteAsync(id, version, http.User.DisplayName(), ct);
            return TypedResults.NoContent();
        }, ct);
        return result switch
        {
            NoContent n => n,
            FeatureResponse f => f,
            NotFound n => n,
            ProblemHttpResult p => p,
            _ => throw Unexpected(result),
        };
    }

    /// <summary>POST {status, progress, note, actualDate}: one step of the workflow (or a progress update within a state).</summary>
    static async Task<Results<FeatureResponse, NotFound, ProblemHttpResult>> RecordProgress(long id, ProgressRequest request, HttpContext http, PlannerDbContext db,
        SiteService service, DistrictTime time, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return Edited(refused);
        var problems = new List<Problem>();
        if (!SiteStatusExtensions.TryParse(request.Status, out var status)) problems.Add(new Problem("status", Messages.NotAStatus(request.Status)));
        if (request.Progress is not { } percent)
        {
            problems.Add(new Problem("progress", Messages.IsRequired));
            percent = 0;
        }
        DateOnly? actual = null;
        if (request.ActualDate is { Length: > 0 } dateText)
        {
            if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) actual = d;
            else problems.Add(new Problem("actualDate", Messages.NotADate(dateText)));
        }
        if (problems.Count > 0) return SiteResults.Invalid(problems);
        return Edited(await GuardedAsync(http, db, time, async version =>
            Done(await service.RecordProgressAsync(id, new ProgressUpdate(status, percent, request.Note, actual), http.User.DisplayName(), version, ct), time), ct));
    }

    /// <summary>POST {revision, before}: the site's fields and geometry as they were after (or before) that revision, checked like an edit.</summary>
    static async Task<Results<FeatureResponse, NotFound, ProblemHttpResult>> Restore(long id, RestoreRequest request, HttpContext http, PlannerDbContext db,
        SiteService service, DistrictTime time, bool? confirmOverlap, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct, includeDeleted: true) is { } refused) return Edited(refused);
        if (request.Revision is not { } revision)
            return SiteResults.Invalid([new Problem("revision", L10n.T("请发送要恢复的修改记录编号", "send the id of the revision to restore"))]);
        return Edited(await GuardedAsync(http, db, time, async version =>
            Done(await service.RestoreAsync(id, revision, request.Before, version, http.User.DisplayName(), confirmOverlap == true, ct), time), ct));
    }

    /// <summary>POST a Feature whose geometry is the cutting LineString (properties code and name, optional, for the new part).</summary>
    static async Task<Results<Ok<SplitResponse>, FeatureResponse, NotFound, ProblemHttpResult>> Split(long id, HttpContext http, PlannerDbContext db, SiteService service,
        DistrictTime time, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return refused switch { NotFound n => n, ProblemHttpResult problemResult => problemResult, _ => throw Unexpected(refused) };
        var (root, problem) = await ParseJsonAsync(http, ct);
        if (problem is not null) return SiteResults.Invalid([problem]);
        LineString line;
        try
        {
            var g = root.TryGetProperty("geometry", out var ge) ? GeoJsonGeometry.Read(ge, "line") : null;
            if (g is not LineString l) return SiteResults.Invalid([new Problem("line", L10n.T("请以 GeoJSON LineString 发送切割线", "send the cutting line as a GeoJSON LineString"))]);
            line = l;
        }
        catch (ValidationFailedException e)
        {
            return SiteResults.Invalid(e.Problems);
        }
        var props = root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var result = await GuardedAsync(http, db, time, async version =>
        {
            var (kept, created) = await service.SplitAsync(id, line, version, http.User.DisplayName(), Text(props, "code"), Text(props, "name"), ct);
            http.Response.Headers.Location = $"/api/sites/{created.Id}";
            http.Response.Headers.ETag = SiteResults.ETag(kept);
            return TypedResults.Ok(new SplitResponse(new(kept.Id, kept.Code, kept.Version, kept.AreaSquareMetres), new(created.Id, created.Code, created.Version, created.AreaSquareMetres)));
        }, ct);
        return result switch
        {
            Ok<SplitResponse> ok => ok,
            FeatureResponse f => f,
            ProblemHttpResult pr => pr,
            _ => throw Unexpected(result),
        };
    }

    public sealed record SplitPart(long Id, string Code, int Version, double? AreaM2);

    public sealed record SplitResponse(SplitPart Kept, SplitPart Created);

    /// <summary>POST {with, withVersion}: merges that site into this one (If-Match is this site's ETag).</summary>
    static async Task<Results<FeatureResponse, NotFound, ProblemHttpResult>> Merge(long id, MergeRequest request, HttpContext http, PlannerDbContext db,
        SiteService service, DistrictTime time, CancellationToken ct)
    {
        if (await Precondition(id, http, db, ct) is { } refused) return Edited(refused);
        if (request.With is not { } other || request.WithVersion is not { } otherVersion)
            return SiteResults.Invalid([new Problem("with", L10n.T("请发送要并入的项目编号（\"with\"）及其版本（\"withVersion\"）", "send the id of the site to merge in (\"with\") and its version (\"withVersion\")"))]);
        if (!await Visible(http, db).AnyAsync(s => s.Id == other, ct))
            return SiteResults.Invalid([new Problem("with", L10n.T($"没有编号为 {other} 的项目", $"no site has id {other}"))]);
        return Edited(await GuardedAsync(http, db, time, async version => Done(await service.MergeAsync(id, version, other, otherVersion, http.User.DisplayName(), ct), time), ct));
    }

    /// <summary>404 for a site the user cannot see, 428 without If-Match; null when the request may go on.</summary>
    static async Task<IResult?> Precondition(long id, HttpContext http, PlannerDbContext db, CancellationToken ct, bool includeDeleted = false)
    {
        if (!await (includeDeleted ? Scoped(http, db) : Visible(http, db)).AnyAsync(s => s.Id == id, ct)) return TypedResults.NotFound();
        return SiteResults.ExpectedVersion(http) is null ? SiteResults.PreconditionRequired() : null;
    }

    /// <summary>
    /// Runs an edit with the If-Match version and turns the service's refusals into answers: 400 problems,
    /// 409 overlaps, 412 with the current Feature when the version is stale.
    /// </summary>
    static async Task<IResult> GuardedAsync(HttpContext http, PlannerDbContext db, DistrictTime time, Func<int, Task<IResult>> edit, CancellationToken ct)
    {
        try
        {
            return await edit(SiteResults.ExpectedVersion(http)!.Value);
        }
        catch (ValidationFailedException e)
        {
            return SiteResults.Invalid(e.Problems);
        }
        catch (OverlapWarningException e)
        {
            return SiteResults.Overlaps(e);
        }
        catch (ConcurrencyConflictException e)
        {
            db.ChangeTracker.Clear();
            var current = await db.Sites.AsNoTracking().Include(s => s.Township).FirstAsync(s => s.Id == e.SiteId, ct);
            return new FeatureResponse(current, time.Today, StatusCodes.Status412PreconditionFailed);
        }
    }

    static FeatureResponse Done(Site site, DistrictTime time) => new(site, time.Today, StatusCodes.Status200OK);

    /// <summary>The answers an edit of one site can have.</summary>
    static Results<FeatureResponse, NotFound, ProblemHttpResult> Edited(IResult result) => result switch
    {
        FeatureResponse f => f,
        NotFound n => n,
        ProblemHttpResult p => p,
        _ => throw Unexpected(result),
    };

    static InvalidOperationException Unexpected(IResult result) => new($"unexpected answer {result.GetType().Name}");

    /// <summary>The sites of the user's townships, deleted ones included (they keep their history).</summary>
    static IQueryable<Site> Scoped(HttpContext http, PlannerDbContext db) => http.User.Scope().Apply(db.Sites.AsNoTracking());

    static IQueryable<Site> Visible(HttpContext http, PlannerDbContext db) => Scoped(http, db).Where(s => s.DeletedAt == null);

    static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The JSON body; refuses anything but application/(geo+)json, so a cross-site form post cannot edit.</summary>
    static async Task<(JsonElement Root, Problem? Problem)> ParseJsonAsync(HttpContext http, CancellationToken ct)
    {
        var type = http.Request.ContentType ?? "";
        if (!type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/geo+json", StringComparison.OrdinalIgnoreCase))
            return (default, new Problem("Content-Type", L10n.T("请以 JSON 发送：项目为 application/geo+json（GeoJSON Feature）", "send JSON: a site as application/geo+json (a GeoJSON Feature)")));
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            // A site is a Feature, an object: an array, a string or null would otherwise fail deep in the reading.
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return (default, new Problem(L10n.T("请求体", "body"), L10n.T($"应为 GeoJSON Feature（JSON 对象），收到的是 {JsonKind(doc.RootElement.ValueKind)}",
                    $"expected a GeoJSON Feature (a JSON object), got {JsonKind(doc.RootElement.ValueKind)}")));
            return (doc.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (default, new Problem(GeoJsonGeometry.JsonPlace(L10n.T("请求体", "body"), e), L10n.T($"JSON 格式错误：{e.Message.Split(" LineNumber", 2)[0]}", $"malformed JSON: {e.Message.Split(" LineNumber", 2)[0]}")));
        }
    }

    static string JsonKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => L10n.T("数组", "an array"),
        JsonValueKind.String => L10n.T("字符串", "a string"),
        JsonValueKind.Number => L10n.T("数字", "a number"),
        JsonValueKind.True or JsonValueKind.False => L10n.T("布尔值", "a boolean"),
        _ => "null",
    };

    static async Task<(SiteDraft? Draft, List<Problem> Problems)> ReadDraftAsync(HttpContext http, CancellationToken ct)
    {
        var (root, problem) = await ParseJsonAsync(http, ct);
        if (problem is not null) return (null, [problem]);
        var problems = new List<Problem>();
        return (SiteFeature.ReadDraft(root, problems), problems);
    }
}
