using System.Globalization;
using Planner.Localization;
using Planner.Townships;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>
/// A site must lie in the district and be of a size its programme can have: a county drawn as a fringe
/// zone, or a site that only touches the district, is refused with its measured size.
/// </summary>
public static class SiteExtentRules
{
    /// <param name="needsTownship">True when the township follows the geometry (nobody assigned one): then it must lie in one.</param>
    /// <remarks>A <see cref="SiteLimits.MinShareInsideDistrict"/> of 0 turns the district check off (a benchmark loading all of China does).</remarks>
    public static List<Problem> Check(Programme programme, (double Area, double Length) measured, TownshipPlacement placement, SiteLimits limits,
        bool needsTownship, string where = "geometry")
    {
        var problems = new List<Problem>();
        var size = Size(programme, measured);
        var max = limits.MaxSize(programme);
        var polygonal = programme.GeometryKind() == SiteGeometryKind.Polygonal;
        string N(double v) => v.ToString("N2", CultureInfo.InvariantCulture);
        string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
        if (size > max)
            problems.Add(new Problem(where, polygonal
                ? L10n.T($"面积 {N(size)} km²，超过{programme.Label()}项目的上限 {N(max)} km²（Planner:Limits）", $"has an area of {N(size)} km², more than the {N(max)} km² limit for a {programme.Label()} site (Planner:Limits)")
                : L10n.T($"长度 {N(size)} km，超过{programme.Label()}项目的上限 {N(max)} km（Planner:Limits）", $"is {N(size)} km long, more than the {N(max)} km limit for a {programme.Label()} site (Planner:Limits)")));
        if (placement.Township is null && (needsTownship || limits.MinShareInsideDistrict > 0))
            problems.Add(new Problem(where, Messages.OutsideEveryTownship));
        else if (placement.ShareInside < limits.MinShareInsideDistrict)
            problems.Add(new Problem(where, L10n.T(
                $"只有 {Percent(placement.ShareInside)} 位于本区内（{(polygonal ? "面积" : "长度")} {N(size)} {(polygonal ? "km²" : "km")}），至少应有 {Percent(limits.MinShareInsideDistrict)}：是否为其他区县的数据？",
                $"only {Percent(placement.ShareInside)} of it lies inside the district ({(polygonal ? "area" : "length")} {N(size)} {(polygonal ? "km²" : "km")}); at least {Percent(limits.MinShareInsideDistrict)} must: is it another county's data?")));
        return problems;
    }

    /// <summary>km² for polygons, km for lines.</summary>
    static double Size(Programme programme, (double Area, double Length) measured) =>
        programme.GeometryKind() == SiteGeometryKind.Polygonal ? measured.Area / 1e6 : measured.Length / 1e3;
}
