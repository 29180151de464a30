namespace Planner.Assessment;

/// <summary>A site or case a component counted, and whether it met the component's rule: what makes a point traceable.</summary>
public sealed record AssessedItem(string Kind, long Id, string Label, bool Met)
{
    public const string Site = "site";
    public const string Case = "case";
    public const string Supervision = "supervision";
}
