using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Assessment;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;
using Planner.Web.Hosting;

namespace Planner.Web.Api;

/// <summary>
/// 月考核 through the API: each township's score, rank and components (numerator, denominator, the items counted),
/// the red and black lists; freezing a month. Ranks are the district's; a township-bound user reads their townships' rows.
/// </summary>
public static class AssessmentApi
{
    public static void MapAssessmentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assessment").RequireAuthorization();
        group.MapGet("/townships", Townships);
        group.MapGet("/townships/{code}/items", Items);
        group.MapPost("/freeze", Freeze).RequireAuthorization(Policies.Edit);
    }

    /// <summary>The month asked for, else the one running.</summary>
    public static DateOnly MonthOrCurrent(string? month, DistrictTime time) =>
        month is null ? new DateOnly(time.Today.Year, time.Today.Month, 1) : AssessmentService.ParseMonth(month);

    static async Task<Results<Ok<object>, ProblemHttpResult>> Townships(string? month, HttpContext http, AssessmentService assessment, DistrictTime time, CancellationToken ct)
    {
        try
        {
            var result = await assessment.GetAsync(MonthOrCurrent(month, time), ct);
            return TypedResults.Ok(Json(result, http.User.Scope()));
        }
        catch (ValidationFailedException e)
        {
            return FieldForms.Invalid(e.Problems, L10n.T("无法考核", "Cannot assess"));
        }
    }

    static async Task<Results<Ok<object>, NotFound, ProblemHttpResult>> Items(string code, string? month, string? component, HttpContext http, AssessmentService assessment,
        DistrictTime time, CancellationToken ct)
    {
        try
        {
            var result = await assessment.GetAsync(MonthOrCurrent(month, time), ct);
            var inputs = result.Inputs.FirstOrDefault(t => t.Code == code);
            if (inputs is null || !http.User.Scope().CanSee(inputs.TownshipId)) return TypedResults.NotFound();
            if (component is not null && ScoreComponent.Find(component) is null)
                return FieldForms.Invalid([new Problem("component", L10n.T($"未知的考核项“{component}”", $"unknown component \"{component}\""))], L10n.T("无法考核", "Cannot assess"));
            return TypedResults.Ok((object)new
            {
                result.Month, township = inputs.Name,
                components = inputs.Counts.Where(c => component is null || c.Code == component).Select(c => new
                {
                    c.Code, ScoreComponent.Find(c.Code)!.Name, c.Numerator, c.Denominator,
                    items = c.Items.Select(i => new { i.Kind, i.Id, i.Label, i.Met, link = Link(i) }),
                }),
            });
        }
        catch (ValidationFailedException e)
        {
            return FieldForms.Invalid(e.Problems, L10n.T("无法考核", "Cannot assess"));
        }
    }

    static async Task<Results<Ok<object>, Created<object>, ProblemHttpResult>> Freeze(string? month, HttpContext http, AssessmentService assessment, CancellationToken ct)
    {
        try
        {
            var (result, created) = await assessment.FreezeAsync(AssessmentService.ParseMonth(month), http.User.Identity!.Name!, ct);
            var json = Json(result, http.User.Scope());
            return created ? TypedResults.Created($"/api/assessment/townships?month={result.Month}", json) : TypedResults.Ok(json);
        }
        catch (ValidationFailedException e)
        {
            return FieldForms.Invalid(e.Problems, L10n.T("无法固化", "Cannot freeze"));
        }
    }

    /// <summary>Where an item is looked at: the site on the map, the case's page.</summary>
    public static string Link(AssessedItem item) => item.Kind switch
    {
        AssessedItem.Site => $"/Map?site={item.Id}",
        AssessedItem.Case => $"/Cases/Detail/{item.Id}",
        _ => $"/Supervisions/Detail/{item.Id}",
    };

    static object Json(MonthAssessment result, Planner.Users.SiteScope scope)
    {
        var visible = result.Townships.Where(t => scope.CanSee(t.TownshipId)).ToList();
        return new
        {
            result.Month, result.AsOf, result.Frozen, result.FrozenAt, result.FrozenBy,
            formula = new
            {
                version = result.FormulaVersion, symbols = result.Formula, result.MinimumItems, result.ListSize,
                components = ScoreComponent.All.Select(c => new { c.Code, c.Part, c.Name, c.Rule }),
            },
            townships = visible.Select(t => new
            {
                t.Code, t.Name, t.Score, t.Rank, t.PreviousRank, movement = t.Rank is { } r && t.PreviousRank is { } p ? p - r : (int?)null,
                t.List, t.BlackStreak, t.Sample, t.Ranked, insufficientSample = !t.Ranked && t.Score is not null,
                components = t.Components.Select(c => new { c.Code, c.Name, c.Numerator, c.Denominator, rate = c.Rate is { } x ? Math.Round(x, 4) : (double?)null, c.Weight, c.Points }),
            }),
            red = result.Townships.Where(t => t.List == TownshipScore.Red).Select(t => t.Name),
            black = result.Townships.Where(t => t.List == TownshipScore.Black).Select(t => new { t.Name, t.BlackStreak }),
        };
    }
}
