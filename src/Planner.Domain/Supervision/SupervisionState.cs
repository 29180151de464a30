namespace Planner.Supervision;

/// <summary>A supervision order: open (waiting for the unit's answer), answered (waiting for the issuer), closed.</summary>
public enum SupervisionState
{
    Open,
    Answered,
    Closed,
}
