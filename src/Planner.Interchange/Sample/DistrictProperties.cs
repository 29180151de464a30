namespace Planner.Sample;

public sealed record DistrictProperties(string Adcode, string Name, string Source);
