namespace Planner.Sites;

public static class RevisionActionExtensions
{
    public static string Code(this RevisionAction a) => a switch
    {
        RevisionAction.SplitFrom => "split-from",
        RevisionAction.MergedInto => "merged-into",
        _ => a.ToString().ToLowerInvariant(),
    };

    public static RevisionAction Parse(string code)
    {
        foreach (var a in Enum.GetValues<RevisionAction>())
            if (a.Code() == code) return a;
        throw new ArgumentOutOfRangeException(nameof(code), code, "unknown revision action");
    }
}
