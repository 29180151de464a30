using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Supervision;

/// <summary>
/// 督办 stored and moved: issued on an overdue site or a case past its deadline (within the issuer's townships),
/// answered by the township with text and photos, accepted or reopened by the issuer, escalated when unanswered.
/// Each change is taken on the version the user saw (<see cref="ConcurrencyConflictException"/> otherwise).
/// </summary>
public sealed class SupervisionService(PlannerDbContext db)
{
    public required DistrictTime Time { get; init; }
    public required FieldLimits Limits { get; init; }

    public async Task<SupervisionOrder> IssueAsync(SupervisionRequest request, CaseActor actor, CancellationToken cancellationToken = default)
    {
        if (!SupervisionOrder.MayIssue(actor)) throw new SupervisionForbiddenException(SupervisionOrder.IssuersOnly);
        var problems = new List<Problem>();
        if (request.SiteId is null == request.CaseId is null)
            problems.Add(new Problem("siteId", L10n.T("督办必须针对一个项目（siteId）或一个案件（caseId），二者取一", "an order is on one site (siteId) or one case (caseId)")));
        if (string.IsNullOrWhiteSpace(request.Unit)) problems.Add(new Problem("unit", Messages.IsRequired));
        SiteFieldRules.Length(problems, "unit", request.Unit, 200);
        CheckTerms(problems, request.Deadline, request.Note);
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        var today = Time.Today;

        int township;
        string subject;
        if (request.SiteId is { } siteId)
        {
            var site = await actor.Scope.Apply(db.Sites.AsNoTracking()).Where(s => s.Id == siteId && s.DeletedAt == null)
                .Select(s => new { s.Code, s.Name, s.TownshipId, s.Status, s.PlannedEnd }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ValidationFailedException("siteId", L10n.T($"没有编号为 {siteId} 的项目", $"no site has id {siteId}"));
            if (!OverdueRule.IsOverdue(site.Status, site.PlannedEnd, today))
                throw new ValidationFailedException("siteId", L10n.T($"项目 {site.Code} 未逾期：督办针对逾期项目", $"site {site.Code} is not overdue: orders are for overdue sites"));
            (township, subject) = (site.TownshipId, SupervisionOrder.SiteSubject(site.Code, site.Name));
        }
        else
        {
            var caseId = request.CaseId!.Value;
            var found = await db.ProblemCases.AsNoTracking().Within(actor.Scope).Where(c => c.Id == caseId)
                .Select(c => new { c.Category, c.TownshipId, c.DispatchedTownshipId, c.State, c.Deadline }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ValidationFailedException("caseId", L10n.T($"没有编号为 {caseId} 的案件", $"no case has id {caseId}"));
            if (!ProblemCase.IsLate(found.State, found.Deadline, Time.Now))
                throw new ValidationFailedException("caseId", L10n.T($"案件 #{caseId} 未超期：督办针对超期案件", $"case #{caseId} is not past its deadline: orders are for late cases"));
            var name = Limits.CaseCategories.FirstOrDefault(c => c.Code == found.Category)?.Name ?? found.Category;
            (township, subject) = (found.DispatchedTownshipId ?? found.TownshipId, SupervisionOrder.CaseSubject(caseId, name));
        }
        if (await RunningOrderAsync(request.SiteId, request.CaseId, cancellationToken) is { } running) throw new SupervisionAlreadyRunningException(running, subject);
        var order = NewOrder(request.SiteId, request.CaseId, township, subject, request.Unit!, request.Note!, request.Deadline!.Value, actor);
        await SaveIssuedAsync([order], cancellationToken);
        return order;
    }

    /// <summary>At most this many orders are issued at once (批量签发): the 待督办 list's length.</summary>
    public const int MaxBatch = 200;

    /// <summary>
    /// 批量签发: one requirement and date for several candidates (see <see cref="CandidatesAsync"/>),
    /// each to its own responsible unit, all in one transaction or none: a target that is not a candidate (not late, an order
    /// running, not in the user's townships) or has no responsible unit is named in the refusal, by its place in the list.
    /// </summary>
    public async Task<IReadOnlyList<SupervisionOrder>> IssueManyAsync(IReadOnlyList<SupervisionTarget> targets, DateOnly? deadline, string? note, CaseActor actor,
        CancellationToken cancellationToken = default)
    {
        if (!SupervisionOrder.MayIssue(actor)) throw new SupervisionForbiddenException(SupervisionOrder.IssuersOnly);
        var problems = new List<Problem>();
        var distinct = targets.Distinct().ToList();
        if (distinct.Count == 0) problems.Add(new Problem("items", L10n.T("未选择任何项目或案件", "nothing was chosen")));
        if (distinct.Count > MaxBatch)
            problems.Add(new Problem("items", L10n.T($"一次最多签发 {MaxBatch} 件督办，所选 {distinct.Count} 项", $"at most {MaxBatch} orders at once; {distinct.Count} were chosen")));
        CheckTerms(problems, deadline, note);
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var (found, _) = await QueryAsync(actor, [.. distinct.Where(t => t.SiteId is not null).Select(t => t.SiteId!.Value)],
            [.. distinct.Where(t => t.CaseId is not null).Select(t => t.CaseId!.Value)], MaxBatch, cancellationToken);
        var candidates = found.ToDictionary(c => new SupervisionTarget(c.SiteId, c.CaseId));
        var orders = new List<SupervisionOrder>();
        for (var i = 0; i < distinct.Count; i++)
        {
            var target = distinct[i];
            if (!candidates.TryGetValue(target, out var c))
            {
                var what = target.SiteId is { } site ? L10n.T($"项目（id {site}）", $"site (id {site})") : L10n.T($"案件 #{target.CaseId}", $"case #{target.CaseId}");
                problems.Add(new Problem($"items[{i}]", L10n.T($"{what}：未逾期、已有进行中的督办，或不在您管辖的乡镇（街道）内",
                    $"{what}: not late, an order already running, or not in your townships")));
            }
            else if (string.IsNullOrWhiteSpace(c.Unit))
                problems.Add(new Problem($"items[{i}]", L10n.T($"{c.Subject}：未明确责任单位，请单独签发并写明责任单位", $"{c.Subject}: no responsible unit; issue it alone and name the unit")));
            else orders.Add(NewOrder(c.SiteId, c.CaseId, c.TownshipId, c.Subject, c.Unit, note!, deadline!.Value, actor));
        }
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        await SaveIssuedAsync(orders, cancellationToken);
        return orders;
    }

    /// <summary>The requirement and the date every order needs.</summary>
    void CheckTerms(List<Problem> problems, DateOnly? deadline, string? note)
    {
        if (string.IsNullOrWhiteSpace(note)) problems.Add(new Problem("note", L10n.T("必须写明督办要求", "say what is required")));
        SiteFieldRules.Length(problems, "note", note, 1000);
        if (deadline is not { } day) problems.Add(new Problem("deadline", Messages.IsRequired));
        else if (day < Time.Today) problems.Add(new Problem("deadline", L10n.T($"时限 {day:yyyy-MM-dd} 早于今天", $"the deadline {day:yyyy-MM-dd} is before today")));
    }

    SupervisionOrder NewOrder(long? siteId, long? caseId, int township, string subject, string unit, string note, DateOnly deadline, CaseActor actor)
    {
        var order = new SupervisionOrder
        {
            SiteId = siteId, CaseId = caseId, TownshipId = township, Subject = subject, Unit = unit.Trim(), Requirement = note.Trim(),
            IssuedBy = actor.UserName, IssuerName = actor.DisplayName, IssuedAt = Time.Now, FirstDeadline = EndOf(deadline),
        };
        order.Issue();
        return order;
    }

    /// <summary>Stores new orders in one transaction; where another issuer got in first (the trigger of migration 0018), names that order.</summary>
    async Task SaveIssuedAsync(IReadOnlyList<SupervisionOrder> orders, CancellationToken cancellationToken)
    {
        db.SupervisionOrders.AddRange(orders);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            foreach (var order in orders)
                if (await RunningOrderAsync(order.SiteId, order.CaseId, cancellationToken) is { } other) throw new SupervisionAlreadyRunningException(other, order.Subject);
            throw;
        }
    }

    /// <summary>The order running (not closed) on a site or a case, if there is one: where a second order is refused and the first shown.</summary>
    public async Task<long?> RunningOrderAsync(long? siteId, long? caseId, CancellationToken cancellationToken = default) =>
        await db.SupervisionOrders.AsNoTracking()
            .Where(o => o.State != SupervisionState.Closed && (siteId != null && o.SiteId == siteId || caseId != null && o.CaseId == caseId))
            .Select(o => (long?)o.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// What a leader or planner may issue a 督办 on and has none running: the overdue sites and the late cases of their
    /// townships, the longest late first (then sites before cases, then by id), at most <paramref name="limit"/> with the
    /// total. Empty for anyone who may not issue.
    /// </summary>
    public async Task<SupervisionCandidates> CandidatesAsync(CaseActor actor, int limit = 200, CancellationToken cancellationToken = default)
    {
        var (items, total) = await QueryAsync(actor, null, null, limit, cancellationToken);
        return new(items, total);
    }

    /// <summary>The site or case as a candidate (what an order on it is filled in from), or null when it is not one for this user.</summary>
    public async Task<SupervisionCandidate?> CandidateAsync(CaseActor actor, long? siteId, long? caseId, CancellationToken cancellationToken = default) =>
        siteId is null && caseId is null ? null
            : (await QueryAsync(actor, siteId is { } s ? [s] : [], caseId is { } c ? [c] : [], 1, cancellationToken)).Items.FirstOrDefault();

    /// <summary>
    /// The candidates among the given sites and cases (null: all of them), the first <paramref name="limit"/> and the
    /// total. The sites are ordered, counted and cut in the database (a city has thousands overdue); the late cases are
    /// few and their deadlines instants, which SQLite does not compare in SQL, so they are picked in memory.
    /// </summary>
    async Task<(List<SupervisionCandidate> Items, int Total)> QueryAsync(CaseActor actor, IReadOnlyCollection<long>? siteIds, IReadOnlyCollection<long>? caseIds,
        int limit, CancellationToken cancellationToken)
    {
        if (!SupervisionOrder.MayIssue(actor)) return ([], 0);
        var today = Time.Today;
        var running = db.SupervisionOrders.Where(o => o.State != SupervisionState.Closed);
        var siteQuery = actor.Scope.Apply(db.Sites.AsNoTracking()).Where(s => s.DeletedAt == null).Where(OverdueRule.On(today))
            .Where(s => !running.Any(o => o.SiteId == s.Id));
        if (siteIds is not null) siteQuery = siteQuery.Where(s => siteIds.Contains(s.Id));
        var siteCount = siteIds is { Count: 0 } ? 0 : await siteQuery.CountAsync(cancellationToken);
        var sites = siteCount == 0 ? [] : await siteQuery.OrderBy(s => s.PlannedEnd).ThenBy(s => s.Id).Take(limit)
            .Select(s => new { s.Id, s.Code, s.Name, s.TownshipId, Township = s.Township!.Name, s.ResponsibleUnit, s.PlannedEnd })
            .ToListAsync(cancellationToken);
        var ended = ProblemCase.EndStates.ToList();
        var caseQuery = db.ProblemCases.AsNoTracking().Within(actor.Scope)
            .Where(c => !ended.Contains(c.State) && c.Deadline != null && !running.Any(o => o.CaseId == c.Id));
        if (caseIds is not null) caseQuery = caseQuery.Where(c => caseIds.Contains(c.Id));
        var cases = caseIds is { Count: 0 } ? [] : (await caseQuery
                .Select(c => new { c.Id, c.Category, c.State, c.Deadline, Township = c.DispatchedTownshipId ?? c.TownshipId, c.DispatchedUnit })
                .ToListAsync(cancellationToken))
            .Where(c => ProblemCase.IsLate(c.State, c.Deadline, Time.Now)).ToList();
        var townships = cases.Count == 0 ? [] : await db.Townships.AsNoTracking().Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var names = Limits.CaseCategories.ToDictionary(c => c.Code, c => c.Name);
        // The first `limit` of the union lie within the first `limit` of each part, in the same order.
        var items = sites.Select(s => new SupervisionCandidate(s.Id, null, SupervisionOrder.SiteSubject(s.Code, s.Name), s.TownshipId, s.Township, s.ResponsibleUnit, s.PlannedEnd!.Value,
                today.DayNumber - s.PlannedEnd!.Value.DayNumber))
            .Concat(cases.Select(c =>
            {
                var due = Time.DateOf(c.Deadline!.Value);
                return new SupervisionCandidate(null, c.Id, SupervisionOrder.CaseSubject(c.Id, names.GetValueOrDefault(c.Category, c.Category)), c.Township, townships.GetValueOrDefault(c.Township, ""),
                    c.DispatchedUnit, due, Math.Max(0, today.DayNumber - due.DayNumber));
            }))
            .OrderBy(c => c.Due).ThenBy(c => c.SiteId is null).ThenBy(c => c.SiteId ?? c.CaseId).Take(limit).ToList();
        return (items, siteCount + cases.Count);
    }

    /// <summary>The end of a district day: an order due on the 5th may be answered all of the 5th.</summary>
    public DateTimeOffset EndOf(DateOnly day) => Time.FromDistrictLocal(day.AddDays(1).ToDateTime(TimeOnly.MinValue)).AddTicks(-1).ToUniversalTime();

    public async Task<SupervisionOrder> ReplyAsync(long id, string? note, IReadOnlyList<EvidencePhoto> photos, int? expectedVersion, CaseActor actor, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(id, expectedVersion, actor, cancellationToken);
        var problems = new List<Problem>();
        SiteFieldRules.Length(problems, "note", note, 1000);
        if (photos.Count > Limits.MaxPhotosPerReport)
            problems.Add(new Problem("photos", L10n.T($"最多 {Limits.MaxPhotosPerReport} 张照片（Planner:Field:MaxPhotosPerReport）", $"at most {Limits.MaxPhotosPerReport} photos (Planner:Field:MaxPhotosPerReport)")));
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        order.Reply(actor, note, Time.Now);
        foreach (var photo in photos)
        {
            photo.Stage = "answer";
            order.Photos.Add(photo);
        }
        await SaveAsync(order, cancellationToken);
        return order;
    }

    public async Task<SupervisionOrder> DecideAsync(long id, bool accept, string? note, DateOnly? newDeadline, int? expectedVersion, CaseActor actor, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(id, expectedVersion, actor, cancellationToken);
        var problems = new List<Problem>();
        SiteFieldRules.Length(problems, "note", note, 1000);
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        order.Decide(actor, accept, note, newDeadline is { } d ? EndOf(d) : null, Time.Now);
        await SaveAsync(order, cancellationToken);
        return order;
    }

    /// <summary>Escalates every open order past its date by one level; returns how many. Run by the app's housekeeping and before reads of lists.</summary>
    public async Task<int> EscalateAsync(CancellationToken cancellationToken = default)
    {
        var now = Time.Now;
        // Only the orders past their date are loaded: usually none, so a list that escalates before it reads costs one query.
        var due = await db.SupervisionOrders.Where(o => o.State == SupervisionState.Open && o.Deadline < now).ToListAsync(cancellationToken);
        var escalated = 0;
        foreach (var order in due)
            if (order.Escalate(now, Limits.Levels.Count, TimeSpan.FromDays(Limits.SupervisionEscalationDays))) escalated++;
        if (escalated == 0) return 0;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0; // another node escalated them first
        }
        return escalated;
    }

    public async Task<SupervisionOrder?> GetAsync(long id, CaseActor actor, CancellationToken cancellationToken = default)
    {
        var order = await db.SupervisionOrders.AsNoTracking().Include(o => o.Events.OrderBy(e => e.At)).Include(o => o.Photos)
            .FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is not null && actor.Scope.CanSee(order.TownshipId) ? order : null;
    }

    /// <summary>
    /// The orders in the user's townships: those still running first (the highest level, then the nearest deadline), then
    /// the closed ones, the latest first; what runs is what a leader reads, then what was done lately.
    /// </summary>
    public async Task<List<SupervisionOrder>> ListAsync(CaseActor actor, SupervisionState? state = null, long? siteId = null, long? caseId = null, CancellationToken cancellationToken = default)
    {
        var query = db.SupervisionOrders.AsNoTracking().Within(actor.Scope);
        if (state is { } s) query = query.Where(o => o.State == s);
        if (siteId is { } site) query = query.Where(o => o.SiteId == site);
        if (caseId is { } c) query = query.Where(o => o.CaseId == c);
        // The limit keeps what runs and the latest closed ones, not whichever rows come first.
        var list = await query.OrderBy(o => o.State == SupervisionState.Closed).ThenByDescending(o => o.Deadline).Take(2000).ToListAsync(cancellationToken);
        return [.. list.Where(o => o.State != SupervisionState.Closed).OrderByDescending(o => o.Level).ThenBy(o => o.Deadline),
                .. list.Where(o => o.State == SupervisionState.Closed).OrderByDescending(o => o.Deadline)];
    }

    async Task<SupervisionOrder> LoadAsync(long id, int? expectedVersion, CaseActor actor, CancellationToken cancellationToken)
    {
        var order = await db.SupervisionOrders.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !actor.Scope.CanSee(order.TownshipId)) throw new SupervisionNotVisibleException(id);
        if (expectedVersion is { } expected && expected != order.Version) throw new ConcurrencyConflictException(id, expected, order.Version);
        return order;
    }

    async Task SaveAsync(SupervisionOrder order, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.SupervisionOrders.AsNoTracking().Where(o => o.Id == order.Id).Select(o => o.Version).FirstAsync(cancellationToken);
            throw new ConcurrencyConflictException(order.Id, order.Version - 1, current);
        }
    }
}
