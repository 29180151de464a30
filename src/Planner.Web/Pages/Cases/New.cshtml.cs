using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Field;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Api;

namespace Planner.Web.Pages.Cases;

/// <summary>
/// 上报问题 from a phone: a category, where (the phone's position, filled in by the page; or the first photo's GPS),
/// a description and photos. A form post: it works without the page's script, and a second tap is stored once.
/// </summary>
public sealed class NewModel(CaseService cases, DistrictTime time, FieldLimits limits) : PageModel
{
    public IReadOnlyList<CaseCategory> Categories => limits.CaseCategories;
    public List<Problem> Problems { get; } = [];
    public long? DuplicateOf { get; private set; }
    public double? DuplicateMetres { get; private set; }

    [BindProperty] public Guid ClientId { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lon { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public long? SiteId { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool ConfirmNew { get; set; }

    public IActionResult OnGet()
    {
        if (!HttpContext.Actor().MayReport) return Forbid();
        ClientId = Guid.NewGuid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var actor = HttpContext.Actor();
        if (!actor.MayReport) return Forbid();
        var photos = await FieldForms.PhotosAsync(Request.Form, HttpContext, time, limits, Problems, cancellationToken);
        var position = FieldForms.Position(Request.Form, photos, Problems);
        if (Problems.Count > 0 || position is not { } at) return Page();
        try
        {
            var (created, _) = await cases.ReportAsync(new CaseSubmission(ClientId, Category ?? "", at.Lon, at.Lat, SiteId, Note, ConfirmNew), photos, actor, cancellationToken);
            return Redirect($"/Cases/Detail/{created.Id}");
        }
        catch (DuplicateCaseException e)
        {
            (DuplicateOf, DuplicateMetres) = (e.CaseId, e.DistanceMetres);
            return Page();
        }
        catch (ValidationFailedException e)
        {
            Problems.AddRange(e.Problems);
            return Page();
        }
    }
}
