namespace Planner.Import;

/// <summary>A field mapping remembered for a source (a file's name, or what the user calls it), so the next import of it needs no flags.</summary>
public sealed class ImportMapping
{
    public required string SourceKey { get; init; }
    public required string Fields { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
