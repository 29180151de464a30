using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Field;
using Planner.Sites;
using Planner.Supervision;
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

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await supervisions.EscalateAsync(cancellationToken);
        var actor = HttpContext.Actor();
        var orders = await supervisions.ListAsync(actor, cancellationToken: cancellationToken);
        Running = [.. orders.Where(o => o.State != SupervisionState.Closed)];
        Closed = [.. orders.Where(o => o.State == SupervisionState.Closed)];
        if (SupervisionOrder.MayIssue(actor)) Candidates = await supervisions.CandidatesAsync(actor, SupervisionsApi.DefaultCandidates, cancellationToken);
    }

    /// <summary>The form for an order on a candidate, its unit filled in.</summary>
    public static string IssuePage(SupervisionCandidate c) =>
        $"/Supervisions/New?{(c.SiteId is { } s ? $"siteId={s}" : $"caseId={c.CaseId}")}&unit={Uri.EscapeDataString(c.Unit ?? "")}";

    /// <summary>Where the candidate itself is read: the site on the map, the case's page.</summary>
    public static string SubjectPage(SupervisionCandidate c) => c.SiteId is { } s ? $"/Map?site={s}" : $"/Cases/Detail/{c.CaseId}";
}
