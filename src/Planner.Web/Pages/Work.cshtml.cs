using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Data;
using Planner.Field;
using Planner.Sites;
using Planner.Web.Access;
using Planner.Web.Api;

namespace Planner.Web.Pages;

/// <summary>我的任务: the user's next steps, most urgent first (<see cref="MyWork"/>), with distance from the phone and navigation.</summary>
public sealed class WorkModel(PlannerDbContext db, CaseService cases, ProgressReportService reports, DistrictTime time, Planner.Supervision.SupervisionService supervisions) : PageModel
{
    /// <summary>Reports waiting for this planner's review, oldest first.</summary>
    public IReadOnlyList<ReportSummary> Reviews { get; private set; } = [];
    /// <summary>This field team's reports a planner returned, to redo.</summary>
    public IReadOnlyList<ReportSummary> Returned { get; private set; } = [];
    /// <summary>The 督办 waiting for this user's answer (their townships' open orders), for field teams.</summary>
    public IReadOnlyList<Planner.Supervision.SupervisionOrder> Orders { get; private set; } = [];
    public IReadOnlyList<MyWork.CaseItem> Cases { get; private set; } = [];
    /// <summary>待回访: closed cases due for a follow-up, for inspectors (the most lately due first) and how many in all.</summary>
    public IReadOnlyList<CaseView> FollowUps { get; private set; } = [];
    public int FollowUpsTotal { get; private set; }
    public int FollowUpDays => cases.Limits.FollowUpDays;
    public IReadOnlyList<MyWork.SiteItem> Sites { get; private set; } = [];
    public DistrictTime Time => time;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (Cases, Sites, Reviews, Returned) = await MyWork.LoadAsync(HttpContext, db, cases, reports, time, cancellationToken);
        if (User.IsFieldTeam()) Orders = await supervisions.ListAsync(HttpContext.Actor(), Planner.Supervision.SupervisionState.Open, cancellationToken: cancellationToken);
        if (User.IsInRole(Planner.Users.Roles.Inspector)) (FollowUps, FollowUpsTotal) = await cases.FollowUpsDueAsync(HttpContext.Actor(), cancellationToken: cancellationToken);
    }
}
