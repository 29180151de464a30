using Planner.Sites;
using Planner.Townships;

namespace Planner.Users;

/// <summary>
/// What a user may see: the whole district (admins, planners, leaders) or only the townships a field
/// user is bound to. Applied to every query that returns sites or townships.
/// </summary>
public sealed record SiteScope
{
    public static readonly SiteScope Nothing = new() { TownshipIds = new HashSet<int>() };
    public static readonly SiteScope District = new() { WholeDistrict = true };

    public bool WholeDistrict { get; private init; }
    public IReadOnlySet<int> TownshipIds { get; private init; } = new HashSet<int>();

    public static SiteScope Townships(IEnumerable<int> ids) => new() { TownshipIds = ids.ToHashSet() };

    /// <summary>The scope for a set of roles and bound townships.</summary>
    public static SiteScope For(IEnumerable<string> roles, IEnumerable<int> townshipIds)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        if (set.Contains(Roles.Admin) || set.Contains(Roles.Planner) || set.Contains(Roles.Leader)) return District;
        var ids = townshipIds.ToHashSet();
        // An inspector bound to no township inspects the whole district (a district supervision team).
        if (set.Contains(Roles.Inspector) && ids.Count == 0) return District;
        return set.Contains(Roles.FieldTeam) || set.Contains(Roles.Inspector) ? Townships(ids) : Nothing;
    }

    public bool CanSee(int townshipId) => WholeDistrict || TownshipIds.Contains(townshipId);

    public IQueryable<Site> Apply(IQueryable<Site> sites)
    {
        if (WholeDistrict) return sites;
        var ids = TownshipIds.ToList();
        return sites.Where(s => ids.Contains(s.TownshipId));
    }

    public IQueryable<Township> Apply(IQueryable<Township> townships)
    {
        if (WholeDistrict) return townships;
        var ids = TownshipIds.ToList();
        return townships.Where(t => ids.Contains(t.Id));
    }
}
