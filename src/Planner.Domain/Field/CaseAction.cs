namespace Planner.Field;

/// <summary>
/// One step of a case: 立案, 作废, 派遣, 处置, 核查通过, 核查不通过; and once closed, 回访 (the follow-up an inspector makes
/// weeks later, FixMyStreet's "has it been fixed?"): the fix held, or the problem came back (a new case is reported).
/// </summary>
public enum CaseAction
{
    Accept,
    Void,
    Dispatch,
    Handle,
    Pass,
    Fail,
    Hold,
    Recur,
}
