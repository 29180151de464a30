namespace Planner.Reports;

/// <summary>
/// What the week did beyond its figures: closed cases followed up (回访) and how many of them had come back, and the
/// 督办 issued, answered and closed in it.
/// </summary>
public sealed record WeekActivity(int FollowedUp, int Recurred, int OrdersIssued, int OrdersAnswered, int OrdersClosed)
{
    public static WeekActivity None { get; } = new(0, 0, 0, 0, 0);
}
