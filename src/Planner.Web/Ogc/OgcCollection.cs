using Planner.Sites;

namespace Planner.Web.Ogc;

/// <summary>A collection OGC API Features serves: the sites of a programme, the townships, or the reported problems.</summary>
public sealed record OgcCollection(string Id, string Title, string Description, OgcCollection.Contents Kind, Programme? Programme, IReadOnlyList<string> Filters)
{
    public enum Contents { Sites, Townships, Cases }

    /// <summary>The filters the sites' collections take, as the map's URLs spell them (<see cref="Api.SiteQuery"/>).</summary>
    static readonly string[] SiteFilters = ["status", "township", "overdue", "pilot", "showcase", "q", "unit"];

    public static readonly IReadOnlyList<OgcCollection> All =
    [
        new("roads", "城市道路综合改造 Roads", "Road renovation sites (lines), with their targets, deadlines, responsible units and progress", Contents.Sites, Sites.Programme.Road, SiteFilters),
        new("compounds", "老旧小区综合改造 Old residential compounds", "Old residential compound renovation sites (areas)", Contents.Sites, Sites.Programme.Compound, SiteFilters),
        new("fringe-zones", "城乡接合部综合改造 Urban–rural fringe zones", "Urban–rural fringe renovation zones (areas)", Contents.Sites, Sites.Programme.Fringe, SiteFilters),
        new("townships", "乡/街道 Townships", "The district's townships and sub-districts (boundaries)", Contents.Townships, null, []),
        new("cases", "问题 Reported problems", "Problems reported from the field (points), with their state in the handling loop", Contents.Cases, null, ["state", "category", "township"]),
    ];

    public static OgcCollection? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
