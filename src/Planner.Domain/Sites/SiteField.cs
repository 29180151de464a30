namespace Planner.Sites;

/// <summary>
/// One field a planner or a file gives a site: its name in the API, files and history (<see cref="Key"/>),
/// its database column, the programme it belongs to (null: every site), its type, its labels, the names
/// imports recognise, and how it is read from and written to a <see cref="Site"/>.
/// </summary>
public sealed class SiteField
{
    public required string Key { get; init; }
    public required string Column { get; init; }
    public Programme? Programme { get; init; }
    public required SiteFieldKind Kind { get; init; }
    public required string Chinese { get; init; }
    public required string English { get; init; }
    /// <summary>Attribute names an import maps to this field (the key and the column are always recognised).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required Func<Site, object?> Get { get; init; }
    public required Action<Site, object?> Set { get; init; }

    /// <summary>Whether a site of the programme has this field.</summary>
    public bool AppliesTo(Programme programme) => Programme is null || Programme == programme;

    public override string ToString() => Key;
}
