using Planner.Field;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Supervision;

/// <summary>
/// 督办: a leader or planner requires a unit to act on an overdue site or a late case by a date. The township's field
/// team answers (text, photos); the issuer accepts (closed) or reopens with a new date. Unanswered past its date it
/// escalates one level (e.g. 提醒 → 督办 → 通报) and gets the configured days more. Every step is audited; optimistic
/// concurrency through <see cref="Version"/>.
/// </summary>
public sealed class SupervisionOrder
{
    public long Id { get; private set; }
    public long? SiteId { get; init; }
    public long? CaseId { get; init; }
    /// <summary>The township of the site or case: whose field team answers, who sees it.</summary>
    public required int TownshipId { get; init; }
    /// <summary>What it is about, as people read it (the site's code and name, the case's number and category).</summary>
    public required string Subject { get; init; }
    public required string Unit { get; init; }
    public required string Requirement { get; init; }
    public required string IssuedBy { get; init; }
    public required string IssuerName { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    /// <summary>The date first set: the assessment counts answers against it.</summary>
    public required DateTimeOffset FirstDeadline { get; init; }
    public DateTimeOffset Deadline { get; private set; }
    public SupervisionState State { get; private set; } = SupervisionState.Open;
    public int Level { get; private set; }
    public string? Answer { get; private set; }
    public string? AnsweredBy { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    /// <summary>The first answer came after its date.</summary>
    public bool? FirstAnswerLate { get; private set; }
    public int Reopened { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public int Version { get; private set; } = 1;
    public List<SupervisionEvent> Events { get; init; } = [];
    public List<EvidencePhoto> Photos { get; init; } = [];

    /// <summary>Records the order's issue; its deadline starts as <see cref="FirstDeadline"/>.</summary>
    public void Issue()
    {
        Deadline = FirstDeadline;
        Events.Add(new SupervisionEvent { At = IssuedAt, ByUser = IssuedBy, By = IssuerName, Action = "issue", Level = Level, Note = Requirement });
    }

    public static bool MayIssue(CaseActor actor) => actor.IsCommandCentre || actor.Roles.Contains(Users.Roles.Leader);

    /// <summary>An order's <see cref="Subject"/> on a site: its code and name.</summary>
    public static string SiteSubject(string code, string name) => $"{code} {name}";

    /// <summary>An order's <see cref="Subject"/> on a case: its number and category.</summary>
    public static string CaseSubject(long caseId, string category) => $"#{caseId} {category}";

    /// <summary>Why <see cref="MayIssue"/> refused, in the user's language.</summary>
    public static string IssuersOnly => L10n.T("只有领导和规划员可以签发督办", "only leaders and planners may issue a supervision order");

    /// <summary>The township's field team answers an open order (the command centre may record it for them).</summary>
    public void Reply(CaseActor actor, string? note, DateTimeOffset now)
    {
        if (State != SupervisionState.Open) throw new ValidationFailedException("state", L10n.T($"督办处于“{Label(State)}”，不能答复", $"the order is {State}: it cannot be answered now"));
        if (!(actor.IsCommandCentre || actor.IsFieldTeam && actor.Scope.CanSee(TownshipId))) throw new SupervisionForbiddenException(L10n.T("只有责任乡镇（街道）的现场人员可以答复", "only the township's field team may answer"));
        if (string.IsNullOrWhiteSpace(note)) throw new ValidationFailedException("note", L10n.T("答复时必须说明办理情况", "an answer must say what was done"));
        // Against the first date: an answer that needed an escalation's extra days was late.
        FirstAnswerLate ??= now > FirstDeadline;
        State = SupervisionState.Answered;
        Answer = note.Trim();
        AnsweredBy = actor.UserName;
        AnsweredAt = now;
        Version++;
        Events.Add(new SupervisionEvent { At = now, ByUser = actor.UserName, By = actor.DisplayName, Action = "answer", Level = Level, Note = Answer });
    }

    /// <summary>The issuer (or an admin) accepts the answer, or reopens the order with a new date and why.</summary>
    public void Decide(CaseActor actor, bool accept, string? note, DateTimeOffset? newDeadline, DateTimeOffset now)
    {
        if (State != SupervisionState.Answered) throw new ValidationFailedException("state", L10n.T($"督办处于“{Label(State)}”，不能{(accept ? "办结" : "退回")}", $"the order is {State}: it cannot be decided now"));
        if (actor.UserName != IssuedBy && !actor.Roles.Contains(Users.Roles.Admin)) throw new SupervisionForbiddenException(L10n.T("只有签发人可以办结或退回督办", "only the issuer may accept or reopen the order"));
        if (!accept)
        {
            var problems = new List<Problem>();
            if (string.IsNullOrWhiteSpace(note)) problems.Add(new Problem("note", L10n.T("退回时必须说明原因", "a reason is required to reopen")));
            if (newDeadline is not { } d || d <= now) problems.Add(new Problem("deadline", L10n.T("退回时必须给出晚于现在的新时限", "reopening needs a new deadline in the future")));
            if (problems.Count > 0) throw new ValidationFailedException(problems);
            Deadline = newDeadline!.Value;
            Reopened++;
        }
        State = accept ? SupervisionState.Closed : SupervisionState.Open;
        if (accept) ClosedAt = now;
        Version++;
        Events.Add(new SupervisionEvent { At = now, ByUser = actor.UserName, By = actor.DisplayName, Action = accept ? "accept" : "reopen", Level = Level, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim() });
    }

    /// <summary>
    /// Past its date and unanswered: one level up (to the last level at most) with <paramref name="extension"/> more.
    /// Returns whether it escalated.
    /// </summary>
    public bool Escalate(DateTimeOffset now, int levels, TimeSpan extension)
    {
        if (State != SupervisionState.Open || now <= Deadline || Level >= levels - 1) return false;
        Level++;
        Deadline += extension;
        Version++;
        Events.Add(new SupervisionEvent { At = now, ByUser = "system", By = L10n.T("系统", "system"), Action = "escalate", Level = Level, Note = L10n.T("逾期未答复，自动升级", "not answered by its date: escalated") });
        return true;
    }

    public static string Label(SupervisionState state) => state switch
    {
        SupervisionState.Open => L10n.T("待答复", "open"),
        SupervisionState.Answered => L10n.T("待审核", "answered"),
        _ => L10n.T("已办结", "closed"),
    };

    public static string Code(SupervisionState state) => state.ToString().ToLowerInvariant();

    public static SupervisionState ParseState(string code) => Enum.Parse<SupervisionState>(code, ignoreCase: true);
}
