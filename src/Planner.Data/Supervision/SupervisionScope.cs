using Planner.Users;

namespace Planner.Supervision;

/// <summary>Which 督办 a user's townships see: those on their sites and cases.</summary>
public static class SupervisionScope
{
    public static IQueryable<SupervisionOrder> Within(this IQueryable<SupervisionOrder> orders, SiteScope scope)
    {
        if (scope.WholeDistrict) return orders;
        var ids = scope.TownshipIds.ToList();
        return orders.Where(o => ids.Contains(o.TownshipId));
    }
}
