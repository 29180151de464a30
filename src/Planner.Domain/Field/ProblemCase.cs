using NetTopologySuite.Geometries;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Field;

/// <summary>
/// A problem found in the field (一项管理): a point with a category, a description and photos, moving through
/// 上报 → 立案 | 作废 → 派遣 → 处置 → 核查 (通过 → 结案; 不通过 → 返工, back to 派遣). Each step checks who may take
/// it — the command centre accepts and dispatches, the township it was sent to handles, an inspector verifies,
/// never the person who handled — and is audited with its lateness. Optimistic concurrency through <see cref="Version"/>.
/// </summary>
public sealed class ProblemCase
{
    public long Id { get; private set; }
    /// <summary>Made by the phone that sent it: a resend is stored once.</summary>
    public required Guid ClientId { get; init; }
    public required string Category { get; init; }
    /// <summary>Where the problem is, CGCS2000 lon/lat.</summary>
    public required Point Location { get; init; }
    /// <summary>The township it lies in (scope: 谁的地盘谁负责).</summary>
    public required int TownshipId { get; init; }
    public long? SiteId { get; init; }
    /// <summary>The closed case whose 回访 found this problem back (<see cref="CaseAction.Recur"/>).</summary>
    public long? RecurrenceOf { get; init; }
    public string? Description { get; init; }
    public required string ReportedBy { get; init; }
    public required string ReporterName { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }
    public CaseState State { get; private set; } = CaseState.Reported;
    /// <summary>When the current step began, and by when it should be done.</summary>
    public DateTimeOffset StepStartedAt { get; private set; }
    public DateTimeOffset? Deadline { get; private set; }
    public int? DispatchedTownshipId { get; private set; }
    public string? DispatchedUnit { get; private set; }
    public string? HandledBy { get; private set; }
    /// <summary>Failed verifications (返工).</summary>
    public int ReworkCount { get; private set; }
    /// <summary>Steps finished after their deadline (超期).</summary>
    public int LateSteps { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>When the closed case was followed up (回访), once; see <see cref="CaseAction.Hold"/> and <see cref="CaseAction.Recur"/>.</summary>
    public DateTimeOffset? FollowedUpAt { get; private set; }
    public int Version { get; private set; } = 1;
    public List<CaseEvent> Events { get; init; } = [];
    public List<EvidencePhoto> Photos { get; init; } = [];

    /// <summary>The states a case ends in: closed after verification, or voided when it was no case.</summary>
    public static readonly IReadOnlyList<CaseState> EndStates = [CaseState.Closed, CaseState.Voided];

    public bool IsOpen => !EndStates.Contains(State);

    /// <summary>Still running and past its step's deadline: a late case, which a 督办 may be issued on.</summary>
    public static bool IsLate(CaseState state, DateTimeOffset? deadline, DateTimeOffset now) => !EndStates.Contains(state) && deadline is { } due && due < now;

    /// <summary>Starts the case's first step (立案) and records its report.</summary>
    public void Open(DateTimeOffset now, DateTimeOffset deadline)
    {
        StepStartedAt = now;
        Deadline = deadline;
        Events.Add(new CaseEvent { At = now, ByUser = ReportedBy, By = ReporterName, Action = "report", ToState = CaseState.Reported, Note = Description });
    }

    /// <summary>The steps the actor may take now (what the page offers).</summary>
    public IEnumerable<CaseAction> AllowedFor(CaseActor actor) =>
        Enum.GetValues<CaseAction>().Where(a => Refusal(a, actor, new CaseStep(Note: "-", TownshipId: 0, Photos: 1)).Problem is null);

    /// <summary>Refuses the step as <see cref="Apply"/> would, without taking it: before anything else is written for it.</summary>
    public void Check(CaseAction action, CaseActor actor, CaseStep step)
    {
        var (problem, forbidden) = Refusal(action, actor, step);
        if (problem is not null) throw forbidden ? new CaseStepForbiddenException(problem) : new ValidationFailedException([problem]);
    }

    /// <summary>Takes one step, or refuses with why (who may, from which state, what is missing).</summary>
    public void Apply(CaseAction action, CaseActor actor, DateTimeOffset now, CaseStep step)
    {
        Check(action, actor, step);
        var from = State;
        var late = Deadline is { } d && now > d;
        if (action is CaseAction.Hold or CaseAction.Recur)
        {
            // A follow-up leaves the case as it was closed: its closing date and the counts made on it stand.
            FollowedUpAt = now;
            Version++;
            Events.Add(new CaseEvent
            {
                At = now, ByUser = actor.UserName, By = actor.DisplayName, Action = action.Code(), FromState = from, ToState = State,
                Note = string.IsNullOrWhiteSpace(step.Note) ? null : step.Note.Trim(),
            });
            return;
        }
        State = action switch
        {
            CaseAction.Accept => CaseState.Accepted,
            CaseAction.Void => CaseState.Voided,
            CaseAction.Dispatch => CaseState.Dispatched,
            CaseAction.Handle => CaseState.Handled,
            CaseAction.Pass => CaseState.Closed,
            CaseAction.Fail => CaseState.Dispatched,
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        if (late) LateSteps++;
        if (action == CaseAction.Dispatch)
        {
            DispatchedTownshipId = step.TownshipId;
            DispatchedUnit = string.IsNullOrWhiteSpace(step.Unit) ? null : step.Unit.Trim();
        }
        if (action == CaseAction.Handle) HandledBy = actor.UserName;
        if (action == CaseAction.Fail) ReworkCount++;
        if (!IsOpen) ClosedAt = now;
        StepStartedAt = now;
        Deadline = IsOpen ? step.NextDeadline : null;
        Version++;
        Events.Add(new CaseEvent
        {
            At = now, ByUser = actor.UserName, By = actor.DisplayName, Action = action.Code(), FromState = from, ToState = State,
            Note = string.IsNullOrWhiteSpace(step.Note) ? null : step.Note.Trim(), Late = late,
        });
    }

    /// <summary>Why the step cannot be taken, and whether that is because it is not this user's (forbidden) rather than what was sent.</summary>
    (Problem? Problem, bool Forbidden) Refusal(CaseAction action, CaseActor actor, CaseStep step)
    {
        var from = action switch
        {
            CaseAction.Accept or CaseAction.Void => CaseState.Reported,
            CaseAction.Dispatch => CaseState.Accepted,
            CaseAction.Handle => CaseState.Dispatched,
            CaseAction.Hold or CaseAction.Recur => CaseState.Closed,
            _ => CaseState.Handled,
        };
        if (State != from)
            return (new Problem("action", L10n.T($"案件处于“{State.Label()}”，不能{action.Label()}", $"the case is {State.Label()}: it cannot be {action.Label()}ed now")), false);
        var mayAct = action switch
        {
            CaseAction.Accept or CaseAction.Void or CaseAction.Dispatch => actor.IsCommandCentre,
            // The township it was sent to handles it (谁的地盘谁负责); the command centre may record it for them.
            CaseAction.Handle => actor.IsCommandCentre || (actor.IsFieldTeam && DispatchedTownshipId is { } t && actor.Scope.CanSee(t)),
            CaseAction.Hold or CaseAction.Recur => actor.IsCommandCentre || actor.IsInspector && actor.Scope.CanSee(TownshipId),
            _ => actor.IsInspector && actor.Scope.CanSee(TownshipId),
        };
        if (!mayAct) return (new Problem("action", L10n.T($"您的角色不能{action.Label()}此案件", $"your role may not {action.Label()} this case")), true);
        if (action is CaseAction.Hold or CaseAction.Recur && FollowedUpAt is not null)
            return (new Problem("action", L10n.T("此案件已回访", "this case has been followed up")), false);
        if (action == CaseAction.Recur && string.IsNullOrWhiteSpace(step.Note))
            return (new Problem("note", L10n.T("问题复发时必须说明现场情况", "say what came back")), false);
        if (action == CaseAction.Recur && step.Photos < 1)
            return (new Problem("photos", L10n.T("问题复发时必须上传至少 1 张现场照片", "a recurrence needs at least one photo")), false);
        if (action is CaseAction.Pass or CaseAction.Fail && actor.UserName == HandledBy)
            return (new Problem("action", L10n.T("核查人不能是处置人本人", "the person who verifies may not be the person who handled")), true);
        if (action is CaseAction.Void or CaseAction.Fail && string.IsNullOrWhiteSpace(step.Note))
            return (new Problem("note", L10n.T($"{action.Label()}时必须说明原因", $"a reason is required to {action.Label()}")), false);
        if (action == CaseAction.Dispatch && step.TownshipId is null)
            return (new Problem("township", L10n.T("派遣时必须指定乡/街道", "dispatching needs a township")), false);
        if (action == CaseAction.Handle && step.Photos < 1)
            return (new Problem("photos", L10n.T("处置后必须上传至少 1 张照片", "handling needs at least one photo of the result")), false);
        return (null, false);
    }
}
