using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Geometries;
using Planner.Field;
using Planner.Localization;
using Planner.Photos;
using Planner.Sites;
using Planner.Users;
using Planner.Validation;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>
/// Problem cases (一项管理): reported with photos (multipart, antiforgery token), each step of the loop with If-Match,
/// the cases on the map as GeoJSON points with their traffic light. Scope: the township a case lies in or was sent to.
/// </summary>
public static class CasesApi
{
    public static void MapCasesApi(this IEndpointRouteBuilder app, FieldLimits limits)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapPost("/", Report).WithMetadata(new RequestSizeLimitAttribute(limits.MaxReportBytes))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limits.MaxReportBytes });
        cases.MapGet("/", List);
        cases.MapGet("/categories", (FieldLimits l) => TypedResults.Ok(l.CaseCategories.Select(c => new { c.Code, c.Name, c.Kind, c.AcceptHours, c.DispatchHours, c.HandleDays, c.VerifyHours })));
        cases.MapGet("/{id:long}", Get);
        cases.MapPost("/{id:long}/transition", Transition).WithMetadata(new RequestSizeLimitAttribute(limits.MaxReportBytes))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limits.MaxReportBytes });
    }

    public static CaseActor Actor(this HttpContext http) =>
        new(http.User.Identity!.Name!, http.User.DisplayName(), Roles.All.Where(http.User.IsInRole).ToHashSet(), http.User.Scope());

    public sealed record EventJson(DateTimeOffset At, string By, string Action, string? From, string To, string? Note, bool Late);

    public sealed record CaseJson(long Id, string Category, string CategoryName, double Lon, double Lat, int TownshipId, long? SiteId, string? Description,
        string ReportedBy, DateTimeOffset ReportedAt, string State, string StateName, DateTimeOffset? Deadline, string Light, int? DispatchedTownshipId,
        string? DispatchedUnit, int Rework, int LateSteps, DateTimeOffset? ClosedAt, int Version, IReadOnlyList<string> Allowed, IReadOnlyList<EventJson> Events,
        IReadOnlyList<object> Photos);

    static CaseJson Json(CaseView v, bool originals) => new(v.Id, v.Category, v.CategoryName, v.Lon, v.Lat, v.TownshipId, v.SiteId, v.Description, v.ReporterName,
        v.ReportedAt, v.State.Code(), v.State.Label(), v.Deadline, v.Light.Code(), v.DispatchedTownshipId, v.DispatchedUnit, v.ReworkCount, v.LateSteps, v.ClosedAt,
        v.Version, v.Allowed.Select(a => a.Code()).ToList(),
        v.Events.Select(e => new EventJson(e.At, e.By, e.Action, e.FromState?.Code(), e.ToState.Code(), e.Note, e.Late)).ToList(),
        v.Photos.Select(p => (object)new
        {
            stage = p.Stage, p.Photo.Id, p.Photo.FileName, p.Photo.TakenAt, distanceM = p.Photo.DistanceMetres, p.Photo.TooFar, p.Photo.TakenBeforeStep, p.Photo.DuplicateOf,
            thumb = $"/api/photos/{p.Photo.Id}?size=thumb", full = $"/api/photos/{p.Photo.Id}?size=full", original = originals ? $"/api/photos/{p.Photo.Id}?size=original" : null,
        }).ToList());

    static string ETag(int version) => $"\"v{version}\"";

    /// <summary>POST a problem: multipart category, lon, lat, siteId, note, clientId, confirmNew and photos.</summary>
    static async Task<Results<Created<CaseJson>, Ok<CaseJson>, Conflict<ProblemDetails>, ProblemHttpResult>> Report(HttpContext http, IAntiforgery antiforgery,
        CaseService cases, DistrictTime time, FieldLimits limits, CancellationToken ct)
    {
        var actor = http.Actor();
        if (!actor.MayReport) return FieldForms.Forbidden();
        if (await FieldForms.CrossSiteRefusal(http, antiforgery) is { } refused) return refused;
        var (form, problems) = await FieldForms.ReadAsync(http, ct);
        if (form is null) return FieldForms.Invalid(problems, L10n.T("案件未保存", "The case was not saved"));
        var category = FieldForms.Text(form, "category") ?? "";
        long? siteId = FieldForms.Text(form, "siteId") is { } s ? long.TryParse(s, out var sid) ? sid : -1 : null;
        if (siteId == -1) problems.Add(new Problem("siteId", Messages.NotANumber(FieldForms.Text(form, "siteId")!)));
        var clientId = FieldForms.ClientId(form, problems);
        var photos = await FieldForms.PhotosAsync(form, http, time, limits, problems, ct);
        var position = FieldForms.Position(form, photos, problems);
        if (problems.Count > 0 || position is not { } at) return FieldForms.Invalid(problems, L10n.T("案件未保存", "The case was not saved"));
        try
        {
            var (created, isNew) = await cases.ReportAsync(new CaseSubmission(clientId, category, at.Lon, at.Lat, siteId, FieldForms.Text(form, "note"),
                FieldForms.Text(form, "confirmNew") is "true" or "1"), photos, actor, ct);
            var json = Json((await cases.GetAsync(created.Id, actor, ct))!, http.User.CanEdit());
            http.Response.Headers.ETag = ETag(json.Version);
            return isNew ? TypedResults.Created($"/api/cases/{created.Id}", json) : TypedResults.Ok(json);
        }
        catch (DuplicateCaseException e)
        {
            // The reporter is offered the open case nearby; sending again with confirmNew=true reports a new one.
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = L10n.T("附近已有同类未结案件", "An open case of this category is nearby"),
                Detail = L10n.T($"{e.DistanceMetres:N0} 米内已有同类案件 #{e.CaseId}：请查看该案件，或确认这是一个新问题（confirmNew=true）",
                    $"case #{e.CaseId} of the same category is {e.DistanceMetres:N0} m away: look at it, or confirm this is a new problem (confirmNew=true)"),
                Extensions = { ["duplicateOf"] = e.CaseId, ["distanceM"] = Math.Round(e.DistanceMetres, 1) },
            });
        }
        catch (ValidationFailedException e)
        {
            return FieldForms.Invalid(e.Problems, L10n.T("案件未保存", "The case was not saved"));
        }
    }

    static async Task<Results<Ok<CaseJson>, NotFound>> Get(long id, HttpContext http, CaseService cases, CancellationToken ct)
    {
        if (await cases.GetAsync(id, http.Actor(), ct) is not { } view) return TypedResults.NotFound();
        http.Response.Headers.ETag = ETag(view.Version);
        return TypedResults.Ok(Json(view, http.User.CanEdit()));
    }

    /// <summary>One step: multipart action (accept, void, dispatch, handle, pass, fail), township, unit, deadline, note, photos; If-Match "vN".</summary>
    static async Task<Results<Ok<CaseJson>, NotFound, ProblemHttpResult>> Transition(long id, HttpContext http, IAntiforgery antiforgery, CaseService cases,
        DistrictTime time, FieldLimits limits, CancellationToken ct)
    {
        if (await FieldForms.CrossSiteRefusal(http, antiforgery) is { } refused) return refused;
        var expected = SiteResults.ExpectedVersion(http);
        if (expected is null)
            return TypedResults.Problem(L10n.T("缺少 If-Match（案件的 ETag）：每一步都要基于您看到的版本", "If-Match (the case's ETag) is required: every step is taken on the version you saw"),
                statusCode: StatusCodes.Status428PreconditionRequired);
        var (form, problems) = await FieldForms.ReadAsync(http, ct);
        if (form is null) return FieldForms.Invalid(problems, L10n.T("案件未处理", "The step was not taken"));
        if (!CaseCodes.TryParseAction(FieldForms.Text(form, "action"), out var action))
            problems.Add(new Problem("action", L10n.T("必须是 accept、void、dispatch、handle、pass 或 fail", "must be accept, void, dispatch, handle, pass or fail")));
        int? township = FieldForms.Text(form, "township") is { } t ? int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var tid) ? tid : -1 : null;
        if (township == -1) problems.Add(new Problem("township", Messages.NotANumber(FieldForms.Text(form, "township")!)));
        DateTimeOffset? deadline = null;
        if (FieldForms.Text(form, "deadline") is { } d)
        {
            if (DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                deadline = time.FromDistrictLocal(day.ToDateTime(new TimeOnly(23, 59))).ToUniversalTime(); // the end of that day in the district
            else if (DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) deadline = at.ToUniversalTime();
            else problems.Add(new Problem("deadline", Messages.NotADate(d)));
        }
        var photos = await FieldForms.PhotosAsync(form, http, time, limits, problems, ct);
        if (problems.Count > 0) return FieldForms.Invalid(problems, L10n.T("案件未处理", "The step was not taken"));
        var actor = http.Actor();
        try
        {
            var updated = await cases.TransitionAsync(id, action, new CaseStep(FieldForms.Text(form, "note"), township, FieldForms.Text(form, "unit"), deadline), photos, expected, actor, ct);
            if (await cases.GetAsync(id, actor, ct) is not { } view) return TypedResults.NotFound(); // sent away from the user's townships
            http.Response.Headers.ETag = ETag(view.Version);
            return TypedResults.Ok(Json(view, http.User.CanEdit()));
        }
        catch (CaseNotVisibleException)
        {
            return TypedResults.NotFound();
        }
        catch (ConcurrencyConflictException e)
        {
            http.Response.Headers.ETag = ETag(e.CurrentVersion);
            return TypedResults.Problem(L10n.T($"案件已被他人更新（现为第 {e.CurrentVersion} 版），请刷新后再操作", $"the case changed meanwhile (now version {e.CurrentVersion}): reload and try again"),
                statusCode: StatusCodes.Status412PreconditionFailed, title: L10n.T("案件未处理", "The step was not taken"));
        }
        catch (CaseStepForbiddenException e)
        {
            return FieldForms.Forbidden([e.Problem]);
        }
        catch (ValidationFailedException e)
        {
            return FieldForms.Invalid(e.Problems, L10n.T("案件未处理", "The step was not taken"));
        }
    }

    /// <summary>GET /api/cases?bbox&amp;state&amp;category&amp;township&amp;light&amp;open: the cases in the user's townships as GeoJSON
    /// points, most urgent first; <c>open=true</c> leaves out closed and voided ones (the map's layer).</summary>
    static async Task<Results<Ok<object>, ProblemHttpResult>> List(HttpContext http, CaseService cases, Planner.Data.PlannerDbContext db, string? bbox, string? state,
        string? category, int? township, string? light, bool? open, CancellationToken ct)
    {
        var problems = new List<Problem>();
        Envelope? box = null;
        if (bbox is not null)
        {
            var parts = bbox.Split(',');
            if (parts.Length == 4 && parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                var v = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                box = new Envelope(v[0], v[2], v[1], v[3]);
            }
            else problems.Add(new Problem("bbox", L10n.T("格式应为 minLon,minLat,maxLon,maxLat", "must be minLon,minLat,maxLon,maxLat")));
        }
        CaseState? stateFilter = null;
        if (state is not null)
        {
            try { stateFilter = CaseCodes.ParseState(state); }
            catch (ArgumentOutOfRangeException) { problems.Add(new Problem("state", L10n.T($"“{state}”不是案件状态", $"\"{state}\" is not a case state"))); }
        }
        TrafficLight? lightFilter = null;
        if (light is not null)
        {
            if (Enum.TryParse<TrafficLight>(light, true, out var l) && !int.TryParse(light, out _)) lightFilter = l;
            else problems.Add(new Problem("light", L10n.T("必须是 green、yellow 或 red", "must be green, yellow or red")));
        }
        if (problems.Count > 0) return FieldForms.Invalid(problems, L10n.T("筛选条件无效", "The filter is not valid"));
        var views = await cases.ListAsync(http.Actor(), box, stateFilter, category, township, lightFilter, openOnly: open == true, cancellationToken: ct);
        // Named like the sites' features: the township a case lies in.
        var townships = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(db.Townships, t => t.Id, t => t.Name, ct);
        return TypedResults.Ok((object)new
        {
            type = "FeatureCollection",
            features = views.Select(v => new
            {
                type = "Feature", id = v.Id,
                geometry = new { type = "Point", coordinates = new[] { Math.Round(v.Lon, 7), Math.Round(v.Lat, 7) } },
                properties = new
                {
                    category = v.Category, categoryName = v.CategoryName, state = v.State.Code(), stateName = v.State.Label(), light = v.Light.Code(), deadline = v.Deadline,
                    rework = v.ReworkCount, townshipId = v.TownshipId, township = townships.GetValueOrDefault(v.TownshipId), v.Description,
                },
            }),
        });
    }
}
