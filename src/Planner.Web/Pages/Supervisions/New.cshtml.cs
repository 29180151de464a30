using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Sites;
using Planner.Supervision;
using Planner.Validation;
using Planner.Web.Api;

namespace Planner.Web.Pages.Supervisions;

/// <summary>
/// 签发督办 on an overdue site or a late case: what is required, of which unit, by when. The form names what the order is
/// on (code and name, how late); where an order already runs on it, the page leads to that one instead.
/// </summary>
public sealed class NewModel(SupervisionService supervisions, DistrictTime time) : PageModel
{
    /// <summary>The days an order gives unless the issuer says otherwise.</summary>
    public const int DefaultDays = 5;

    public List<Problem> Problems { get; } = [];
    public SupervisionCandidate? Subject { get; private set; }
    public long? RunningOrderId { get; private set; }

    [BindProperty(SupportsGet = true)] public long? SiteId { get; set; }
    [BindProperty(SupportsGet = true)] public long? CaseId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty] public DateOnly? Deadline { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!SupervisionOrder.MayIssue(HttpContext.Actor())) return Forbid();
        Deadline ??= time.Today.AddDays(DefaultDays);
        await DescribeAsync(cancellationToken);
        // The unit unless the link names one: the site's responsible unit, or the unit the case was sent to.
        if (string.IsNullOrWhiteSpace(Unit)) Unit = Subject?.Unit;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var order = await supervisions.IssueAsync(new SupervisionRequest(SiteId, CaseId, Unit, Deadline, Note), HttpContext.Actor(), cancellationToken);
            return Redirect($"/Supervisions/Detail/{order.Id}");
        }
        catch (SupervisionForbiddenException)
        {
            return Forbid();
        }
        catch (SupervisionAlreadyRunningException e)
        {
            Problems.Add(new Problem(SiteId is null ? "caseId" : "siteId", e.Message));
        }
        catch (ValidationFailedException e)
        {
            Problems.AddRange(e.Problems);
        }
        await DescribeAsync(cancellationToken);
        return Page();
    }

    async Task DescribeAsync(CancellationToken cancellationToken)
    {
        Subject = await supervisions.CandidateAsync(HttpContext.Actor(), SiteId, CaseId, cancellationToken);
        if (Subject is null) RunningOrderId = await supervisions.RunningOrderAsync(SiteId, CaseId, cancellationToken);
    }
}
