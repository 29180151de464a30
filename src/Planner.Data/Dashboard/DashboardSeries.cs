namespace Planner.Dashboard;

/// <summary>The month's end, the share of sites finished by then, and how many finished in the month.</summary>
public sealed record MonthPoint(string Month, double CompletedPercent, int CompletedInMonth);

/// <summary>A township's bar: its sites, finished, overdue and under construction (as of today).</summary>
public sealed record TownshipBar(int TownshipId, string Code, string Name, int Sites, int Completed, int Overdue, int UnderConstruction);

/// <summary>How many sites of a programme are in a status.</summary>
public sealed record ProgrammeStatusCell(string Programme, string Status, int Sites);

/// <summary>Cases of a category reported in the period, and those of them closed.</summary>
public sealed record CategoryCount(string Category, string Name, int Reported, int Closed);
