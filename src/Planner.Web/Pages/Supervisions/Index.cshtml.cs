using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Field;
using Planner.Localization;
using Planner.Sites;
using Planner.Supervision;
using Planner.Validation;
using Planner.Web.Api;

namespace Planner.Web.Pages.Supervisions;

/// <summary>
/// 督办: for those who issue, what is late with no order yet (待督办), then the orders in the user's townships — running
/// ones first (the highest level, then the nearest deadline), the closed ones folded away.
/// </summary>
public sealed class IndexModel(SupervisionService supervisions, FieldLimits limits, DistrictTime time) : PageModel
{
    public SupervisionCandidates? Candidates { get; private set; }
    public IReadOnlyList<SupervisionOrder> Running { get; private set; } = [];
    public IReadOnlyList<SupervisionOrder> Closed { get; private set; } = [];
    public FieldLimits Limits => limits;
    public DistrictTime Time => time;

    /// <summary>批量签发: the candidates ticked (<see cref="Key"/>), or with <see cref="All"/> every one the page showed.</summary>
    [BindProperty] public List<string> Pick { get; set; } = [];
    [BindProperty] public List<string> Shown { get; set; } = [];
    [BindProperty] public bool All { get; set; }
    [BindProperty] public DateOnly? Deadline { get; set; }
    [BindProperty] public string? Note { get; set; }
    public List<Problem> Problems { get; } = [];
    /// <summary>How many orders the last batch issued (after its redirect).</summary>
    public int? Issued { get; private set; }

    public async Task OnGetAsync(int? issued, CancellationToken cancellationToken)
    {
        Issued = issued;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostBatchAsync(CancellationToken cancellationToken)
    {
        var actor = HttpContext.Actor();
        if (!SupervisionOrder.MayIssue(actor)) return Forbid();
        var targets = new List<SupervisionTarget>();
        // A blank entry binds as null: it picks nothing.
        foreach (var key in (All ? Shown : Pick).Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            if (Target(key) is { } target) targets.Add(target);
            else Problems.Add(new Problem("items", L10n.T($"无法识别“{key}”", $"\"{key}\" is not a site or a case")));
        }
        if (Problems.Count == 0)
        {
            try
            {
                var orders = await supervisions.IssueManyAsync(targets, Deadline, Note, actor, cancellationToken);
                return Redirect($"/Supervisions?issued={orders.Count.ToString(CultureInfo.InvariantCulture)}#running");
            }
            catch (ValidationFailedException e)
            {
                Problems.AddRange(e.Problems);
            }
            catch (SupervisionAlreadyRunningException e)
            {
                Problems.Add(new Problem("items", e.Message));
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        Deadline ??= time.Today.AddDays(NewModel.DefaultDays);
        await supervisions.EscalateAsync(cancellationToken);
        var actor = HttpContext.Actor();
        var orders = await supervisions.ListAsync(actor, cancellationToken: cancellationToken);
        Running = [.. orders.Where(o => o.State != SupervisionState.Closed)];
        Closed = [.. orders.Where(o => o.State == SupervisionState.Closed)];
        if (SupervisionOrder.MayIssue(actor)) Candidates = await supervisions.CandidatesAsync(actor, SupervisionsApi.DefaultCandidates, cancellationToken);
    }

    /// <summary>A candidate as the batch form names it: site-15, case-7.</summary>
    public static string Key(SupervisionCandidate c) => c.SiteId is { } s ? $"site-{s}" : $"case-{c.CaseId}";

    static SupervisionTarget? Target(string key)
    {
        var dash = key.IndexOf('-');
        if (dash < 0 || !long.TryParse(key.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        return key[..dash] switch { "site" => new SupervisionTarget(id, null), "case" => new SupervisionTarget(null, id), _ => null };
    }

    /// <summary>The form for an order on a candidate (it fills in the unit itself).</summary>
    public static string IssuePage(SupervisionCandidate c) => c.SiteId is { } s ? $"/Supervisions/New?siteId={s}" : $"/Supervisions/New?caseId={c.CaseId}";

    /// <summary>Where the candidate itself is read: the site on the map, the case's page.</summary>
    public static string SubjectPage(SupervisionCandidate c) => c.SiteId is { } s ? $"/Map?site={s}" : $"/Cases/Detail/{c.CaseId}";
}
