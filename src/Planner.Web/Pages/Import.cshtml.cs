using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Planner.Data;
using Planner.Import;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;
using Planner.Web.Imports;
using Planner.Localization;
using Microsoft.Extensions.Options;

namespace Planner.Web.Pages;

/// <summary>
/// Planners import the data they have: upload, preview (the features on a map, every refused row with its
/// place, counts of new / updated / refused), then commit all valid rows in one transaction, or nothing.
/// </summary>
[Authorize(Policy = Policies.Edit)]
public sealed class ImportModel(PlannerDbContext db, UploadFolder uploads, IOptions<ImportSettings> settings, SiteLimits limits, DistrictTime time) : PageModel
{

    [BindProperty] public string? Programme { get; set; }
    [BindProperty] public string? Township { get; set; }
    [BindProperty] public string? Crs { get; set; }
    [BindProperty] public string? Fields { get; set; }
    /// <summary>Seven parameters for a .prj on another datum (Beijing 1954, Xi'an 1980).</summary>
    [BindProperty] public string? ToWgs84 { get; set; }
    [BindProperty] public string? Token { get; set; }

    public IReadOnlyList<(int Id, string Name)> Townships { get; private set; } = [];
    public ImportReport? Report { get; private set; }
    public IReadOnlyList<Problem> Errors { get; private set; } = [];
    public string? FileName { get; private set; }
    public bool Committed { get; private set; }
    public string? PreviewSvg { get; private set; }

    public async Task OnGetAsync() => await LoadTownshipsAsync();

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? upload, CancellationToken cancellationToken)
    {
        await LoadTownshipsAsync();
        if (upload is null || upload.Length == 0)
        {
            Errors = [new Problem("file", L10n.T("请选择要导入的文件", "choose a file to import"))];
            return Page();
        }
        // Keep the upload on the server under a random token bound to this user; the commit reuses it.
        Token = Guid.NewGuid().ToString("N");
        var folder = Directory.CreateDirectory(Path.Combine(uploads.Path, Token)).FullName;
        FileName = Path.GetFileName(upload.FileName);
        var path = Path.Combine(folder, SafeName(FileName));
        await using (var target = System.IO.File.Create(path)) await upload.CopyToAsync(target, cancellationToken);
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "owner"), UserId(), cancellationToken);
        await RunAsync(path, dryRun: true, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCommitAsync(CancellationToken cancellationToken)
    {
        await LoadTownshipsAsync();
        if (Token is null || Token.Length != 32 || !Token.All(char.IsAsciiHexDigit)) return BadRequest();
        var folder = Path.Combine(uploads.Path, Token);
        var owner = Path.Combine(folder, "owner");
        if (!Directory.Exists(folder))
        {
            // Swept: previews wait only so long (Planner:Import:PreviewLifetime).
            Errors = [new Problem("file", L10n.T($"预览已过期（超过 {uploads.Lifetime.TotalHours:0.#} 小时未导入）或已导入：请重新上传文件",
                $"the preview has expired (not imported within {uploads.Lifetime.TotalHours:0.#} hours) or was imported already: upload the file again"))];
            return Page();
        }
        if (!System.IO.File.Exists(owner) || await System.IO.File.ReadAllTextAsync(owner, cancellationToken) != UserId()) return NotFound();
        var path = Directory.EnumerateFiles(folder).First(f => Path.GetFileName(f) != "owner");
        FileName = Path.GetFileName(path);
        try
        {
            await RunAsync(path, dryRun: false, cancellationToken);
            Committed = Report?.Committed == true;
        }
        finally
        {
            if (Committed) Directory.Delete(folder, true);
        }
        return Page();
    }

    async Task RunAsync(string path, bool dryRun, CancellationToken cancellationToken)
    {
        string? temp = null;
        try
        {
            var options = new ImportOptions
            {
                Programme = ProgrammeExtensions.TryParse(Programme, out var p) ? p : null,
                Township = string.IsNullOrWhiteSpace(Township) ? null : Township,
                Crs = string.IsNullOrWhiteSpace(Crs) ? null : SourceCrs.Parse(Crs),
                Fields = ParseFields(Fields),
                SourceKey = Path.GetFileNameWithoutExtension(path),
                DryRun = dryRun,
                User = User.DisplayName(),
                MaxPreviewFeatures = 3000,
                Limits = limits,
            };
            var (source, tempFolder) = FeatureSources.Open(path, limits: settings.Value.Zip, datumShift: string.IsNullOrWhiteSpace(ToWgs84) ? null : DatumShift.Parse(ToWgs84));
            temp = tempFolder;
            using (source) Report = await new Importer(db) { Time = time }.ImportAsync(source, options, null, cancellationToken);
            PreviewSvg = await SvgAsync(Report, cancellationToken);
        }
        catch (ValidationFailedException e)
        {
            Errors = e.Problems;
        }
        finally
        {
            if (temp is not null) Directory.Delete(temp, true);
        }
    }

    static Dictionary<string, string> ParseFields(string? text)
    {
        var result = new Dictionary<string, string>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new ValidationFailedException("field mapping", L10n.T($"“{line}”不是“字段=属性”的形式", $"\"{line}\" is not FIELD=ATTRIBUTE"));
            result[parts[0]] = parts[1];
        }
        return result;
    }

    /// <summary>The preview map: township boundaries and the file's valid features, drawn on the server as SVG.</summary>
    async Task<string> SvgAsync(ImportReport report, CancellationToken cancellationToken)
    {
        var townships = await db.Townships.AsNoTracking().Select(t => t.Boundary).ToListAsync(cancellationToken);
        var extent = new Envelope();
        foreach (var t in townships) extent.ExpandToInclude(t.EnvelopeInternal);
        foreach (var (g, _, _, _) in report.Preview) extent.ExpandToInclude(g.EnvelopeInternal);
        if (extent.IsNull) return "";
        const double width = 800, height = 520;
        var kx = Math.Cos(extent.Centre.Y * Math.PI / 180);
        var scale = Math.Min(width / (extent.Width * kx), height / extent.Height);
        string Path(NetTopologySuite.Geometries.Geometry g)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < g.NumGeometries; i++)
            {
                var part = g.GetGeometryN(i);
                var lines = part is Polygon poly ? new[] { poly.ExteriorRing }.Concat(poly.InteriorRings) : [(LineString)part];
                foreach (var line in lines)
                {
                    var seq = line.CoordinateSequence;
                    for (var k = 0; k < seq.Count; k++)
                        sb.Append(CultureInfo.InvariantCulture, $"{(k == 0 ? 'M' : 'L')}{(seq.GetX(k) - extent.MinX) * kx * scale:0.#},{(extent.MaxY - seq.GetY(k)) * scale:0.#}");
                    if (part is Polygon) sb.Append('Z');
                }
            }
            return sb.ToString();
        }
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"preview-map\" viewBox=\"0 0 {width} {height}\">");
        foreach (var t in townships) svg.Append($"<path class=\"township\" d=\"{Path(t)}\"/>");
        foreach (var (g, _, _, action) in report.Preview)
        {
            var kind = action == ImportAction.New ? "new" : "update";
            // A ledger's lon/lat row only locates the site it updates: a dot where it says.
            if (g is Point p)
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"{kind} point\" r=\"4\" cx=\"{(p.X - extent.MinX) * kx * scale:0.#}\" cy=\"{(extent.MaxY - p.Y) * scale:0.#}\"/>");
            else svg.Append($"<path class=\"{kind} {(g.Dimension == Dimension.Curve ? "line" : "area")}\" d=\"{Path(g)}\"/>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    static string SafeName(string name)
    {
        var cleaned = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return cleaned.Length == 0 ? "upload" : cleaned;
    }

    string UserId() => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    async Task LoadTownshipsAsync() =>
        Townships = (await db.Townships.AsNoTracking().OrderBy(t => t.Code).Select(t => new { t.Id, t.Name }).ToListAsync()).Select(t => (t.Id, t.Name)).ToList();
}
