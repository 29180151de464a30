using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Assessment;
using Planner.Sites;
using Planner.Users;
using Planner.Validation;
using Planner.Web.Access;
using Planner.Web.Api;

namespace Planner.Web.Pages.Assessment;

/// <summary>月考核: the formula in words and symbols, 红黑榜, and each township's score with every component traceable to its items.</summary>
public sealed class IndexModel(AssessmentService assessment, DistrictTime time) : PageModel
{
    public MonthAssessment? Result { get; private set; }
    public IReadOnlyList<TownshipScore> Visible { get; private set; } = [];
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public SiteScope Scope => User.Scope();
    public DistrictTime Time => time;

    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Result = await assessment.GetAsync(AssessmentApi.MonthOrCurrent(Month, time), cancellationToken);
            Month = Result.Month;
            Visible = Result.Townships.Where(t => Scope.CanSee(t.TownshipId)).ToList();
        }
        catch (ValidationFailedException e)
        {
            Problems = e.Problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }
}
