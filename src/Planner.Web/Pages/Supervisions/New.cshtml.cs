using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Supervision;
using Planner.Validation;
using Planner.Web.Api;

namespace Planner.Web.Pages.Supervisions;

/// <summary>签发督办 on an overdue site or a late case: what is required, of which unit, by when.</summary>
public sealed class NewModel(SupervisionService supervisions) : PageModel
{
    public List<Problem> Problems { get; } = [];

    [BindProperty(SupportsGet = true)] public long? SiteId { get; set; }
    [BindProperty(SupportsGet = true)] public long? CaseId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty] public DateOnly? Deadline { get; set; }
    [BindProperty] public string? Note { get; set; }

    public IActionResult OnGet() => SupervisionOrder.MayIssue(HttpContext.Actor()) ? Page() : Forbid();

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
        catch (ValidationFailedException e)
        {
            Problems.AddRange(e.Problems);
            return Page();
        }
    }
}
