namespace Planner.Sites;

public enum RevisionAction
{
    Created = 1,
    Edited = 2,
    Deleted = 3,
    Restored = 4,
    Progress = 5,
    Task = 6,
    /// <summary>This site was cut in two; the related site is the other part.</summary>
    Split = 7,
    /// <summary>This site was made from part of the related site.</summary>
    SplitFrom = 8,
    /// <summary>The related site was merged into this one.</summary>
    Merged = 9,
    /// <summary>This site was merged into the related one and retired.</summary>
    MergedInto = 10,
    Imported = 11,
}
