using System.Globalization;
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
        double? lon = null, lat = null;
        if (double.TryParse(Lon, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.TryParse(Lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            (lon, lat) = (x, y);
        else if (photos.FirstOrDefault(p => p.Lon is not null) is { } located)
            (lon, lat) = (located.Lon, located.Lat); // no position from the phone: where the photo was taken
        if (lon is null || lat is null)
            Problems.Add(new Problem("lon", Planner.Localization.L10n.T("没有位置：请允许定位，或上传带 GPS 的照片，或从地图上选点", "no position: allow location, send a photo with GPS, or pick the place on the map")));
        if (Problems.Count > 0) return Page();
        try
        {
            var (created, _) = await cases.ReportAsync(new CaseSubmission(ClientId, Category ?? "", lon!.Value, lat!.Value, SiteId, Note, ConfirmNew), photos, actor, cancellationToken);
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
