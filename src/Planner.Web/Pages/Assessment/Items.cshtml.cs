using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Assessment;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;
using Planner.Web.Api;

namespace Planner.Web.Pages.Assessment;

/// <summary>The sites or cases one component counted for one township, and which met its rule: every point traced.</summary>
public sealed class ItemsModel(AssessmentService assessment, DistrictTime time) : PageModel
{
    public MonthAssessment Result { get; private set; } = null!;
    public TownshipInputs Township { get; private set; } = null!;
    public ComponentCount Count { get; private set; } = null!;
    public ScoreComponent Component { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? month, string? township, string? component, CancellationToken cancellationToken)
    {
        if (ScoreComponent.Find(component ?? "") is not { } definition) return NotFound();
        try
        {
            Result = await assessment.GetAsync(AssessmentApi.MonthOrCurrent(month, time), cancellationToken);
        }
        catch (ValidationFailedException)
        {
            return BadRequest();
        }
        if (Result.Inputs.FirstOrDefault(t => t.Code == township) is not { } inputs || !User.Scope().CanSee(inputs.TownshipId)) return NotFound();
        Township = inputs;
        Component = definition;
        Count = inputs.Counts.FirstOrDefault(c => c.Code == definition.Code) ?? new ComponentCount(definition.Code, []);
        return Page();
    }
}
