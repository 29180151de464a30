using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Geometry;
using Planner.Townships;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>
/// Creates and changes sites. Every method validates everything first and refuses with all problems
/// found; a refused call leaves the database as it was (one SaveChanges, one transaction).
/// </summary>
public sealed class SiteService(PlannerDbContext db)
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public async Task<Site> CreateAsync(SiteDraft draft, string user, CancellationToken cancellationToken = default)
    {
        var problems = SiteFieldRules.Check(draft);
        problems.AddRange(GeometryValidator.Validate(draft.Geometry, draft.Programme));
        var code = await CheckCodeAsync(draft, null, problems, cancellationToken);
        var township = await ResolveTownshipAsync(draft, problems, cancellationToken);
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var site = SiteFactory.Create(draft);
        site.Code = code;
        site.TownshipId = township!.Id;
        site.TownshipAssigned = !string.IsNullOrWhiteSpace(draft.TownshipCode);
        site.SetGeometry(draft.Geometry);
        site.RecordProgress(SiteStatus.Planning, 0, user, Clock.GetUtcNow(), "created");
        db.Sites.Add(site);
        await db.SaveChangesAsync(cancellationToken);
        return site;
    }

    /// <summary>
    /// Replaces a site's fields and geometry. <paramref name="expectedVersion"/> is the version the editor
    /// read (the ETag): a stale one is refused with the current version, so nothing is overwritten silently.
    /// </summary>
    public async Task<Site> UpdateAsync(long siteId, SiteDraft draft, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, cancellationToken);
        if (site.Version != expectedVersion) throw new ConcurrencyConflictException(siteId, expectedVersion, site.Version);
        var problems = SiteFieldRules.Check(draft);
        if (draft.Programme != site.Programme)
            problems.Add(new Problem("programme", $"a {site.Programme.Label()} site cannot become a {draft.Programme.Label()} site: create a new one"));
        else problems.AddRange(GeometryValidator.Validate(draft.Geometry, draft.Programme));
        var code = await CheckCodeAsync(draft, site, problems, cancellationToken);
        var township = await ResolveTownshipAsync(draft, problems, cancellationToken);
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var fresh = SiteFactory.Create(draft);
        site.Code = code;
        site.Name = fresh.Name;
        site.Community = fresh.Community;
        site.ResponsibleUnit = fresh.ResponsibleUnit;
        site.ResponsiblePerson = fresh.ResponsiblePerson;
        site.ResponsiblePhone = fresh.ResponsiblePhone;
        site.LeadOfficial = fresh.LeadOfficial;
        site.PlannedStart = fresh.PlannedStart;
        site.PlannedEnd = fresh.PlannedEnd;
        site.Budget = fresh.Budget;
        site.IsPilot = fresh.IsPilot;
        site.IsShowcase = fresh.IsShowcase;
        site.Notes = fresh.Notes;
        switch (site, fresh)
        {
            case (RoadSite r, RoadSite f):
                (r.RoadName, r.RoadFrom, r.RoadTo, r.WidthMetres, r.Grade) = (f.RoadName, f.RoadFrom, f.RoadTo, f.WidthMetres, f.Grade);
                break;
            case (CompoundSite c, CompoundSite f):
                (c.BuildYear, c.Buildings, c.Households, c.FloorAreaSquareMetres, c.HasPropertyManagement, c.WorksClass) =
                    (f.BuildYear, f.Buildings, f.Households, f.FloorAreaSquareMetres, f.HasPropertyManagement, f.WorksClass);
                break;
            case (FringeSite z, FringeSite f):
                (z.Villages, z.HouseholdsToRelocate, z.IllegalStructureAreaSquareMetres) = (f.Villages, f.HouseholdsToRelocate, f.IllegalStructureAreaSquareMetres);
                break;
        }
        site.TownshipId = township!.Id;
        site.TownshipAssigned = !string.IsNullOrWhiteSpace(draft.TownshipCode);
        site.SetGeometry(draft.Geometry);
        await SaveAsync(site, cancellationToken);
        return site;
    }

    /// <summary>Soft delete: the site leaves the map and the lists but stays in the database with its history.</summary>
    public async Task DeleteAsync(long siteId, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, cancellationToken);
        if (site.Version != expectedVersion) throw new ConcurrencyConflictException(siteId, expectedVersion, site.Version);
        site.DeletedAt = Clock.GetUtcNow();
        await SaveAsync(site, cancellationToken);
    }

    /// <summary>Moves a site through the workflow or updates its progress; <paramref name="expectedVersion"/> guards against lost updates.</summary>
    public async Task<Site> RecordProgressAsync(long siteId, ProgressUpdate update, string user, int? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, cancellationToken);
        if (expectedVersion is { } expected && expected != site.Version)
            throw new ConcurrencyConflictException(siteId, expected, site.Version);
        site.RecordProgress(update.Status, update.Percent, user, Clock.GetUtcNow(), update.Note, update.ActualDate);
        await SaveAsync(site, cancellationToken);
        return site;
    }

    public async Task<SiteTask> AddTaskAsync(long siteId, TaskDraft draft, CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, cancellationToken);
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(draft.Measure)) problems.Add(new Problem("measure", "is required"));
        else if (draft.Measure.Length > 1000) problems.Add(new Problem("measure", "is longer than 1000 characters"));
        if (string.IsNullOrWhiteSpace(draft.ResponsiblePerson)) problems.Add(new Problem("responsiblePerson", "is required"));
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        var task = new SiteTask { Measure = draft.Measure.Trim(), Deadline = draft.Deadline, ResponsiblePerson = draft.ResponsiblePerson.Trim() };
        site.Tasks.Add(task);
        await SaveAsync(site, cancellationToken);
        return task;
    }

    public async Task<SiteTask> CompleteTaskAsync(long taskId, DateOnly doneOn, CancellationToken cancellationToken = default)
    {
        var task = await db.SiteTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
                   ?? throw new ValidationFailedException("task", $"no task has id {taskId}");
        if (task.IsDone) throw new ValidationFailedException("task", $"task {taskId} was already done on {task.DoneOn:yyyy-MM-dd}");
        var site = await FindAsync(task.SiteId, cancellationToken); // tracked, so the save bumps its version
        task.MarkDone(doneOn);
        await SaveAsync(site, cancellationToken);
        return task;
    }

    /// <summary>The draft's trimmed code; a problem when another site has it.</summary>
    async Task<string> CheckCodeAsync(SiteDraft draft, Site? self, List<Problem> problems, CancellationToken cancellationToken)
    {
        var code = draft.Code?.Trim() ?? "";
        var selfId = self?.Id ?? 0;
        if (code.Length > 0 && code != self?.Code && await db.Sites.AnyAsync(s => s.Code == code && s.Id != selfId, cancellationToken))
            problems.Add(new Problem("code", $"a site with code {code} already exists"));
        return code;
    }

    /// <summary>The township the draft names, or else the one its geometry lies in (only when all else is valid).</summary>
    async Task<Township?> ResolveTownshipAsync(SiteDraft draft, List<Problem> problems, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(draft.TownshipCode))
        {
            var code = draft.TownshipCode.Trim();
            var named = await db.Townships.FirstOrDefaultAsync(t => t.Code == code, cancellationToken);
            if (named is null) problems.Add(new Problem("township", $"no township has code {code}"));
            return named;
        }
        if (problems.Count > 0) return null;
        var located = await LocateTownshipAsync(draft.Geometry, cancellationToken);
        if (located is null) problems.Add(new Problem("geometry", "lies outside every township of the district"));
        return located;
    }

    public async Task<Township?> LocateTownshipAsync(NetTopologySuite.Geometries.Geometry geometry, CancellationToken cancellationToken = default)
    {
        var e = geometry.EnvelopeInternal;
        var candidates = await db.Townships
            .Where(t => t.MinLon <= e.MaxX && t.MaxLon >= e.MinX && t.MinLat <= e.MaxY && t.MaxLat >= e.MinY)
            .ToListAsync(cancellationToken);
        return TownshipLocator.Locate(geometry, candidates);
    }

    async Task<Site> FindAsync(long siteId, CancellationToken cancellationToken) =>
        await db.Sites.Include(s => s.Tasks).FirstOrDefaultAsync(s => s.Id == siteId && s.DeletedAt == null, cancellationToken)
        ?? throw new ValidationFailedException("site", $"no site has id {siteId}");

    async Task SaveAsync(Site site, CancellationToken cancellationToken)
    {
        var readVersion = site.Version;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Sites.AsNoTracking().Where(s => s.Id == site.Id).Select(s => s.Version).FirstAsync(cancellationToken);
            throw new ConcurrencyConflictException(site.Id, readVersion, current);
        }
    }
}
