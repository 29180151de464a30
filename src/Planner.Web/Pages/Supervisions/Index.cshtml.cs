using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Field;
using Planner.Sites;
using Planner.Supervision;
using Planner.Web.Api;

namespace Planner.Web.Pages.Supervisions;

/// <summary>督办: the orders in the user's townships, open and escalated first.</summary>
public sealed class IndexModel(SupervisionService supervisions, FieldLimits limits, DistrictTime time) : PageModel
{
    public IReadOnlyList<SupervisionOrder> Orders { get; private set; } = [];
    public FieldLimits Limits => limits;
    public DistrictTime Time => time;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await supervisions.EscalateAsync(cancellationToken);
        Orders = await supervisions.ListAsync(HttpContext.Actor(), cancellationToken: cancellationToken);
    }
}
