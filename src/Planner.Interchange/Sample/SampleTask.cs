namespace Planner.Sample;

public sealed record SampleTask(string Measure, DateOnly Deadline, string Responsible, DateOnly? DoneOn);
