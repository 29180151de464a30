namespace Planner.Assessment;

/// <summary>A component of a township's score: the count, the rate, its weight and the points it gave (none when it did not apply).</summary>
public sealed record ComponentScore(string Code, string Name, int Numerator, int Denominator, double? Rate, double Weight, double? Points);
