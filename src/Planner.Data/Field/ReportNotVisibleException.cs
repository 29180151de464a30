namespace Planner.Field;

/// <summary>No such report, or one on a site the user may not see: 404 either way.</summary>
public sealed class ReportNotVisibleException(long reportId) : Exception($"report {reportId} is not visible")
{
    public long ReportId { get; } = reportId;
}
