using Planner.Field;

namespace Planner.Reports;

/// <summary>A case on the daily meeting's agenda: late (red) or close to it (yellow), with its step's deadline and the unit it was sent to.</summary>
public sealed record BriefCase(long Id, string Category, int TownshipId, string Township, string? Unit, CaseState State, DateTimeOffset Deadline, TrafficLight Light);
