using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Field;
using Planner.Localization;
using Planner.Sites;
using Planner.Supervision;
using Planner.Validation;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>
/// 督办 through the API: issue on an overdue site or a late case (leaders, planners), answer with text and photos
/// (the township's field team), accept or reopen (the issuer); every change on the version seen (If-Match).
/// </summary>
public static class SupervisionsApi
{
    public sealed record IssueRequest(long? SiteId, long? CaseId, string? Unit, string? Deadline, string? Note);

    /// <summary>批量签发: the sites and cases, one date and one requirement; each order goes to its own responsible unit.</summary>
    public sealed record BatchRequest(IReadOnlyList<TargetJson>? Items, string? Deadline, string? Note);

    public sealed record TargetJson(long? SiteId, long? CaseId);

    public sealed record CloseRequest(string? Decision, string? Note, string? Deadline);

    public sealed record EventJson(DateTimeOffset At, string By, string Action, int Level, string? Note);

    public sealed record OrderJson(long Id, long? SiteId, long? CaseId, int TownshipId, string Subject, string Unit, string Requirement, string IssuedBy, DateTimeOffset IssuedAt,
        DateTimeOffset Deadline, DateTimeOffset FirstDeadline, string State, string StateName, int Level, string LevelName, bool Late, string? Answer, DateTimeOffset? AnsweredAt,
        bool? FirstAnswerLate, int Reopened, int Version, IReadOnlyList<string> Photos, IReadOnlyList<EventJson> Events);

    public static void MapSupervisionsApi(this IEndpointRouteBuilder app, FieldLimits limits)
    {
        var group = app.MapGroup("/api/supervisions").RequireAuthorization();
        group.MapPost("/", Issue);
        group.MapGet("/", List);
        group.MapGet("/candidates", Candidates);
        group.MapPost("/batch", IssueMany);
        group.MapGet("/{id:long}", Get);
        group.MapPost("/{id:long}/reply", Reply).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limits.MaxReportBytes))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute { MultipartBodyLengthLimit = limits.MaxReportBytes });
        group.MapPost("/{id:long}/close", Close);
    }

    public static string ETag(int version) => $"\"v{version}\"";

    public static OrderJson Json(SupervisionOrder o, FieldLimits limits, DistrictTime time) => new(o.Id, o.SiteId, o.CaseId, o.TownshipId, o.Subject, o.Unit, o.Requirement,
        o.IssuerName, o.IssuedAt, o.Deadline, o.FirstDeadline, SupervisionOrder.Code(o.State), SupervisionOrder.Label(o.State), o.Level, limits.LevelName(o.Level),
        o.State == SupervisionState.Open && o.Deadline < time.Now, o.Answer, o.AnsweredAt, o.FirstAnswerLate, o.Reopened, o.Version,
        o.Photos.Select(p => $"/api/photos/{p.Id}?size=thumb").ToList(), o.Events.Select(e => new EventJson(e.At, e.By, e.Action, e.Level, e.Note)).ToList());

    static ProblemHttpResult NotSaved(IEnumerable<Problem> problems) => FieldForms.Invalid(problems, L10n.T("督办未保存", "The order was not saved"));

    static ProblemHttpResult Stale(HttpContext http, ConcurrencyConflictException e)
    {
        http.Response.Headers.ETag = ETag(e.CurrentVersion);
        return TypedResults.Problem(L10n.T($"督办已被他人更新（现为第 {e.CurrentVersion} 版），请刷新后再操作", $"the order changed meanwhile (now version {e.CurrentVersion}): reload and try again"),
            statusCode: StatusCodes.Status412PreconditionFailed, title: L10n.T("督办未保存", "The order was not saved"));
    }

    static ProblemHttpResult? MissingVersion(int? expected) => expected is null
        ? TypedResults.Problem(L10n.T("缺少 If-Match（督办的 ETag）：每一步都要基于您看到的版本", "If-Match (the order's ETag) is required: every step is taken on the version you saw"),
            statusCode: StatusCodes.Status428PreconditionRequired)
        : null;

    static Task<Results<Created<OrderJson>, ProblemHttpResult>> Issue(IssueRequest request, HttpContext http, SupervisionService supervisions, FieldLimits limits,
        DistrictTime time, CancellationToken ct) =>
        IssuedAsync(request.Deadline, async deadline =>
        {
            var order = await supervisions.IssueAsync(new SupervisionRequest(request.SiteId, request.CaseId, request.Unit, deadline, request.Note), http.Actor(), ct);
            http.Response.Headers.ETag = ETag(order.Version);
            return ($"/api/supervisions/{order.Id}", Json(order, limits, time));
        });

    /// <summary>批量签发: every order or none (400 naming each item refused by its place, 409 when another issuer got in first).</summary>
    static Task<Results<Created<List<OrderJson>>, ProblemHttpResult>> IssueMany(BatchRequest request, HttpContext http, SupervisionService supervisions,
        FieldLimits limits, DistrictTime time, CancellationToken ct) =>
        IssuedAsync(request.Deadline, async deadline =>
        {
            var targets = (request.Items ?? []).Select(t => new SupervisionTarget(t.SiteId, t.CaseId)).ToList();
            var orders = await supervisions.IssueManyAsync(targets, deadline, request.Note, http.Actor(), ct);
            return ("/api/supervisions?state=open", orders.Select(o => Json(o, limits, time)).ToList());
        });

    /// <summary>Issuing one order or several: the date read, then each refusal as its status (403 role, 400 what and where, 409 an order running).</summary>
    static async Task<Results<Created<T>, ProblemHttpResult>> IssuedAsync<T>(string? deadlineText, Func<DateOnly?, Task<(string Location, T Body)>> issue)
    {
        var problems = new List<Problem>();
        var deadline = Dates.Day(deadlineText, "deadline", problems);
        if (problems.Count > 0) return NotSaved(problems);
        try
        {
            var (location, body) = await issue(deadline);
            return TypedResults.Created(location, body);
        }
        catch (SupervisionForbiddenException e)
        {
            return FieldForms.Forbidden([new Problem("role", e.Message)]);
        }
        catch (ValidationFailedException e)
        {
            return NotSaved(e.Problems);
        }
        catch (SupervisionAlreadyRunningException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: L10n.T("督办未保存", "The order was not saved"),
                extensions: new Dictionary<string, object?> { ["orderId"] = e.OrderId, ["order"] = $"/api/supervisions/{e.OrderId}" });
        }
    }

    /// <summary>待督办: the overdue sites and late cases of the user's townships with no order running (leaders and planners).</summary>
    static async Task<Results<Ok<SupervisionCandidates>, ProblemHttpResult>> Candidates(int? limit, HttpContext http, SupervisionService supervisions, CancellationToken ct)
    {
        var actor = http.Actor();
        if (!SupervisionOrder.MayIssue(actor)) return FieldForms.Forbidden([new Problem("role", SupervisionOrder.IssuersOnly)]);
        if (limit is < 1 or > MaxCandidates)
            return FieldForms.Invalid([new Problem("limit", L10n.T($"必须在 1 到 {MaxCandidates} 之间", $"must be between 1 and {MaxCandidates}"))], L10n.T("无法列出待督办事项", "Cannot list what awaits an order"));
        return TypedResults.Ok(await supervisions.CandidatesAsync(actor, limit ?? DefaultCandidates, ct));
    }

    /// <summary>How many candidates a list shows unless asked (the page), and at most.</summary>
    public const int DefaultCandidates = 200, MaxCandidates = 2000;

    static async Task<Results<Ok<List<OrderJson>>, ProblemHttpResult>> List(string? state, long? siteId, long? caseId, HttpContext http, SupervisionService supervisions,
        FieldLimits limits, DistrictTime time, CancellationToken ct)
    {
        SupervisionState? filter = null;
        if (state is not null)
        {
            if (Enum.TryParse<SupervisionState>(state, ignoreCase: true, out var s) && !int.TryParse(state, out _)) filter = s;
            else return FieldForms.Invalid([new Problem("state", L10n.T("必须是 open、answered 或 closed", "must be open, answered or closed"))], L10n.T("无法列出督办", "Cannot list the orders"));
        }
        await supervisions.EscalateAsync(ct);
        return TypedResults.Ok((await supervisions.ListAsync(http.Actor(), filter, siteId, caseId, ct)).Select(o => Json(o, limits, time)).ToList());
    }

    static async Task<Results<Ok<OrderJson>, NotFound>> Get(long id, HttpContext http, SupervisionService supervisions, FieldLimits limits, DistrictTime time, CancellationToken ct)
    {
        if (await supervisions.GetAsync(id, http.Actor(), ct) is not { } order) return TypedResults.NotFound();
        http.Response.Headers.ETag = ETag(order.Version);
        return TypedResults.Ok(Json(order, limits, time));
    }

    /// <summary>The unit's answer: multipart note and photos, with the page's token and If-Match.</summary>
    static async Task<Results<Ok<OrderJson>, NotFound, ProblemHttpResult>> Reply(long id, HttpContext http, IAntiforgery antiforgery, SupervisionService supervisions,
        FieldLimits limits, DistrictTime time, CancellationToken ct)
    {
        if (await FieldForms.CrossSiteRefusal(http, antiforgery) is { } refused) return refused;
        var expected = SiteResults.ExpectedVersion(http);
        if (MissingVersion(expected) is { } missing) return missing;
        var (form, problems) = await FieldForms.ReadAsync(http, ct);
        if (form is null) return NotSaved(problems);
        var photos = await FieldForms.PhotosAsync(form, http, time, limits, problems, ct);
        if (problems.Count > 0) return NotSaved(problems);
        return await StepAsync(http, supervisions, id, limits, time, () => supervisions.ReplyAsync(id, FieldForms.Text(form, "note"), photos, expected, http.Actor(), ct));
    }

    /// <summary>The issuer's decision: {decision: accept | reopen, note, deadline (for reopen)}, with If-Match.</summary>
    static async Task<Results<Ok<OrderJson>, NotFound, ProblemHttpResult>> Close(long id, CloseRequest request, HttpContext http, SupervisionService supervisions,
        FieldLimits limits, DistrictTime time, CancellationToken ct)
    {
        var expected = SiteResults.ExpectedVersion(http);
        if (MissingVersion(expected) is { } missing) return missing;
        var problems = new List<Problem>();
        if (request.Decision is not ("accept" or "reopen")) problems.Add(new Problem("decision", L10n.T("必须是 accept（办结）或 reopen（退回）", "must be accept or reopen")));
        var deadline = Dates.Day(request.Deadline, "deadline", problems);
        if (problems.Count > 0) return NotSaved(problems);
        return await StepAsync(http, supervisions, id, limits, time, () => supervisions.DecideAsync(id, request.Decision == "accept", request.Note, deadline, expected, http.Actor(), ct));
    }

    static async Task<Results<Ok<OrderJson>, NotFound, ProblemHttpResult>> StepAsync(HttpContext http, SupervisionService supervisions, long id, FieldLimits limits, DistrictTime time,
        Func<Task<SupervisionOrder>> step)
    {
        try
        {
            var changed = await step();
            // Read back whole: the answer shows with its photos and every step so far.
            var order = await supervisions.GetAsync(changed.Id, http.Actor(), http.RequestAborted) ?? changed;
            http.Response.Headers.ETag = ETag(order.Version);
            return TypedResults.Ok(Json(order, limits, time));
        }
        catch (SupervisionNotVisibleException)
        {
            return TypedResults.NotFound();
        }
        catch (ConcurrencyConflictException e)
        {
            return Stale(http, e);
        }
        catch (SupervisionForbiddenException e)
        {
            return FieldForms.Forbidden([new Problem("role", e.Message)]);
        }
        catch (ValidationFailedException e)
        {
            return NotSaved(e.Problems);
        }
    }
}
