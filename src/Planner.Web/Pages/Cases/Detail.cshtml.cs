using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Api;

namespace Planner.Web.Pages.Cases;

/// <summary>
/// One case: where and what, its photos and history, and the steps the user may take now (立案, 作废, 派遣, 处置 with
/// after-photos, 核查). Each step posts the version the user saw; a stale one is refused with the current state shown.
/// </summary>
public sealed class DetailModel(PlannerDbContext db, CaseService cases, DistrictTime time, FieldLimits limits, Planner.Supervision.SupervisionService supervisions) : PageModel
{
    /// <summary>The 督办 running on the case, if any: the page leads to it rather than to a second one.</summary>
    public long? RunningOrderId { get; private set; }
    public long? RecurrenceOf { get; private set; }
    public IReadOnlyList<long> Recurrences { get; private set; } = [];
    public CaseView Case { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> Townships { get; private set; } = [];
    public string? TownshipName { get; private set; }
    public List<Problem> Problems { get; } = [];
    public DistrictTime Time => time;
    public string Navigation => Planner.Geometry.MapLinks.AmapNavigation(Case.Lon, Case.Lat, Case.CategoryName);

    async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await cases.GetAsync(id, HttpContext.Actor(), cancellationToken) is not { } view) return false;
        Case = view;
        Townships = (await db.Townships.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken)).Select(t => (t.Id, t.Name)).ToList();
        TownshipName = Townships.FirstOrDefault(t => t.Id == view.TownshipId).Name;
        RunningOrderId = await supervisions.RunningOrderAsync(null, id, cancellationToken);
        // 回访 links: the closed case this one came back from, and the cases that came back from this one.
        var links = await db.ProblemCases.AsNoTracking().Where(c => c.Id == id || c.RecurrenceOf == id).Select(c => new { c.Id, c.RecurrenceOf }).ToListAsync(cancellationToken);
        RecurrenceOf = links.FirstOrDefault(c => c.Id == id)?.RecurrenceOf;
        Recurrences = [.. links.Where(c => c.RecurrenceOf == id).Select(c => c.Id)];
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, string? step, int version, string? note, int? township, string? unit, string? deadline, CancellationToken cancellationToken)
    {
        var photos = await FieldForms.PhotosAsync(Request.Form, HttpContext, time, limits, Problems, cancellationToken);
        if (!CaseCodes.TryParseAction(step, out var action)) Problems.Add(new Problem("action", Planner.Localization.L10n.T("未选择操作", "no step chosen")));
        DateTimeOffset? due = null;
        if (!string.IsNullOrWhiteSpace(deadline))
        {
            if (DateOnly.TryParseExact(deadline, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                due = time.FromDistrictLocal(day.ToDateTime(new TimeOnly(23, 59))).ToUniversalTime();
            else Problems.Add(new Problem("deadline", Messages.NotADate(deadline)));
        }
        if (Problems.Count == 0)
        {
            try
            {
                await cases.TransitionAsync(id, action, new CaseStep(note, township, unit, due), photos, version, HttpContext.Actor(), cancellationToken);
                // A problem that came back: its new case, to be accepted and dispatched.
                if (action == CaseAction.Recur && await db.ProblemCases.Where(c => c.RecurrenceOf == id).OrderByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken) is { } recurrence)
                    return Redirect($"/Cases/Detail/{recurrence}");
                // What the step led to, or the work list when the case left the user's townships.
                return await cases.GetAsync(id, HttpContext.Actor(), cancellationToken) is null ? Redirect("/Work") : Redirect($"/Cases/Detail/{id}");
            }
            catch (CaseNotVisibleException) { return NotFound(); }
            catch (CaseStepForbiddenException e) { Problems.Add(e.Problem); }
            catch (ValidationFailedException e) { Problems.AddRange(e.Problems); }
            catch (ConcurrencyConflictException e)
            {
                Problems.Add(new Problem($"v{e.CurrentVersion}", Planner.Localization.L10n.T($"案件已被他人更新（现为第 {e.CurrentVersion} 版），以下为最新状态，请确认后再操作",
                    $"the case changed meanwhile (now version {e.CurrentVersion}); it is shown as it is now: check and try again")));
            }
        }
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }
}
