namespace Planner.Field;

/// <summary>
/// A problem case's place in the 数字城管 loop: 上报 → 立案 (or 作废) → 派遣 → 处置 → 核查 → 结案. A failed 核查
/// sends it back to Dispatched as rework (返工).
/// </summary>
public enum CaseState
{
    Reported,
    Accepted,
    Voided,
    Dispatched,
    Handled,
    Closed,
}
