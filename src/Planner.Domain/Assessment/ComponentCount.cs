namespace Planner.Assessment;

/// <summary>One component counted for one township: the items counted (the denominator) and those that met the rule.</summary>
public sealed record ComponentCount(string Code, IReadOnlyList<AssessedItem> Items)
{
    public int Denominator => Items.Count;
    public int Numerator => Items.Count(i => i.Met);
    /// <summary>None without items: the component does not apply to the township this month.</summary>
    public double? Rate => Items.Count == 0 ? null : (double)Numerator / Denominator;
}
