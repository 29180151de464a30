namespace Planner.Reports;

/// <summary>A township's line in the daily meeting's table: what it has to answer for today.</summary>
public sealed record BriefTownship(int Id, string Name, int Overdue, int NewlyOverdue, int DueSoon, int LateCases, int NearlyLateCases, int OrdersDue);
