using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Linemerge;
using Planner.Data;
using Planner.Geometry;
using Planner.Spatial;
using Planner.Localization;
using Planner.Townships;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>
/// Creates and changes sites. Every method validates everything first and refuses with all problems
/// found; a refused call leaves the database as it was (one SaveChanges, one transaction). Every change
/// writes a <see cref="SiteRevision"/> with who, when and the site before and after.
/// </summary>
public sealed class SiteService(PlannerDbContext db)
{
    /// <summary>Overlaps below this (m²) are slivers from shared, snapped edges, not overlaps.</summary>
    public const double MinimumOverlapSquareMetres = 1.0;

    /// <summary>The clock and the district's time zone: "today" for dates and deadlines.</summary>
    public DistrictTime Time { get; init; } = DistrictTime.System;

    public SiteLimits Limits { get; init; } = SiteLimits.Default;

    DateOnly Today => Time.Today;

    public async Task<Site> CreateAsync(SiteDraft draft, string user, bool overlapConfirmed = false, CancellationToken cancellationToken = default)
    {
        var problems = SiteFieldRules.Check(draft, Limits, Today);
        problems.AddRange(Limits.GeometryRules.Validate(draft.Geometry, draft.Programme));
        var code = await CheckCodeAsync(draft, null, problems, cancellationToken);
        var township = await ResolveTownshipAsync(draft, problems, cancellationToken);
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        if (!overlapConfirmed) await RefuseOverlapsAsync(draft.Geometry, draft.Programme, [], cancellationToken);

        var site = SiteFactory.Create(draft);
        site.Code = code;
        site.Township = township;
        site.TownshipAssigned = !string.IsNullOrWhiteSpace(draft.TownshipCode);
        site.SetGeometry(draft.Geometry);
        site.RecordProgress(SiteStatus.Planning, 0, user, Time.Now, HistoryNote.Created);
        db.Sites.Add(site);
        Audit(site, RevisionAction.Created, user, before: null, HistoryNote.Created);
        await db.SaveChangesAsync(cancellationToken);
        return site;
    }

    /// <summary>
    /// Replaces a site's fields and geometry. <paramref name="expectedVersion"/> is the version the editor
    /// read (the ETag): a stale one is refused with the current version, so nothing is overwritten silently.
    /// </summary>
    public async Task<Site> UpdateAsync(long siteId, SiteDraft draft, int expectedVersion, string user, bool overlapConfirmed = false,
        CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, expectedVersion, cancellationToken);
        var before = SiteSnapshot.Of(site);
        await ApplyAsync(site, draft, overlapConfirmed, cancellationToken);
        var after = SiteSnapshot.Of(site);
        var changed = SiteSnapshot.ChangedFields(before, after);
        if (changed.Count == 0) return site; // nothing to save, nothing to audit
        Audit(site, RevisionAction.Edited, user, before, HistoryNote.Changed(changed), after: after);
        await SaveAsync(site, cancellationToken);
        return site;
    }

    /// <summary>Soft delete: the site leaves the map and the lists but stays in the database with its history.</summary>
    public async Task DeleteAsync(long siteId, int expectedVersion, string user, CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, expectedVersion, cancellationToken);
        var before = SiteSnapshot.Of(site);
        site.DeletedAt = Time.Now;
        Audit(site, RevisionAction.Deleted, user, before, HistoryNote.Deleted);
        await SaveAsync(site, cancellationToken);
    }

    /// <summary>Moves a site through the workflow or updates its progress; <paramref name="expectedVersion"/> guards against lost updates.</summary>
    public async Task<Site> RecordProgressAsync(long siteId, ProgressUpdate update, string user, int? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>();
        SiteFieldRules.Length(problems, "note", update.Note, Limits.MaxNoteLength);
        if (SiteFieldRules.ActualDate("actualDate", update.ActualDate, Today) is { } future) problems.Add(future);
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        var site = await FindAsync(siteId, expectedVersion, cancellationToken);
        var before = SiteSnapshot.Of(site);
        var from = site.Status;
        // A site that starts construction without a date started today, in the district's calendar.
        var actual = update.ActualDate ?? (update.Status == SiteStatus.Construction && site.ActualStart is null ? Today : null);
        site.RecordProgress(update.Status, update.Percent, user, Time.Now, update.Note, actual);
        Audit(site, RevisionAction.Progress, user, before, HistoryNote.Progress(from, site.Status, site.Progress));
        await SaveAsync(site, cancellationToken);
        return site;
    }

    /// <summary>
    /// Applies a field report a reviewer has just accepted (<see cref="Field.ProgressReport.Accept"/>): the site moves
    /// as the report proposes, through the workflow's checks; its progress record names the reporter, its history the
    /// reviewer and the report. Saved with the report's new state, in one transaction.
    /// </summary>
    public async Task<Site> ApplyReportAsync(Field.ProgressReport report, string reviewer, CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(report.SiteId, null, cancellationToken);
        var before = SiteSnapshot.Of(site);
        var from = site.Status;
        var status = report.ProposedStatus ?? site.Status;
        var actual = report.ActualDate ?? (status == SiteStatus.Construction && site.ActualStart is null ? Today : null);
        site.RecordProgress(status, report.Percent, report.ReporterName, Time.Now, report.Note ?? HistoryNote.FieldReport(report.Id), actual);
        Audit(site, RevisionAction.Progress, reviewer, before, HistoryNote.ReportAccepted(report.ReporterName, report.Id, from, site.Status, site.Progress));
        await SaveAsync(site, cancellationToken);
        return site;
    }

    public async Task<SiteTask> AddTaskAsync(long siteId, TaskDraft draft, string user, CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, null, cancellationToken);
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(draft.Measure)) problems.Add(new Problem("measure", Messages.IsRequired));
        else SiteFieldRules.Length(problems, "measure", draft.Measure, Limits.MaxNoteLength);
        if (string.IsNullOrWhiteSpace(draft.ResponsiblePerson)) problems.Add(new Problem("responsiblePerson", Messages.IsRequired));
        else SiteFieldRules.Length(problems, "responsiblePerson", draft.ResponsiblePerson, Limits.MaxTextLength);
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        var task = new SiteTask { Measure = draft.Measure.Trim(), Deadline = draft.Deadline, ResponsiblePerson = draft.ResponsiblePerson.Trim() };
        site.Tasks.Add(task);
        Audit(site, RevisionAction.Task, user, null, HistoryNote.TaskAdded(task.Measure));
        await SaveAsync(site, cancellationToken);
        return task;
    }

    public async Task<SiteTask> CompleteTaskAsync(long taskId, DateOnly doneOn, string user, CancellationToken cancellationToken = default)
    {
        var task = await db.SiteTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
                   ?? throw new ValidationFailedException("task", L10n.T($"没有编号为 {taskId} 的整改事项", $"no task has id {taskId}"));
        if (task.IsDone) throw new ValidationFailedException("task", L10n.T($"整改事项 {taskId} 已于 {task.DoneOn:yyyy-MM-dd} 完成", $"task {taskId} was already done on {task.DoneOn:yyyy-MM-dd}"));
        if (SiteFieldRules.ActualDate("doneOn", doneOn, Today) is { } future) throw new ValidationFailedException([future]);
        var site = await FindAsync(task.SiteId, null, cancellationToken); // tracked, so the save bumps its version
        task.MarkDone(doneOn);
        Audit(site, RevisionAction.Task, user, null, HistoryNote.TaskDone(doneOn, task.Measure));
        await SaveAsync(site, cancellationToken);
        return task;
    }

    /// <summary>
    /// Checks a drawn geometry before anything is saved: measures, the township it falls in, what is wrong
    /// with it (with the place), and which sites of the programme it overlaps. <paramref name="siteId"/> is
    /// the site being edited, left out of the overlaps.
    /// </summary>
    public async Task<SiteCheck> CheckAsync(NetTopologySuite.Geometries.Geometry geometry, Programme programme, long? siteId,
        CancellationToken cancellationToken = default)
    {
        var problems = Limits.GeometryRules.Validate(geometry, programme);
        if (problems.Count > 0) return new SiteCheck(null, 0, null, problems, []);
        var measured = Measure.AreaAndLength(geometry);
        var placement = await PlaceAsync(geometry, cancellationToken);
        var found = SiteExtentRules.Check(programme, measured, placement, Limits, needsTownship: true);
        var overlaps = await FindOverlapsAsync(geometry, programme, siteId is { } id ? [id] : [], cancellationToken);
        return new SiteCheck(programme.GeometryKind() == SiteGeometryKind.Polygonal ? measured.Area : null, measured.Length, placement.Township, found, overlaps);
    }

    /// <summary>Sites of the programme whose area the geometry overlaps by at least <see cref="MinimumOverlapSquareMetres"/>.</summary>
    public async Task<IReadOnlyList<SiteOverlap>> FindOverlapsAsync(NetTopologySuite.Geometries.Geometry geometry, Programme programme,
        IReadOnlyCollection<long> except, CancellationToken cancellationToken = default)
    {
        if (programme.GeometryKind() != SiteGeometryKind.Polygonal) return [];
        var code = programme.Code();
        var candidates = await db.SitesMeeting(geometry).AsNoTracking()
            .Where(s => EF.Property<string>(s, "programme") == code && s.DeletedAt == null && !except.Contains(s.Id))
            .OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Code, s.Name, s.Geometry })
            .ToListAsync(cancellationToken);
        var overlaps = new List<SiteOverlap>();
        foreach (var c in candidates)
        {
            var area = Measure.Area(geometry.Intersection(c.Geometry));
            if (area >= MinimumOverlapSquareMetres) overlaps.Add(new SiteOverlap(c.Id, c.Code, c.Name, area));
        }
        return overlaps;
    }

    /// <summary>
    /// Puts back a site's fields and geometry as they were after (or, with <paramref name="before"/>, before)
    /// one of its revisions. Status and progress stay: they only move through the workflow. Also undeletes.
    /// The restored version is checked like an edit: geometry, limits, and overlaps unless confirmed.
    /// </summary>
    public async Task<Site> RestoreAsync(long siteId, long revisionId, bool before, int expectedVersion, string user,
        bool overlapConfirmed = false, CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, expectedVersion, cancellationToken, includeDeleted: true);
        var revision = await db.SiteRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == revisionId && r.SiteId == siteId, cancellationToken)
                       ?? throw new ValidationFailedException("revision", L10n.T($"项目 {siteId} 没有第 {revisionId} 号修改记录", $"site {siteId} has no revision {revisionId}"));
        var snapshot = before ? revision.BeforeSnapshot() : revision.AfterSnapshot();
        if (snapshot is null)
            throw new ValidationFailedException("revision", L10n.T($"修改记录 {revisionId} 没有修改{(before ? "前" : "后")}的快照", $"revision {revisionId} has no snapshot {(before ? "before" : "after")} the change"));
        var problems = new List<Problem>();
        var draft = snapshot.ReadDraft(problems);
        if (draft is null) throw new ValidationFailedException(problems);
        var old = SiteSnapshot.Of(site);
        var wasDeleted = site.DeletedAt is not null;
        await ApplyAsync(site, draft, overlapConfirmed, cancellationToken);
        site.DeletedAt = null;
        var version = before ? revision.Version - 1 : revision.Version;
        Audit(site, RevisionAction.Restored, user, old, HistoryNote.Restored(version, wasDeleted));
        await SaveAsync(site, cancellationToken);
        return site;
    }

    /// <summary>
    /// Cuts a polygonal site in two along <paramref name="line"/>, which must cross it from edge to edge.
    /// The site keeps the larger part; a new site with the same fields and status takes the other. Both
    /// histories record the split and point at each other.
    /// </summary>
    public async Task<(Site Kept, Site Created)> SplitAsync(long siteId, LineString line, int expectedVersion, string user,
        string? newCode = null, string? newName = null, CancellationToken cancellationToken = default)
    {
        var site = await FindAsync(siteId, expectedVersion, cancellationToken);
        if (site.Programme.GeometryKind() != SiteGeometryKind.Polygonal)
            throw new ValidationFailedException("programme", L10n.T("只有老旧小区和城乡接合部可以拆分；道路请逐个顶点编辑", "only compounds and fringe zones are split; a road is edited vertex by vertex"));
        if (site.Status == SiteStatus.Suspended)
            throw new ValidationFailedException("status", L10n.T("暂停的项目不能拆分：请先恢复", "a suspended site cannot be split: resume it first"));
        var lineProblems = Limits.GeometryRules.Validate(line, Programme.Road);
        if (lineProblems.Count > 0) throw new ValidationFailedException(lineProblems.Select(p => p with { Where = p.Where.Replace("geometry", "line") }).ToList());

        var parts = SitePolygonSplitter.Split(site.Geometry, line);
        if (parts.Count != 2)
            throw new ValidationFailedException("line", parts.Count < 2
                ? L10n.T("没有切开项目：请从一条边画到另一条边，横穿项目", "does not cut the site: draw it across the site from one edge to another")
                : L10n.T($"把项目切成了 {parts.Count} 块；请画一条把它切成两块的线", $"cuts the site into {parts.Count} parts; draw a line that cuts it into two"));
        foreach (var part in parts)
        {
            var problems = Limits.GeometryRules.Validate(part, site.Programme);
            if (problems.Count > 0) throw new ValidationFailedException(problems);
        }
        var kept = parts.OrderByDescending(p => p.Area).First();
        var other = parts.First(p => !ReferenceEquals(p, kept));

        var before = SiteSnapshot.Of(site);
        var problemsForNew = new List<Problem>();
        var copy = before.ReadDraft(problemsForNew)!;
        copy = copy with
        {
            Geometry = other,
            Code = newCode?.Trim() is { Length: > 0 } c ? c : await FreeCodeAsync(site.Code, cancellationToken),
            Name = newName?.Trim() is { Length: > 0 } n ? n : $"{site.Name}-2",
        };
        var problemsCopy = SiteFieldRules.Check(copy, Limits, Today);
        await CheckCodeAsync(copy, null, problemsCopy, cancellationToken);
        if (problemsCopy.Count > 0) throw new ValidationFailedException(problemsCopy);

        var now = Time.Now;
        var created = SiteFactory.Create(copy);
        created.Code = copy.Code.Trim();
        created.TownshipId = site.TownshipId;
        created.TownshipAssigned = site.TownshipAssigned;
        created.ActualStart = site.ActualStart;
        created.ActualEnd = site.ActualEnd;
        created.SetGeometry(other);
        created.StartAt(site.Status, site.Progress, user, now, HistoryNote.SplitFrom(site.Code));
        if (!site.TownshipAssigned) created.Township = await LocateTownshipAsync(other, cancellationToken) ?? site.Township;
        site.SetGeometry(kept);
        db.Sites.Add(created);
        Audit(site, RevisionAction.Split, user, before, HistoryNote.SplitInto(created.Code), related: created);
        Audit(created, RevisionAction.SplitFrom, user, null, HistoryNote.SplitFrom(site.Code), related: site);
        await SaveAsync(site, cancellationToken);
        return (site, created);
    }

    /// <summary>
    /// Merges <paramref name="otherId"/> into <paramref name="siteId"/>: two adjacent sites of the same programme
    /// and status become one, which keeps the first site's fields. The other is retired (soft-deleted); both
    /// histories record the merge and point at each other.
    /// </summary>
    public async Task<Site> MergeAsync(long siteId, int expectedVersion, long otherId, int otherExpectedVersion, string user,
        CancellationToken cancellationToken = default)
    {
        if (siteId == otherId) throw new ValidationFailedException("with", L10n.T("项目不能与自身合并", "a site cannot be merged with itself"));
        var site = await FindAsync(siteId, expectedVersion, cancellationToken);
        var other = await FindAsync(otherId, otherExpectedVersion, cancellationToken);
        var problems = new List<Problem>();
        if (other.Programme != site.Programme)
            problems.Add(new Problem("with", L10n.T($"{other.Code} 是{other.Programme.Label()}项目，{site.Code} 是{site.Programme.Label()}项目", $"{other.Code} is a {other.Programme.Label()} site; {site.Code} is a {site.Programme.Label()} site")));
        else if (other.Status != site.Status || other.Progress != site.Progress)
            problems.Add(new Problem("with", L10n.T($"{other.Code} 处于 {other.Status.Display()} {other.Progress}%，{site.Code} 处于 {site.Status.Display()} {site.Progress}%：请先让两者状态一致",
                $"{other.Code} is at {other.Status.Display()} {other.Progress}%, {site.Code} at {site.Status.Display()} {site.Progress}%: bring them to the same state first")));
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var merged = Merge(site.Geometry, other.Geometry, site.Programme)
                     ?? throw new ValidationFailedException("with", L10n.T($"{other.Code} 与 {site.Code} 不相邻：两者必须{(site.Programme == Programme.Road ? "首尾相接" : "共用一条边")}或重叠",
                         $"{other.Code} is not adjacent to {site.Code}: they must share an edge{(site.Programme == Programme.Road ? " end" : "")} or overlap"));
        var mergedProblems = Limits.GeometryRules.Validate(merged, site.Programme);
        if (mergedProblems.Count == 0) mergedProblems = SiteExtentRules.Check(site.Programme, Measure.AreaAndLength(merged), await PlaceAsync(merged, cancellationToken), Limits, needsTownship: false);
        if (mergedProblems.Count > 0) throw new ValidationFailedException(mergedProblems);

        var before = SiteSnapshot.Of(site);
        var otherBefore = SiteSnapshot.Of(other);
        site.SetGeometry(merged);
        other.DeletedAt = Time.Now;
        Audit(site, RevisionAction.Merged, user, before, HistoryNote.MergedWith(other.Code), related: other);
        Audit(other, RevisionAction.MergedInto, user, otherBefore, HistoryNote.MergedInto(site.Code), related: site);
        await SaveAsync(site, cancellationToken);
        return site;
    }

    static NetTopologySuite.Geometries.Geometry? Merge(NetTopologySuite.Geometries.Geometry a, NetTopologySuite.Geometries.Geometry b, Programme programme)
    {
        if (programme.GeometryKind() == SiteGeometryKind.Polygonal)
        {
            // Adjacent means sharing an edge (as snapping makes them) or overlapping: the union is one polygon.
            var union = a.Union(b);
            union.SRID = a.SRID;
            return union as Polygon;
        }
        var merger = new LineMerger();
        merger.Add(a);
        merger.Add(b);
        var lines = merger.GetMergedLineStrings();
        if (lines.Count != 1) return null;
        var line = (LineString)lines.First();
        line.SRID = a.SRID;
        return line;
    }

    async Task<string> FreeCodeAsync(string code, CancellationToken cancellationToken)
    {
        for (var i = 2; ; i++)
        {
            var candidate = $"{code}-{i}";
            if (!await db.Sites.AnyAsync(s => s.Code == candidate, cancellationToken)) return candidate;
        }
    }

    /// <summary>Validates <paramref name="draft"/> against <paramref name="site"/> and, when all is well, copies it in.</summary>
    async Task ApplyAsync(Site site, SiteDraft draft, bool overlapConfirmed, CancellationToken cancellationToken)
    {
        var problems = SiteFieldRules.Check(draft, Limits, Today);
        if (draft.Programme != site.Programme)
            problems.Add(new Problem("programme", L10n.T($"{site.Programme.Label()}项目不能改为{draft.Programme.Label()}项目：请新建一个", $"a {site.Programme.Label()} site cannot become a {draft.Programme.Label()} site: create a new one")));
        else problems.AddRange(Limits.GeometryRules.Validate(draft.Geometry, draft.Programme));
        var code = await CheckCodeAsync(draft, site, problems, cancellationToken);
        var township = await ResolveTownshipAsync(draft, problems, cancellationToken);
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        // An unchanged shape has been checked for overlaps already, unless the site comes back from deletion.
        if (!overlapConfirmed && (site.DeletedAt is not null || !draft.Geometry.EqualsExact(site.Geometry)))
            await RefuseOverlapsAsync(draft.Geometry, draft.Programme, [site.Id], cancellationToken);

        var fresh = SiteFactory.Create(draft);
        fresh.Code = code;
        SiteFields.Copy(fresh, site);
        site.Township = township;
        site.TownshipAssigned = !string.IsNullOrWhiteSpace(draft.TownshipCode);
        // Geometry read back from a snapshot or a client differs in the last bits: keep the stored one when equal to 1e-9°.
        if (!draft.Geometry.EqualsExact(site.Geometry, 1e-9)) site.SetGeometry(draft.Geometry);
    }

    async Task RefuseOverlapsAsync(NetTopologySuite.Geometries.Geometry geometry, Programme programme, long[] except, CancellationToken cancellationToken)
    {
        var overlaps = await FindOverlapsAsync(geometry, programme, except, cancellationToken);
        if (overlaps.Count > 0) throw new OverlapWarningException(overlaps);
    }

    /// <summary>Adds the change's revision; the snapshot after it is taken when saved, unless the caller has it already.</summary>
    void Audit(Site site, RevisionAction action, string user, SiteSnapshot? before, string summary, Site? related = null, SiteSnapshot? after = null)
    {
        var revision = new SiteRevision
        {
            Site = site, At = Time.Now, By = string.IsNullOrWhiteSpace(user) ? "?" : user.Trim(), Action = action,
            Before = before?.Feature, BeforeGeometry = before?.Geometry, Summary = summary.Length > 500 ? summary[..500] : summary, RelatedSite = related,
        };
        if (after is not null) revision.SetAfter(after);
        db.SiteRevisions.Add(revision);
    }

    /// <summary>The draft's trimmed code; a problem when another site has it.</summary>
    async Task<string> CheckCodeAsync(SiteDraft draft, Site? self, List<Problem> problems, CancellationToken cancellationToken)
    {
        var code = draft.Code?.Trim() ?? "";
        var selfId = self?.Id ?? 0;
        if (code.Length > 0 && code != self?.Code && await db.Sites.AnyAsync(s => s.Code == code && s.Id != selfId, cancellationToken))
            problems.Add(new Problem("code", L10n.T($"编号为 {code} 的项目已存在", $"a site with code {code} already exists")));
        return code;
    }

    /// <summary>
    /// The township the draft names, or else the one its geometry lies in; and, when all else is valid, that the
    /// site lies in the district and has a size its programme can have.
    /// </summary>
    async Task<Township?> ResolveTownshipAsync(SiteDraft draft, List<Problem> problems, CancellationToken cancellationToken)
    {
        Township? named = null;
        if (!string.IsNullOrWhiteSpace(draft.TownshipCode))
        {
            var code = draft.TownshipCode.Trim();
            named = await db.Townships.FirstOrDefaultAsync(t => t.Code == code, cancellationToken);
            if (named is null) problems.Add(new Problem("township", L10n.T($"没有代码为 {code} 的乡/街道", $"no township has code {code}")));
        }
        if (problems.Count > 0) return named;
        var placement = await PlaceAsync(draft.Geometry, cancellationToken);
        problems.AddRange(SiteExtentRules.Check(draft.Programme, Measure.AreaAndLength(draft.Geometry), placement, Limits, needsTownship: named is null));
        return named ?? placement.Township;
    }

    public async Task<Township?> LocateTownshipAsync(NetTopologySuite.Geometries.Geometry geometry, CancellationToken cancellationToken = default) =>
        (await PlaceAsync(geometry, cancellationToken)).Township;

    /// <summary>The township holding the largest part of the geometry, and the share of it inside the district.</summary>
    public async Task<TownshipPlacement> PlaceAsync(NetTopologySuite.Geometries.Geometry geometry, CancellationToken cancellationToken = default)
    {
        var candidates = await db.TownshipsMeeting(geometry).ToListAsync(cancellationToken);
        return TownshipLocator.Place(geometry, candidates);
    }

    async Task<Site> FindAsync(long siteId, int? expectedVersion, CancellationToken cancellationToken, bool includeDeleted = false)
    {
        var site = await db.Sites.Include(s => s.Tasks).Include(s => s.Township)
                       .FirstOrDefaultAsync(s => s.Id == siteId && (includeDeleted || s.DeletedAt == null), cancellationToken)
                   ?? throw new ValidationFailedException("site", L10n.T($"没有编号为 {siteId} 的项目", $"no site has id {siteId}"));
        if (expectedVersion is { } expected && site.Version != expected) throw new ConcurrencyConflictException(siteId, expected, site.Version);
        return site;
    }

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
