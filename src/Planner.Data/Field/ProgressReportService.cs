using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Localization;
using Planner.Sites;
using Planner.Users;
using Planner.Validation;

namespace Planner.Field;

/// <summary>
/// Progress reports from the field and their review. A report and its photos are stored in one transaction, or
/// nothing is; the same client id sent again returns the stored report. Accepting moves the site through the
/// status workflow in the same transaction that marks the report reviewed; two reviews of one report cannot both win.
/// </summary>
public sealed class ProgressReportService(PlannerDbContext db, SiteService sites)
{
    public DistrictTime Time { get; init; } = DistrictTime.System;
    public FieldLimits Limits { get; init; } = FieldLimits.Default;
    public SiteLimits SiteLimits { get; init; } = SiteLimits.Default;

    /// <summary>Stores a report on a site the user may see; false with the stored one when its client id was sent before.</summary>
    public async Task<(ProgressReport Report, bool Created)> SubmitAsync(long siteId, ReportSubmission submission, IReadOnlyList<EvidencePhoto> photos,
        string userName, string displayName, SiteScope scope, CancellationToken cancellationToken = default)
    {
        var earlier = await db.ProgressReports.AsNoTracking().FirstOrDefaultAsync(r => r.ClientId == submission.ClientId, cancellationToken);
        if (earlier is not null)
        {
            if (earlier.SiteId != siteId || earlier.ReportedBy != userName)
                throw new ValidationFailedException("clientId", L10n.T($"{submission.ClientId} 已用于另一份填报", $"{submission.ClientId} belongs to another report"));
            return (earlier, false);
        }

        var site = await db.Sites.AsNoTracking().Include(s => s.ProgressRecords)
            .FirstOrDefaultAsync(s => s.Id == siteId && s.DeletedAt == null, cancellationToken);
        if (site is null || !scope.CanSee(site.TownshipId)) throw new SiteNotVisibleException(siteId);

        var problems = new List<Problem>();
        if (submission.Percent is < 0 or > 100) problems.Add(new Problem("progress", L10n.T("必须在 0 到 100 之间", "must be between 0 and 100")));
        if (submission.Status is { } next && next != site.Status && SiteWorkflow.ExplainRefusal(site.Status, next, site.SuspendedFrom) is { } refusal)
            problems.Add(new Problem("status", refusal));
        else if (SiteWorkflow.CheckProgress(submission.Status ?? site.Status, submission.Percent, site.SuspendedFrom) is { } progress)
            problems.Add(progress);
        SiteFieldRules.Length(problems, "note", submission.Note, SiteLimits.MaxNoteLength);
        if (SiteFieldRules.ActualDate("actualDate", submission.ActualDate, Time.Today) is { } future) problems.Add(future);
        if (photos.Count < Limits.MinPhotosPerReport)
            problems.Add(new Problem("photos", L10n.T($"至少需要 {Limits.MinPhotosPerReport} 张照片", $"at least {Limits.MinPhotosPerReport} photo(s) are needed")));
        if (photos.Count > Limits.MaxPhotosPerReport)
            problems.Add(new Problem("photos", L10n.T($"最多 {Limits.MaxPhotosPerReport} 张照片（Planner:Field:MaxPhotosPerReport），收到 {photos.Count} 张",
                $"at most {Limits.MaxPhotosPerReport} photos (Planner:Field:MaxPhotosPerReport); {photos.Count} were sent")));
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        // The step a report documents began with the site's last recorded progress.
        var stepStarted = site.ProgressRecords.Count > 0 ? site.ProgressRecords.Max(r => r.At) : (DateTimeOffset?)null;
        var known = await EarlierPhotos.FindAsync(db, photos, cancellationToken);
        var report = new ProgressReport
        {
            SiteId = siteId, ClientId = submission.ClientId, ReportedBy = userName, ReporterName = displayName, ReportedAt = Time.Now,
            Percent = submission.Percent, ProposedStatus = submission.Status == site.Status ? null : submission.Status,
            ActualDate = submission.ActualDate, Note = string.IsNullOrWhiteSpace(submission.Note) ? null : submission.Note.Trim(),
        };
        foreach (var photo in photos)
        {
            EvidenceCheck.Apply(photo, site.Geometry, stepStarted, known.TryGetValue(photo.Sha256, out var id) ? id : null, Limits);
            report.Photos.Add(photo);
        }
        db.ProgressReports.Add(report);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same report arrived twice at once: the other copy is stored, and this one is that one.
            db.ChangeTracker.Clear();
            var stored = await db.ProgressReports.AsNoTracking().FirstOrDefaultAsync(r => r.ClientId == submission.ClientId, cancellationToken);
            if (stored is null || stored.SiteId != siteId || stored.ReportedBy != userName) throw;
            return (stored, false);
        }
        return (report, true);
    }

    /// <summary>The site's reports, newest first, with their photos' evidence; null when the user may not see the site.</summary>
    public async Task<IReadOnlyList<ReportSummary>?> ListAsync(long siteId, SiteScope scope, CancellationToken cancellationToken = default)
    {
        if (!await scope.Apply(db.Sites).AnyAsync(s => s.Id == siteId && s.DeletedAt == null, cancellationToken)) return null;
        return await Summaries(db.ProgressReports.Where(r => r.SiteId == siteId), cancellationToken);
    }

    /// <summary>One report as lists show it (what the API answers after a report or a review).</summary>
    public async Task<ReportSummary> SummaryAsync(long reportId, CancellationToken cancellationToken = default) =>
        (await Summaries(db.ProgressReports.Where(r => r.Id == reportId), cancellationToken)).Single();

    /// <summary>Reports waiting for review in the user's scope, oldest first: the planner's queue.</summary>
    public Task<List<ReportSummary>> PendingAsync(SiteScope scope, CancellationToken cancellationToken = default) =>
        Summaries(Pending(scope), cancellationToken, oldestFirst: true);

    /// <summary>How many reports wait for review in the user's scope (the queue's length, without reading it).</summary>
    public Task<int> PendingCountAsync(SiteScope scope, CancellationToken cancellationToken = default) => Pending(scope).CountAsync(cancellationToken);

    IQueryable<ProgressReport> Pending(SiteScope scope)
    {
        var visible = VisibleSiteIds(scope);
        return db.ProgressReports.Where(r => r.State == ReportState.Pending && visible.Contains(r.SiteId));
    }

    /// <summary>
    /// A reporter's reports that a planner returned and that nobody has reported on since, newest first: the field team's
    /// to redo (the reason says what to fix). Within the user's scope, on sites not deleted.
    /// </summary>
    public Task<List<ReportSummary>> ReturnedAsync(string reporter, SiteScope scope, CancellationToken cancellationToken = default)
    {
        var visible = VisibleSiteIds(scope);
        return Summaries(db.ProgressReports.Where(r => r.State == ReportState.Returned && r.ReportedBy == reporter && visible.Contains(r.SiteId)
            && !db.ProgressReports.Any(later => later.SiteId == r.SiteId && later.ReportedAt > r.ReportedAt)), cancellationToken);
    }

    /// <summary>The sites whose reports a list may show: in the user's townships, not deleted.</summary>
    IQueryable<long> VisibleSiteIds(SiteScope scope) => scope.Apply(db.Sites).Where(s => s.DeletedAt == null).Select(s => s.Id);

    async Task<List<ReportSummary>> Summaries(IQueryable<ProgressReport> reports, CancellationToken cancellationToken, bool oldestFirst = false)
    {
        var ordered = oldestFirst ? reports.OrderBy(r => r.ReportedAt).ThenBy(r => r.Id) : reports.OrderByDescending(r => r.ReportedAt).ThenByDescending(r => r.Id);
        var rows = await ordered.Select(r => new
        {
            r.Id, r.SiteId, SiteCode = r.Site!.Code, SiteName = r.Site.Name, r.ReportedBy, r.ReporterName, r.ReportedAt, r.Percent, r.ProposedStatus, r.ActualDate,
            r.Note, r.State, r.ReviewedBy, r.ReviewedAt, r.ReturnReason, r.Version, SiteProgress = r.Site.Progress,
        }).Take(500).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        // Only the photos' evidence: their bytes stay in the database until a browser asks for one.
        var photos = (await db.EvidencePhotos.AsNoTracking().Where(p => p.ReportId != null && ids.Contains(p.ReportId.Value)).OrderBy(p => p.Id)
                .Select(p => new { ReportId = p.ReportId!.Value, Photo = new PhotoSummary(p.Id, p.FileName, p.Width, p.Height, p.TakenAt, p.Lon, p.Lat, p.DistanceMetres, p.TooFar, p.TakenBeforeStep, p.DuplicateOf) })
                .ToListAsync(cancellationToken))
            .ToLookup(p => p.ReportId, p => p.Photo);
        return rows.Select(r => new ReportSummary(r.Id, r.SiteId, r.SiteCode, r.SiteName, r.ReportedBy, r.ReporterName, r.ReportedAt, r.Percent, r.ProposedStatus,
            r.ActualDate, r.Note, r.State, r.ReviewedBy, r.ReviewedAt, r.ReturnReason, r.Version, photos[r.Id].ToList(), r.SiteProgress)).ToList();
    }

    /// <summary>
    /// Accepts (the site moves as the report proposes, through the workflow's checks) or returns (with a reason) a
    /// pending report on a site the reviewer may see. One transaction; a report reviewed meanwhile is refused.
    /// </summary>
    public async Task<ProgressReport> ReviewAsync(long reportId, bool accept, string? reason, string reviewer, SiteScope scope, CancellationToken cancellationToken = default)
    {
        var report = await db.ProgressReports.Include(r => r.Site).FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null || report.Site is not { } site || !scope.CanSee(site.TownshipId)) throw new ReportNotVisibleException(reportId);
        var problems = new List<Problem>();
        SiteFieldRules.Length(problems, "reason", reason, Limits.MaxReasonLength);
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        var now = Time.Now;
        if (!accept)
        {
            report.Return(reviewer, now, reason ?? "");
            await SaveAsync(report, cancellationToken);
            return report;
        }
        report.Accept(reviewer, now);
        await sites.ApplyReportAsync(report, reviewer, cancellationToken);
        return report;
    }

    async Task SaveAsync(ProgressReport report, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ValidationFailedException("report", L10n.T($"填报 {report.Id} 已被他人审核，请刷新", $"report {report.Id} was reviewed by someone else meanwhile: reload"));
        }
    }
}
