namespace Planner.Field;

/// <summary>One step of a case: 立案, 作废, 派遣, 处置, 核查通过, 核查不通过.</summary>
public enum CaseAction
{
    Accept,
    Void,
    Dispatch,
    Handle,
    Pass,
    Fail,
}
