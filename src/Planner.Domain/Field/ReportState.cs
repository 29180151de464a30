namespace Planner.Field;

/// <summary>Where a progress report stands: waiting for a planner, applied to the site, or sent back with a reason.</summary>
public enum ReportState
{
    Pending,
    Accepted,
    Returned,
}
