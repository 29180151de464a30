using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Export;
using Planner.Sites;
using Planner.Web.Access;
using Planner.Web.Api;
using Planner.Web.Sheets;

namespace Planner.Web.Pages.Sites;

/// <summary>Printable site sheets for the current selection: one page per site, for the browser to print to PDF.</summary>
public sealed class SheetsModel(PlannerDbContext db, DistrictTime time) : PageModel
{
    public const int MaxSheets = 300;

    /// <summary>One sheet: the site with its coordinates and navigation links (as the exports write them), its drawing, QR code and open tasks.</summary>
    public sealed record Sheet(ExportRow Row, string Svg, string QrSvg, IReadOnlyList<SiteTask> OpenTasks)
    {
        public Site Site => Row.Site;
        public string Township => Row.Township;
    }

    public IReadOnlyList<Sheet> Sheets { get; private set; } = [];
    public int Total { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var filter = SiteQuery.Parse(Request.Query, out var error);
        if (error is not null) return BadRequest(error);
        Today = time.Today;
        var scope = User.Scope();
        var query = db.SelectSites(filter, scope, Today);
        Total = await query.CountAsync(cancellationToken);
        var sites = await query.OrderBy(s => EF.Property<string>(s, "programme")).ThenBy(s => s.Code)
            .Include(s => s.Township).Include(s => s.Tasks).Take(MaxSheets).ToListAsync(cancellationToken);
        var sheets = new List<Sheet>();
        foreach (var site in sites)
        {
            var e = site.Geometry.EnvelopeInternal;
            double padLon = Math.Max(0.004, e.Width), padLat = Math.Max(0.003, e.Height);
            // Neighbours within the drawing: other visible sites nearby.
            var around = new NetTopologySuite.Geometries.Envelope(e.MinX - padLon, e.MaxX + padLon, e.MinY - padLat, e.MaxY + padLat);
            var neighbours = await db.SelectSites(new SiteFilter { Bbox = around }, scope, Today)
                .Where(s => s.Id != site.Id)
                .Select(s => new { s.Geometry, s.Code }).Take(200).ToListAsync(cancellationToken);
            var openTasks = site.Tasks.Where(t => !t.IsDone).OrderBy(t => t.Deadline).ToList();
            var point = site.Geometry.InteriorPoint;
            var row = new ExportRow { Site = site, Township = site.Township!.Name, Overdue = site.IsOverdue(Today), OpenTasks = openTasks.Count, Point = (point.X, point.Y) };
            sheets.Add(new Sheet(row, SiteSheetSvg.Render(site.Geometry, neighbours.Select(n => (n.Geometry, n.Code))), SheetQrCode.Svg(row.AmapNavigationLink), openTasks));
        }
        Sheets = sheets;
        return Page();
    }
}
