using Planner.Localization;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>Checks of a site's fields (not its geometry), naming each field at fault and the limit it breaks.</summary>
static class SiteFieldRules
{
    public static List<Problem> Check(SiteDraft d, SiteLimits limits, DateOnly today)
    {
        var p = new List<Problem>();
        if (!Enum.IsDefined(d.Programme)) p.Add(new Problem("programme", L10n.T($"{(int)d.Programme} 不是工程类别", $"{(int)d.Programme} is not a programme")));
        if (string.IsNullOrWhiteSpace(d.Code)) p.Add(new Problem("code", Messages.IsRequired));
        else Length(p, "code", d.Code.Trim(), limits.MaxCodeLength);
        if (string.IsNullOrWhiteSpace(d.Name)) p.Add(new Problem("name", Messages.IsRequired));
        else Length(p, "name", d.Name.Trim(), limits.MaxNameLength);
        Length(p, "community", d.Community, limits.MaxTextLength);
        Length(p, "responsibleUnit", d.ResponsibleUnit, limits.MaxTextLength);
        Length(p, "responsiblePerson", d.ResponsiblePerson, limits.MaxTextLength);
        Length(p, "responsiblePhone", d.ResponsiblePhone, 40);
        Length(p, "leadOfficial", d.LeadOfficial, limits.MaxTextLength);
        Length(p, "notes", d.Notes, limits.MaxNotesLength);
        PlannedDate(p, "plannedStart", d.PlannedStart, limits, today);
        PlannedDate(p, "plannedEnd", d.PlannedEnd, limits, today);
        if (d.PlannedStart is { } s && d.PlannedEnd is { } e && e < s)
            p.Add(new Problem("plannedEnd", L10n.T($"{e:yyyy-MM-dd} 早于计划开工日期 {s:yyyy-MM-dd}", $"{e:yyyy-MM-dd} is before the planned start {s:yyyy-MM-dd}")));
        if (d.Budget is < 0) p.Add(new Problem("budget", Messages.CannotBeNegative));
        else if (d.Budget is > 10_000_000) p.Add(new Problem("budget", L10n.T($"{d.Budget} 万元超过上限 10,000,000 万元", $"{d.Budget} (10,000 CNY) is more than the limit of 10,000,000")));
        if (d.ResponsiblePhone is { Length: > 0 } phone && !phone.All(c => char.IsDigit(c) || c is '-' or ' ' or '+' or '(' or ')'))
            p.Add(new Problem("responsiblePhone", L10n.T($"“{phone}”不是电话号码", $"\"{phone}\" is not a phone number")));

        if (d.Compound is not null && d.Programme != Programme.Compound) p.Add(new Problem("compound", Wrong("老旧小区", "compound", d.Programme)));
        if (d.Road is not null && d.Programme != Programme.Road) p.Add(new Problem("road", Wrong("道路", "road", d.Programme)));
        if (d.Fringe is not null && d.Programme != Programme.Fringe) p.Add(new Problem("fringe", Wrong("城乡接合部", "fringe", d.Programme)));

        if (d.Compound is { } c)
        {
            if (c.BuildYear is { } y && (y < 1900 || y > CompoundSite.LatestEligibleBuildYear))
                p.Add(new Problem("buildYear", L10n.T($"{y}：老旧小区改造只包括 1900 年至 {CompoundSite.LatestEligibleBuildYear} 年底建成的小区",
                    $"{y}: old-compound renovation covers compounds built from 1900 to the end of {CompoundSite.LatestEligibleBuildYear}")));
            NonNegative(p, "buildings", c.Buildings);
            NonNegative(p, "households", c.Households);
            NonNegative(p, "floorArea", c.FloorAreaSquareMetres);
            if (c.WorksClass is { } w && !Enum.IsDefined(w)) p.Add(new Problem("worksClass", Messages.NotAWorksClass(((int)w).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        if (d.Road is { } r)
        {
            if (r.WidthMetres is { } w && (w <= 0 || w > 200)) p.Add(new Problem("width", L10n.T($"{w} 米不是合理的路宽（0–200 米）", $"{w} m is not a plausible road width (0–200 m)")));
            Length(p, "roadName", r.RoadName, limits.MaxTextLength);
            Length(p, "from", r.From, limits.MaxTextLength);
            Length(p, "to", r.To, limits.MaxTextLength);
            Length(p, "grade", r.Grade, limits.MaxTextLength);
        }
        if (d.Fringe is { } f)
        {
            Length(p, "villages", f.Villages, limits.MaxTextLength * 5);
            NonNegative(p, "householdsToRelocate", f.HouseholdsToRelocate);
            NonNegative(p, "illegalStructureArea", f.IllegalStructureAreaSquareMetres);
        }
        return p;
    }

    /// <summary>Text over its limit, naming the limit.</summary>
    public static void Length(List<Problem> p, string field, string? value, int limit)
    {
        if (value is not null && value.Length > limit) p.Add(new Problem(field, Messages.TooLong(value.Length, limit)));
    }

    /// <summary>Planned dates lie between the limits' earliest year and so many years after today.</summary>
    static void PlannedDate(List<Problem> p, string field, DateOnly? date, SiteLimits limits, DateOnly today)
    {
        if (date is not { } d) return;
        var latest = today.AddYears(limits.MaxYearsAhead);
        if (d.Year < limits.EarliestYear || d > latest)
            p.Add(new Problem(field, L10n.T($"{d:yyyy-MM-dd} 不在允许范围内（{limits.EarliestYear} 年至 {latest:yyyy-MM-dd}，即今后 {limits.MaxYearsAhead} 年内）",
                $"{d:yyyy-MM-dd} is outside the allowed range ({limits.EarliestYear} to {latest:yyyy-MM-dd}, {limits.MaxYearsAhead} years from today)")));
    }

    /// <summary>An actual date (a start or a completion) cannot lie after today in the district.</summary>
    public static Problem? ActualDate(string field, DateOnly? date, DateOnly today) =>
        date is { } d && d > today
            ? new Problem(field, L10n.T($"{d:yyyy-MM-dd} 晚于今天（{today:yyyy-MM-dd}）：实际日期不能在将来", $"{d:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}): an actual date cannot lie in the future"))
            : null;

    static string Wrong(string zh, string en, Programme programme) =>
        L10n.T($"{programme.Label()}项目不能填写{zh}字段", $"{en} fields given for a {programme.Label()} site");

    static void NonNegative(List<Problem> p, string field, double? value)
    {
        if (value is < 0) p.Add(new Problem(field, Messages.CannotBeNegative));
    }
}

static class SiteFactory
{
    /// <summary>An empty site of the programme, for a reader to fill.</summary>
    public static Site Blank(Programme programme) => programme switch
    {
        Programme.Road => new RoadSite { Code = "", Name = "" },
        Programme.Compound => new CompoundSite { Code = "", Name = "" },
        Programme.Fringe => new FringeSite { Code = "", Name = "" },
        _ => throw new ArgumentOutOfRangeException(nameof(programme), programme, "unknown programme"),
    };

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
