using Planner.Users;

namespace Planner.Field;

/// <summary>Which cases a user's townships see: those lying in them, and those sent to them.</summary>
public static class CaseScope
{
    public static IQueryable<ProblemCase> Within(this IQueryable<ProblemCase> cases, SiteScope scope)
    {
        if (scope.WholeDistrict) return cases;
        var ids = scope.TownshipIds.ToList();
        return cases.Where(c => ids.Contains(c.TownshipId) || (c.DispatchedTownshipId != null && ids.Contains(c.DispatchedTownshipId.Value)));
    }
}
