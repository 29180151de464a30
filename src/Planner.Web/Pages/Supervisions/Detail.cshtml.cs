using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Field;
using Planner.Sites;
using Planner.Supervision;
using Planner.Validation;
using Planner.Web.Api;

namespace Planner.Web.Pages.Supervisions;

/// <summary>A 督办 and its steps; the township answers here (text, photos), the issuer accepts or reopens. Form posts, on the version shown.</summary>
public sealed class DetailModel(SupervisionService supervisions, FieldLimits limits, DistrictTime time) : PageModel
{
    public SupervisionOrder Order { get; private set; } = null!;
    public List<Problem> Problems { get; } = [];
    public FieldLimits Limits => limits;
    public DistrictTime Time => time;
    public bool MayAnswer { get; private set; }
    public bool MayDecide { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplyAsync(long id, int version, string? note, CancellationToken cancellationToken)
    {
        var photos = await FieldForms.PhotosAsync(Request.Form, HttpContext, time, limits, Problems, cancellationToken);
        if (Problems.Count == 0) await StepAsync(() => supervisions.ReplyAsync(id, note, photos, version, HttpContext.Actor(), cancellationToken));
        return Problems.Count == 0 ? Redirect($"/Supervisions/Detail/{id}") : await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDecideAsync(long id, int version, string decision, string? note, DateOnly? deadline, CancellationToken cancellationToken)
    {
        await StepAsync(() => supervisions.DecideAsync(id, decision == "accept", note, deadline, version, HttpContext.Actor(), cancellationToken));
        return Problems.Count == 0 ? Redirect($"/Supervisions/Detail/{id}") : await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    async Task StepAsync(Func<Task<SupervisionOrder>> step)
    {
        try
        {
            await step();
        }
        catch (SupervisionNotVisibleException)
        {
            Problems.Add(new Problem("id", Planner.Localization.L10n.T("没有这条督办", "no such order")));
        }
        catch (ConcurrencyConflictException e)
        {
            Problems.Add(new Problem("version", Planner.Localization.L10n.T($"督办已被他人更新（现为第 {e.CurrentVersion} 版），以下是最新内容", $"the order changed meanwhile (now version {e.CurrentVersion}); this is how it stands")));
        }
        catch (SupervisionForbiddenException e)
        {
            Problems.Add(new Problem("role", e.Message));
        }
        catch (ValidationFailedException e)
        {
            Problems.AddRange(e.Problems);
        }
    }

    async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var actor = HttpContext.Actor();
        if (await supervisions.GetAsync(id, actor, cancellationToken) is not { } order) return false;
        Order = order;
        MayAnswer = order.State == SupervisionState.Open && (actor.IsCommandCentre || actor.IsFieldTeam && actor.Scope.CanSee(order.TownshipId));
        MayDecide = order.State == SupervisionState.Answered && (actor.UserName == order.IssuedBy || actor.Roles.Contains(Planner.Users.Roles.Admin));
        return true;
    }
}
