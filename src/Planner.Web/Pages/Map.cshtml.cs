using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planner.Data;
using Planner.Sites;
using Planner.Web.Access;
using Planner.Web.Localization;

namespace Planner.Web.Pages;

/// <summary>The map page: a shell for the OpenLayers module, which reads its settings from <see cref="ConfigJson"/>.</summary>
public sealed class MapModel(PlannerDbContext db, IOptions<BasemapOptions> basemap) : PageModel
{
    public string ConfigJson { get; private set; } = "{}";
    public IReadOnlyList<(int Id, string Name)> Townships { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var T = UiText.For(HttpContext);
        var townships = await User.Scope().Apply(db.Townships.AsNoTracking()).OrderBy(t => t.Code)
            .Select(t => new { t.Id, t.Name, t.MinLon, t.MinLat, t.MaxLon, t.MaxLat }).ToListAsync(cancellationToken);
        Townships = townships.Select(t => (t.Id, t.Name)).ToList();
        var extent = townships.Count == 0
            ? new[] { 113.65, 34.61, 113.87, 34.77 }
            : [townships.Min(t => t.MinLon), townships.Min(t => t.MinLat), townships.Max(t => t.MaxLon), townships.Max(t => t.MaxLat)];
        var b = basemap.Value;
        var config = new
        {
            language = T.Language,
            extent,
            basemap = new
            {
                type = b.Type is "tianditu" && string.IsNullOrWhiteSpace(b.TiandituKey) ? "osm" : b.Type,
                osmUrl = b.OsmUrl,
                tiandituKey = b.Type == "tianditu" ? b.TiandituKey : null,
            },
            programmes = Enum.GetValues<Programme>().Select(p => new { code = p.Code(), label = T.Programme(p) }),
            statuses = Enum.GetValues<SiteStatus>().Select(s => new { code = s.Code(), label = T.Status(s) }),
            canEdit = User.CanEdit(),
            text = new[]
                {
                    "overdue", "legend", "percentDone", "sites", "noSites", "listCapped", "progress", "list", "districtRanking", "theme.status", "theme.progress", "theme.programme", "districtSummary", "township",
                    "edit.drawHint", "edit.shapeHint", "edit.splitHint", "edit.mergeHint", "edit.problems", "edit.overlaps", "edit.overlapConfirm", "edit.conflict",
                    "edit.theirs", "edit.yours", "edit.loadTheirs", "edit.saveMine", "edit.saved", "edit.geometry", "edit.townshipAuto",
                    "report.sent", "report.new", "report.queuedOffline",
                }
                .ToDictionary(k => k, k => T[k]),
        };
        // The default encoder escapes <, > and & so the JSON is safe inside a <script> element.
        ConfigJson = JsonSerializer.Serialize(config);
    }
}
