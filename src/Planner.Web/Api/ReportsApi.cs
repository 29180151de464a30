using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Localization;
using Planner.Photos;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;
using Planner.Web.Hosting;

namespace Planner.Web.Api;

/// <summary>
/// Progress reports from the field with their photos (multipart, protected by the antiforgery token in the
/// X-CSRF-TOKEN header), the site's reports, the planners' review queue and review, and the photos themselves:
/// copies without metadata for everyone who may see the site, the original file for planners and admins only.
/// </summary>
public static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app, FieldLimits limits)
    {
        app.MapPost("/api/sites/{id:long}/reports", Submit).RequireAuthorization(Policies.Report)
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxReportBytes))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limits.MaxReportBytes });
        app.MapGet("/api/sites/{id:long}/reports", ListForSite);
        app.MapGet("/api/reports", Pending).RequireAuthorization(Policies.Edit);
        app.MapPost("/api/reports/{id:long}/review", Review).RequireAuthorization(Policies.Edit);
        app.MapGet("/api/photos/{id:long}", Photo);
    }

    public sealed record PhotoJson(long Id, string? FileName, int Width, int Height, DateTimeOffset? TakenAt, double? Lon, double? Lat,
        double? DistanceM, bool TooFar, bool TakenBeforeStep, long? DuplicateOf, string Thumb, string Full, string? Original);

    public sealed record ReportJson(long Id, long SiteId, string SiteCode, string SiteName, string ReportedBy, DateTimeOffset ReportedAt, int Progress,
        string? Status, string? StatusName, string? ActualDate, string? Note, string State, string StateName, string? ReviewedBy, DateTimeOffset? ReviewedAt,
        string? ReturnReason, int Version, bool Flagged, int SiteProgress, bool BelowSite, IReadOnlyList<PhotoJson> Photos);

    static ReportJson Json(ReportSummary r, bool originals) => new(r.Id, r.SiteId, r.SiteCode, r.SiteName, r.ReporterName, r.ReportedAt, r.Percent,
        r.ProposedStatus?.Code(), r.ProposedStatus?.ChineseName(), r.ActualDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Note,
        r.State.Code(), r.State.Label(), r.ReviewedBy, r.ReviewedAt, r.ReturnReason, r.Version,
        r.Flagged, r.SiteProgress, r.BelowSite,
        r.Photos.Select(p => new PhotoJson(p.Id, p.FileName, p.Width, p.Height, p.TakenAt, p.Lon, p.Lat, p.DistanceMetres, p.TooFar, p.TakenBeforeStep, p.DuplicateOf,
            $"/api/photos/{p.Id}?size=thumb", $"/api/photos/{p.Id}?size=full", originals ? $"/api/photos/{p.Id}?size=original" : null)).ToList());

    /// <summary>POST a progress report: multipart fields progress, status, actualDate, note, clientId, and 1–9 files named photos.</summary>
    static async Task<Results<Created<ReportJson>, Ok<ReportJson>, NotFound, ProblemHttpResult>> Submit(long id, HttpContext http, IAntiforgery antiforgery,
        ProgressReportService reports, DistrictTime time, FieldLimits limits, CancellationToken ct)
    {
        if (await FieldForms.CrossSiteRefusal(http, antiforgery) is { } refused) return refused;
        var (form, problems) = await FieldForms.ReadAsync(http, ct);
        if (form is null) return Invalid(problems);
        var submission = FieldForms.Report(form, FieldForms.ClientId(form, problems), problems);
        var photos = await FieldForms.PhotosAsync(form, http, time, limits, problems, ct);
        if (problems.Count > 0 || submission is null) return Invalid(problems);
        try
        {
            var (report, created) = await reports.SubmitAsync(id, submission, photos,
                http.User.Identity!.Name!, http.User.DisplayName(), http.User.Scope(), ct);
            var json = Json(await reports.SummaryAsync(report.Id, ct), http.User.CanEdit());
            return created ? TypedResults.Created($"/api/reports/{report.Id}", json) : TypedResults.Ok(json);
        }
        catch (SiteNotVisibleException)
        {
            return TypedResults.NotFound();
        }
        catch (ValidationFailedException e)
        {
            return Invalid(e.Problems);
        }
    }

    static async Task<Results<Ok<List<ReportJson>>, NotFound>> ListForSite(long id, HttpContext http, ProgressReportService reports, CancellationToken ct) =>
        await reports.ListAsync(id, http.User.Scope(), ct) is { } list ? TypedResults.Ok(list.Select(r => Json(r, http.User.CanEdit())).ToList()) : TypedResults.NotFound();

    /// <summary>The planners' queue: reports waiting for review, oldest first.</summary>
    static async Task<Ok<List<ReportJson>>> Pending(HttpContext http, ProgressReportService reports, CancellationToken ct) =>
        TypedResults.Ok((await reports.PendingAsync(http.User.Scope(), ct)).Select(r => Json(r, originals: true)).ToList());

    public sealed record ReviewRequest(string? Decision, string? Reason);

    static async Task<Results<Ok<ReportJson>, NotFound, ProblemHttpResult>> Review(long id, ReviewRequest request, HttpContext http, ProgressReportService reports,
        CancellationToken ct)
    {
        if (request.Decision is not ("accept" or "return"))
            return Invalid([new Problem("decision", L10n.T("必须是 accept（采纳）或 return（退回）", "must be accept or return"))]);
        try
        {
            var report = await reports.ReviewAsync(id, request.Decision == "accept", request.Reason, http.User.DisplayName(), http.User.Scope(), ct);
            return TypedResults.Ok(Json(await reports.SummaryAsync(id, ct), originals: true));
        }
        catch (ReportNotVisibleException)
        {
            return TypedResults.NotFound();
        }
        catch (ValidationFailedException e)
        {
            return Invalid(e.Problems);
        }
        catch (ConcurrencyConflictException)
        {
            return TypedResults.Problem(L10n.T("项目或填报已被他人修改，请刷新后再审核", "the site or the report changed meanwhile: reload and review again"),
                statusCode: StatusCodes.Status409Conflict, title: L10n.T("填报未审核", "The report was not reviewed"));
        }
    }

    /// <summary>A photo within the user's scope: thumb and full are metadata-free JPEG copies; the original (with EXIF) is for planners and admins.</summary>
    static async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult, ProblemHttpResult>> Photo(long id, string? size, HttpContext http, PlannerDbContext db,
        CancellationToken ct)
    {
        size ??= "full";
        if (size is not ("thumb" or "full" or "original"))
            return TypedResults.Problem(L10n.T("size 必须是 thumb、full 或 original", "size must be thumb, full or original"), statusCode: StatusCodes.Status400BadRequest);
        if (size == "original" && !http.User.CanEdit()) return TypedResults.Forbid();
        // Visible with what it documents: a report on a site in the user's townships, or a case that lies in or was sent to one.
        var scope = http.User.Scope();
        var photos = db.EvidencePhotos.Where(p => p.Id == id);
        if (!scope.WholeDistrict)
        {
            var townships = scope.TownshipIds.ToList();
            var sites = scope.Apply(db.Sites).Select(s => s.Id);
            photos = photos.Where(p => db.ProgressReports.Any(r => r.Id == p.ReportId && sites.Contains(r.SiteId))
                                       || db.ProblemCases.Any(c => c.Id == p.CaseId && (townships.Contains(c.TownshipId) || (c.DispatchedTownshipId != null && townships.Contains(c.DispatchedTownshipId.Value)))));
        }
        var found = size switch
        {
            "thumb" => await photos.Select(p => new { Bytes = p.Thumbnail, Type = "image/jpeg", p.Sha256, p.FileName }).FirstOrDefaultAsync(ct),
            "full" => await photos.Select(p => new { Bytes = p.Display, Type = "image/jpeg", p.Sha256, p.FileName }).FirstOrDefaultAsync(ct),
            _ => await photos.Select(p => new { Bytes = p.Original, Type = p.ContentType, p.Sha256, p.FileName }).FirstOrDefaultAsync(ct),
        };
        if (found is null) return TypedResults.NotFound();
        // A photo never changes: the browser may keep it, but only for this user.
        http.Response.Headers.CacheControl = "private, max-age=604800, immutable";
        return TypedResults.File(found.Bytes, found.Type, size == "original" ? found.FileName : null,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{found.Sha256[..16]}-{size}\""));
    }

    static ProblemHttpResult Invalid(IEnumerable<Problem> problems) => FieldForms.Invalid(problems, L10n.T("填报未保存", "The report was not saved"));
}
