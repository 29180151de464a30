using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Planner.Data;
using Planner.Geometry;
using Planner.Localization;
using Planner.Sites;
using Planner.Townships;
using Planner.Users;
using Planner.Validation;

namespace Planner.Field;

/// <summary>
/// Problem cases: reported with photos (one transaction; a resend stored once; a duplicate nearby offered instead),
/// then moved step by step through the loop with optimistic concurrency, each step audited, deadlines counted in
/// the district's working time and shown as a traffic light.
/// </summary>
public sealed class CaseService(PlannerDbContext db)
{
    public DistrictTime Time { get; init; } = DistrictTime.System;
    public FieldLimits Limits { get; init; } = FieldLimits.Default;

    // Built once per service (a request): a case list computes a light per case.
    WorkCalendar? calendar;
    WorkCalendar Calendar => calendar ??= Limits.Calendar;

    CaseCategory? Category(string code) => Limits.CaseCategories.FirstOrDefault(c => c.Code == code);

    /// <summary>When a step beginning now, in <paramref name="state"/>, is due.</summary>
    DateTimeOffset DeadlineFor(CaseCategory category, CaseState state, DateTimeOffset now) =>
        Time.FromDistrictLocal(Calendar.AddWorkingHours(Time.LocalTime(now), category.StepHours(state))).ToUniversalTime();

    public TrafficLight LightOf(ProblemCase c, DateTimeOffset now)
    {
        if (!c.IsOpen || c.Deadline is not { } deadline) return TrafficLight.None;
        var start = Time.LocalTime(c.StepStartedAt);
        return TrafficLights.Of(Calendar.WorkingHoursBetween(start, Time.LocalTime(now)), Calendar.WorkingHoursBetween(start, Time.LocalTime(deadline)));
    }

    public async Task<(ProblemCase Case, bool Created)> ReportAsync(CaseSubmission submission, IReadOnlyList<EvidencePhoto> photos, CaseActor actor,
        CancellationToken cancellationToken = default)
    {
        var earlier = await db.ProblemCases.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == submission.ClientId, cancellationToken);
        if (earlier is not null)
        {
            if (earlier.ReportedBy != actor.UserName)
                throw new ValidationFailedException("clientId", L10n.T($"{submission.ClientId} 已用于另一个案件", $"{submission.ClientId} belongs to another case"));
            return (earlier, false);
        }
        var problems = new List<Problem>();
        if (!actor.MayReport) problems.Add(new Problem("role", L10n.T("您的角色不能上报问题", "your role may not report problems")));
        var category = Category(submission.Category);
        if (category is null)
            problems.Add(new Problem("category", L10n.T($"“{submission.Category}”不是问题类别，可选：{string.Join("、", Limits.CaseCategories.Select(c => $"{c.Code}（{c.Name}）"))}",
                $"\"{submission.Category}\" is not a category: {string.Join(", ", Limits.CaseCategories.Select(c => c.Code))}")));
        if (!double.IsFinite(submission.Lon) || !double.IsFinite(submission.Lat) || Math.Abs(submission.Lon) > 180 || Math.Abs(submission.Lat) > 90)
            problems.Add(new Problem("lon", L10n.T("经纬度无效", "not a valid longitude and latitude")));
        SiteFieldRules.Length(problems, "description", submission.Description, 1000);
        if (photos.Count < Limits.MinPhotosPerReport)
            problems.Add(new Problem("photos", L10n.T($"至少需要 {Limits.MinPhotosPerReport} 张照片", $"at least {Limits.MinPhotosPerReport} photo(s) are needed")));
        if (photos.Count > Limits.MaxPhotosPerReport)
            problems.Add(new Problem("photos", L10n.T($"最多 {Limits.MaxPhotosPerReport} 张照片（Planner:Field:MaxPhotosPerReport）", $"at most {Limits.MaxPhotosPerReport} photos (Planner:Field:MaxPhotosPerReport)")));
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var point = Cgcs2000.Factory.CreatePoint(new Coordinate(submission.Lon, submission.Lat));
        var townships = await db.Townships.AsNoTracking().ToListAsync(cancellationToken);
        var township = TownshipLocator.Locate(point, townships);
        if (township is null || !actor.Scope.CanSee(township.Id))
            throw new ValidationFailedException("lon", township is null ? Messages.OutsideEveryTownship : L10n.T($"位于{township.Name}，不在您负责的乡/街道内", $"lies in {township.Name}, outside your townships"));
        if (submission.SiteId is { } siteId && !await actor.Scope.Apply(db.Sites).AnyAsync(s => s.Id == siteId && s.DeletedAt == null, cancellationToken))
            throw new ValidationFailedException("siteId", L10n.T($"没有编号为 {siteId} 的项目", $"no site has id {siteId}"));

        if (!submission.ConfirmNew && await NearbyOpenAsync(point, category!.Code, cancellationToken) is { } duplicate)
            throw new DuplicateCaseException(duplicate.Id, duplicate.Distance);

        var now = Time.Now;
        var known = await EarlierPhotos.FindAsync(db, photos, cancellationToken);
        var problemCase = new ProblemCase
        {
            ClientId = submission.ClientId, Category = category!.Code, Location = point, TownshipId = township.Id, SiteId = submission.SiteId,
            Description = string.IsNullOrWhiteSpace(submission.Description) ? null : submission.Description.Trim(),
            ReportedBy = actor.UserName, ReporterName = actor.DisplayName, ReportedAt = now,
        };
        problemCase.Open(now, DeadlineFor(category, CaseState.Reported, now));
        foreach (var photo in photos)
        {
            EvidenceCheck.Apply(photo, point, null, known.TryGetValue(photo.Sha256, out var id) ? id : null, Limits);
            photo.Stage = "report";
            problemCase.Photos.Add(photo);
        }
        db.ProblemCases.Add(problemCase);
        await db.SaveChangesAsync(cancellationToken);
        return (problemCase, true);
    }

    /// <summary>The nearest open case of the category within the duplicate radius, if any.</summary>
    async Task<(long Id, double Distance)?> NearbyOpenAsync(Point point, string category, CancellationToken cancellationToken)
    {
        // The category's open cases, then a box a little larger than the radius (at 60° N a degree of longitude is still
        // over 55 km), then metres. In memory because SQLite stores points as EWKB; open cases of one category are few.
        var degrees = Limits.DuplicateRadiusMetres / 55_000.0;
        double minX = point.X - degrees, maxX = point.X + degrees, minY = point.Y - degrees, maxY = point.Y + degrees;
        var candidates = await db.ProblemCases.AsNoTracking()
            .Where(c => c.Category == category && c.State != CaseState.Closed && c.State != CaseState.Voided)
            .Select(c => new { c.Id, c.Location }).ToListAsync(cancellationToken);
        return candidates.Where(c => c.Location.X >= minX && c.Location.X <= maxX && c.Location.Y >= minY && c.Location.Y <= maxY)
            .Select(c => (c.Id, Distance: Measure.DistanceMetres(c.Location, point.X, point.Y)))
            .Where(c => c.Distance <= Limits.DuplicateRadiusMetres).OrderBy(c => c.Distance).Select(c => ((long, double)?)c).FirstOrDefault();
    }

    /// <summary>One step of the loop; <paramref name="expectedVersion"/> is the version the user saw (If-Match).</summary>
    public async Task<ProblemCase> TransitionAsync(long caseId, CaseAction action, CaseStep step, IReadOnlyList<EvidencePhoto> photos, int? expectedVersion,
        CaseActor actor, CancellationToken cancellationToken = default)
    {
        var problemCase = await db.ProblemCases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (problemCase is null || !Visible(problemCase, actor)) throw new CaseNotVisibleException(caseId);
        if (expectedVersion is { } expected && expected != problemCase.Version) throw new ConcurrencyConflictException(caseId, expected, problemCase.Version);
        var category = Category(problemCase.Category) ?? CaseCategory.Defaults[0];
        var problems = new List<Problem>();
        SiteFieldRules.Length(problems, "note", step.Note, 1000);
        SiteFieldRules.Length(problems, "unit", step.Unit, 200);
        if (step.TownshipId is { } t && !await db.Townships.AnyAsync(x => x.Id == t, cancellationToken))
            problems.Add(new Problem("township", L10n.T($"没有编号为 {t} 的乡/街道", $"no township has id {t}")));
        var now = Time.Now;
        if (step.NextDeadline is { } given && given <= now)
            problems.Add(new Problem("deadline", L10n.T("处置时限必须晚于现在", "the deadline must lie in the future")));
        if (photos.Count > Limits.MaxPhotosPerReport)
            problems.Add(new Problem("photos", L10n.T($"最多 {Limits.MaxPhotosPerReport} 张照片（Planner:Field:MaxPhotosPerReport）", $"at most {Limits.MaxPhotosPerReport} photos (Planner:Field:MaxPhotosPerReport)")));
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var next = action switch
        {
            CaseAction.Accept => CaseState.Accepted,
            CaseAction.Dispatch or CaseAction.Fail => CaseState.Dispatched,
            CaseAction.Handle => CaseState.Handled,
            _ => CaseState.Closed,
        };
        if (action == CaseAction.Recur) return await RecurAsync(problemCase, category, step, photos, actor, now, cancellationToken);
        var deadline = action == CaseAction.Dispatch && step.NextDeadline is { } chosen ? chosen : DeadlineFor(category, next, now);
        var stepStarted = problemCase.StepStartedAt;
        problemCase.Apply(action, actor, now, step with { NextDeadline = deadline, Photos = photos.Count });
        if (photos.Count > 0)
        {
            var known = await EarlierPhotos.FindAsync(db, photos, cancellationToken);
            foreach (var photo in photos)
            {
                EvidenceCheck.Apply(photo, problemCase.Location, stepStarted, known.TryGetValue(photo.Sha256, out var id) ? id : null, Limits);
                photo.Stage = action == CaseAction.Handle ? "handled" : action.Code();
                problemCase.Photos.Add(photo);
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.ProblemCases.AsNoTracking().Where(c => c.Id == caseId).Select(c => c.Version).FirstAsync(cancellationToken);
            throw new ConcurrencyConflictException(caseId, problemCase.Version - 1, current);
        }
        return problemCase;
    }

    /// <summary>
    /// 回访 found the problem back: a new case where the old one was (its category, place, township and site), reported by
    /// the one who followed up with the photos, pointing back to it (<see cref="ProblemCase.RecurrenceOf"/>); the old case
    /// keeps its closing and records the follow-up. One transaction: both or neither.
    /// </summary>
    async Task<ProblemCase> RecurAsync(ProblemCase original, CaseCategory category, CaseStep step, IReadOnlyList<EvidencePhoto> photos, CaseActor actor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The step's own checks first (who, from which state, once, a note and a photo), before anything is written.
        original.Check(CaseAction.Recur, actor, step with { Photos = photos.Count });
        var recurrence = new ProblemCase
        {
            ClientId = Guid.NewGuid(), Category = original.Category, Location = (Point)original.Location.Copy(), TownshipId = original.TownshipId, SiteId = original.SiteId,
            Description = step.Note!.Trim(), ReportedBy = actor.UserName, ReporterName = actor.DisplayName, ReportedAt = now, RecurrenceOf = original.Id,
        };
        recurrence.Open(now, DeadlineFor(category, CaseState.Reported, now));
        var known = await EarlierPhotos.FindAsync(db, photos, cancellationToken);
        foreach (var photo in photos)
        {
            EvidenceCheck.Apply(photo, original.Location, original.ClosedAt, known.TryGetValue(photo.Sha256, out var id) ? id : null, Limits);
            photo.Stage = "report";
            recurrence.Photos.Add(photo);
        }
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.ProblemCases.Add(recurrence);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            original.Apply(CaseAction.Recur, actor, now, step with { Note = L10n.T($"{step.Note!.Trim()}（复发，新案件 #{recurrence.Id}）", $"{step.Note!.Trim()} (came back: new case #{recurrence.Id})"), Photos = photos.Count });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.ProblemCases.AsNoTracking().Where(c => c.Id == original.Id).Select(c => c.Version).FirstAsync(cancellationToken);
            throw new ConcurrencyConflictException(original.Id, original.Version - 1, current);
        }
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return original;
    }

    /// <summary>
    /// 待回访: the closed cases of the user's townships not followed up, closed at least <see cref="FieldLimits.FollowUpDays"/>
    /// ago, the most lately due first (a follow-up near its date says most; older ones stay on the list), at most
    /// <paramref name="limit"/> with the total. Inspectors and the command centre follow up; nobody else is asked.
    /// </summary>
    public async Task<(IReadOnlyList<CaseView> Items, int Total)> FollowUpsDueAsync(CaseActor actor, int limit = 20, CancellationToken cancellationToken = default)
    {
        if (!(actor.IsInspector || actor.IsCommandCentre)) return ([], 0);
        var due = Time.Now.AddDays(-Limits.FollowUpDays);
        // Closing times are instants, which SQLite does not compare in SQL: the closed cases not followed up, then those due.
        var rows = (await InScope(actor.Scope).Where(c => c.State == CaseState.Closed && c.FollowedUpAt == null).ToListAsync(cancellationToken))
            .Where(c => c.ClosedAt <= due).OrderByDescending(c => c.ClosedAt).ToList();
        return ([.. rows.Take(limit).Select(c => View(c, actor, [], []))], rows.Count);
    }

    /// <summary>Whose case it is (the township it lies in, or the one it was dispatched to): <see cref="CaseScope.Within"/>'s rule, on one case in memory.</summary>
    static bool Visible(ProblemCase c, CaseActor actor) => new[] { c }.AsQueryable().Within(actor.Scope).Any();

    public async Task<CaseView?> GetAsync(long caseId, CaseActor actor, CancellationToken cancellationToken = default)
    {
        var c = await db.ProblemCases.AsNoTracking().Include(x => x.Events.OrderBy(e => e.At).ThenBy(e => e.Id)).FirstOrDefaultAsync(x => x.Id == caseId, cancellationToken);
        if (c is null || !Visible(c, actor)) return null;
        var photos = await db.EvidencePhotos.AsNoTracking().Where(p => p.CaseId == caseId).OrderBy(p => p.Id)
            .Select(p => new { Stage = p.Stage ?? "report", Photo = new PhotoSummary(p.Id, p.FileName, p.Width, p.Height, p.TakenAt, p.Lon, p.Lat, p.DistanceMetres, p.TooFar, p.TakenBeforeStep, p.DuplicateOf) })
            .ToListAsync(cancellationToken);
        return View(c, actor, c.Events, photos.Select(p => (p.Stage, p.Photo)).ToList());
    }

    CaseView View(ProblemCase c, CaseActor actor, IReadOnlyList<CaseEvent> events, IReadOnlyList<(string, PhotoSummary)> photos) =>
        new(c.Id, c.Category, Category(c.Category)?.Name ?? c.Category, c.Location.X, c.Location.Y, c.TownshipId, c.SiteId, c.Description, c.ReporterName, c.ReportedAt,
            c.State, c.StepStartedAt, c.Deadline, LightOf(c, Time.Now), c.DispatchedTownshipId, c.DispatchedUnit, c.ReworkCount, c.LateSteps, c.ClosedAt, c.Version,
            c.AllowedFor(actor).ToList(), events, photos);

    /// <summary>The cases a scope sees (see <see cref="Visible"/>), as a query: the township a case lies in or was sent to.</summary>
    public IQueryable<ProblemCase> InScope(SiteScope scope) => db.ProblemCases.AsNoTracking().Within(scope);

    /// <summary>Cases in the user's scope, filtered; most urgent first (red, then yellow, then by deadline).</summary>
    public async Task<List<CaseView>> ListAsync(CaseActor actor, Envelope? box = null, CaseState? state = null, string? category = null, int? townshipId = null,
        TrafficLight? light = null, int limit = 2000, bool openOnly = false, CancellationToken cancellationToken = default)
    {
        var query = InScope(actor.Scope);
        if (openOnly)
        {
            var ended = ProblemCase.EndStates.ToList();
            query = query.Where(c => !ended.Contains(c.State));
        }
        if (state is { } s) query = query.Where(c => c.State == s);
        if (category is not null) query = query.Where(c => c.Category == category);
        if (townshipId is { } t) query = query.Where(c => c.TownshipId == t);
        var rows = await query.OrderByDescending(c => c.Id).Take(limit).ToListAsync(cancellationToken);
        var views = rows
            .Where(c => box is null || box.Contains(c.Location.Coordinate))
            .Select(c => View(c, actor, [], []))
            .Where(v => light is null || v.Light == light)
            .OrderByDescending(v => v.Light).ThenBy(v => v.Deadline ?? DateTimeOffset.MaxValue).ToList();
        return views;
    }
}
