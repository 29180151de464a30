namespace Planner.Sample;

public sealed record SampleProgress(DateTimeOffset At, string By, string Status, int Percent, string? Note, DateOnly? ActualDate);
