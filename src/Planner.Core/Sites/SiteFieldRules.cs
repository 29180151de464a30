using Planner.Validation;

namespace Planner.Sites;

/// <summary>Checks of a site's fields (not its geometry), naming each field at fault.</summary>
static class SiteFieldRules
{
    public static List<Problem> Check(SiteDraft d)
    {
        var p = new List<Problem>();
        if (!Enum.IsDefined(d.Programme)) p.Add(new Problem("programme", $"{(int)d.Programme} is not a programme"));
        if (string.IsNullOrWhiteSpace(d.Code)) p.Add(new Problem("code", "is required"));
        else if (d.Code.Trim().Length > 64) p.Add(new Problem("code", "is longer than 64 characters"));
        if (string.IsNullOrWhiteSpace(d.Name)) p.Add(new Problem("name", "is required"));
        else if (d.Name.Trim().Length > 200) p.Add(new Problem("name", "is longer than 200 characters"));
        if (d.PlannedStart is { } s && d.PlannedEnd is { } e && e < s)
            p.Add(new Problem("plannedEnd", $"{e:yyyy-MM-dd} is before the planned start {s:yyyy-MM-dd}"));
        if (d.Budget is < 0) p.Add(new Problem("budget", "cannot be negative"));
        if (d.ResponsiblePhone is { Length: > 0 } phone && !phone.All(c => char.IsDigit(c) || c is '-' or ' ' or '+' or '(' or ')'))
            p.Add(new Problem("responsiblePhone", $"\"{phone}\" is not a phone number"));

        if (d.Compound is not null && d.Programme != Programme.Compound) p.Add(new Problem("compound", $"compound fields given for a {d.Programme.Label()} site"));
        if (d.Road is not null && d.Programme != Programme.Road) p.Add(new Problem("road", $"road fields given for a {d.Programme.Label()} site"));
        if (d.Fringe is not null && d.Programme != Programme.Fringe) p.Add(new Problem("fringe", $"fringe fields given for a {d.Programme.Label()} site"));

        if (d.Compound is { } c)
        {
            if (c.BuildYear is { } y && (y < 1900 || y > CompoundSite.LatestEligibleBuildYear))
                p.Add(new Problem("buildYear", $"{y}: old-compound renovation covers compounds built from 1900 to the end of {CompoundSite.LatestEligibleBuildYear}"));
            NonNegative(p, "buildings", c.Buildings);
            NonNegative(p, "households", c.Households);
            NonNegative(p, "floorArea", c.FloorAreaSquareMetres);
            if (c.WorksClass is { } w && !Enum.IsDefined(w)) p.Add(new Problem("worksClass", $"{(int)w} is not a works class"));
        }
        if (d.Road is { } r)
        {
            if (r.WidthMetres is { } w && (w <= 0 || w > 200)) p.Add(new Problem("width", $"{w} m is not a plausible road width"));
        }
        if (d.Fringe is { } f)
        {
            NonNegative(p, "householdsToRelocate", f.HouseholdsToRelocate);
            NonNegative(p, "illegalStructureArea", f.IllegalStructureAreaSquareMetres);
        }
        return p;
    }

    static void NonNegative(List<Problem> p, string field, double? value)
    {
        if (value is < 0) p.Add(new Problem(field, "cannot be negative"));
    }
}

static class SiteFactory
{
    public static Site Create(SiteDraft d)
    {
        Site site = d.Programme switch
        {
            Programme.Road => new RoadSite
            {
                Code = d.Code, Name = d.Name, RoadName = d.Road?.RoadName, RoadFrom = d.Road?.From, RoadTo = d.Road?.To,
                WidthMetres = d.Road?.WidthMetres, Grade = d.Road?.Grade,
            },
            Programme.Compound => new CompoundSite
            {
                Code = d.Code, Name = d.Name, BuildYear = d.Compound?.BuildYear, Buildings = d.Compound?.Buildings,
                Households = d.Compound?.Households, FloorAreaSquareMetres = d.Compound?.FloorAreaSquareMetres,
                HasPropertyManagement = d.Compound?.HasPropertyManagement, WorksClass = d.Compound?.WorksClass,
            },
            Programme.Fringe => new FringeSite
            {
                Code = d.Code, Name = d.Name, Villages = d.Fringe?.Villages, HouseholdsToRelocate = d.Fringe?.HouseholdsToRelocate,
                IllegalStructureAreaSquareMetres = d.Fringe?.IllegalStructureAreaSquareMetres,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(d), d.Programme, "unknown programme"),
        };
        site.Name = d.Name.Trim();
        site.Community = Clean(d.Community);
        site.ResponsibleUnit = Clean(d.ResponsibleUnit);
        site.ResponsiblePerson = Clean(d.ResponsiblePerson);
        site.ResponsiblePhone = Clean(d.ResponsiblePhone);
        site.LeadOfficial = Clean(d.LeadOfficial);
        site.PlannedStart = d.PlannedStart;
        site.PlannedEnd = d.PlannedEnd;
        site.Budget = d.Budget;
        site.IsPilot = d.IsPilot;
        site.IsShowcase = d.IsShowcase;
        site.Notes = Clean(d.Notes);
        return site;
    }

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
