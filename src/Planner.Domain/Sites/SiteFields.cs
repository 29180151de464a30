namespace Planner.Sites;

/// <summary>
/// The fields a site is given, each spelled once: the editing API and the history's snapshots write them,
/// imports map and copy them (also on re-import), the PostGIS import stages them by column, and the
/// exports and forms label them from here.
/// </summary>
public static class SiteFields
{
    public static readonly IReadOnlyList<SiteField> All =
    [
        Text("code", "code", "编号", "Code", s => s.Code, (s, v) => s.Code = (string?)v ?? "", aliases: ["编号", "项目编号", "site_code", "adcode"]),
        Text("name", "name", "名称", "Name", s => s.Name, (s, v) => s.Name = (string?)v ?? "", aliases: ["名称", "项目名称", "site_name", "小区名称", "道路名称"]),
        Text("community", "community", "社区/村", "Community", s => s.Community, (s, v) => s.Community = (string?)v, aliases: ["社区", "村", "社区/村"]),
        Text("responsibleUnit", "responsible_unit", "责任单位", "Responsible unit", s => s.ResponsibleUnit, (s, v) => s.ResponsibleUnit = (string?)v, aliases: ["responsibleunit", "责任单位"]),
        Text("responsiblePerson", "responsible_person", "责任人", "Responsible person", s => s.ResponsiblePerson, (s, v) => s.ResponsiblePerson = (string?)v, aliases: ["responsibleperson", "责任人"]),
        Text("responsiblePhone", "responsible_phone", "联系电话", "Phone", s => s.ResponsiblePhone, (s, v) => s.ResponsiblePhone = (string?)v, aliases: ["phone", "联系电话", "电话"]),
        Text("leadOfficial", "lead_official", "包联领导", "Lead official", s => s.LeadOfficial, (s, v) => s.LeadOfficial = (string?)v, aliases: ["leadofficial", "包联领导", "分包领导"]),
        Field("plannedStart", "planned_start", SiteFieldKind.Date, "计划开工", "Planned start", s => s.PlannedStart, (s, v) => s.PlannedStart = (DateOnly?)v, aliases: ["plannedstart", "计划开工", "开工时间"]),
        Field("plannedEnd", "planned_end", SiteFieldKind.Date, "计划完工", "Planned end", s => s.PlannedEnd, (s, v) => s.PlannedEnd = (DateOnly?)v, aliases: ["plannedend", "计划完工", "完工时间", "整改时限"]),
        Field("budget", "budget", SiteFieldKind.Money, "投资（万元）", "Budget (10,000 CNY)", s => s.Budget, (s, v) => s.Budget = (decimal?)v, aliases: ["投资", "总投资", "投资（万元）", "投资(万元)"]),
        Field("pilot", "is_pilot", SiteFieldKind.Flag, "试点", "Pilot", s => s.IsPilot, (s, v) => s.IsPilot = v is true, aliases: ["试点"]),
        Field("showcase", "is_showcase", SiteFieldKind.Flag, "示范点", "Showcase", s => s.IsShowcase, (s, v) => s.IsShowcase = v is true, aliases: ["示范点", "亮点"]),
        Text("notes", "notes", "备注", "Notes", s => s.Notes, (s, v) => s.Notes = (string?)v, aliases: ["备注", "description"]),

        Road(Text("roadName", "road_name", "道路名称", "Road name", s => ((RoadSite)s).RoadName, (s, v) => ((RoadSite)s).RoadName = (string?)v, aliases: ["roadname", "路名"])),
        Road(Text("from", "road_from", "起点", "From", s => ((RoadSite)s).RoadFrom, (s, v) => ((RoadSite)s).RoadFrom = (string?)v, aliases: ["起点"])),
        Road(Text("to", "road_to", "终点", "To", s => ((RoadSite)s).RoadTo, (s, v) => ((RoadSite)s).RoadTo = (string?)v, aliases: ["终点"])),
        Road(Field("width", "road_width_m", SiteFieldKind.Number, "路宽（米）", "Width (m)", s => ((RoadSite)s).WidthMetres, (s, v) => ((RoadSite)s).WidthMetres = (double?)v, aliases: ["路宽", "宽度"])),
        Road(Text("grade", "road_grade", "道路等级", "Grade", s => ((RoadSite)s).Grade, (s, v) => ((RoadSite)s).Grade = (string?)v, aliases: ["道路等级", "等级"])),

        Compound(Field("buildYear", "build_year", SiteFieldKind.Integer, "建成年代", "Built", s => ((CompoundSite)s).BuildYear, (s, v) => ((CompoundSite)s).BuildYear = (int?)v, aliases: ["buildyear", "建成年代", "建成年份"])),
        Compound(Field("buildings", "buildings", SiteFieldKind.Integer, "楼栋数", "Buildings", s => ((CompoundSite)s).Buildings, (s, v) => ((CompoundSite)s).Buildings = (int?)v, aliases: ["楼栋数", "栋数"])),
        Compound(Field("households", "households", SiteFieldKind.Integer, "户数", "Households", s => ((CompoundSite)s).Households, (s, v) => ((CompoundSite)s).Households = (int?)v, aliases: ["户数"])),
        Compound(Field("floorArea", "floor_area_m2", SiteFieldKind.Number, "建筑面积（平方米）", "Floor area (m²)", s => ((CompoundSite)s).FloorAreaSquareMetres, (s, v) => ((CompoundSite)s).FloorAreaSquareMetres = (double?)v, aliases: ["floor_area", "floorarea", "建筑面积"])),
        Compound(Field("propertyManagement", "has_property_management", SiteFieldKind.OptionalFlag, "物业", "Property management", s => ((CompoundSite)s).HasPropertyManagement, (s, v) => ((CompoundSite)s).HasPropertyManagement = (bool?)v, aliases: ["property_management", "物业", "有无物业"])),
        Compound(Field("worksClass", "works_class", SiteFieldKind.WorksClass, "改造类别", "Works class", s => ((CompoundSite)s).WorksClass, (s, v) => ((CompoundSite)s).WorksClass = (WorksClass?)v, aliases: ["workclass", "改造类别"])),

        Fringe(Text("villages", "villages", "涉及村", "Villages", s => ((FringeSite)s).Villages, (s, v) => ((FringeSite)s).Villages = (string?)v, aliases: ["涉及村", "村庄"])),
        Fringe(Field("householdsToRelocate", "households_to_relocate", SiteFieldKind.Integer, "拆迁户数", "Households to relocate", s => ((FringeSite)s).HouseholdsToRelocate, (s, v) => ((FringeSite)s).HouseholdsToRelocate = (int?)v, aliases: ["拆迁户数"])),
        Fringe(Field("illegalStructureArea", "illegal_structure_area_m2", SiteFieldKind.Number, "违建面积（平方米）", "Illegal structures (m²)", s => ((FringeSite)s).IllegalStructureAreaSquareMetres, (s, v) => ((FringeSite)s).IllegalStructureAreaSquareMetres = (double?)v, aliases: ["illegal_structure_area", "违建面积", "拆违面积"])),
    ];

    static readonly Dictionary<string, SiteField> ByKey = All.ToDictionary(f => f.Key, StringComparer.OrdinalIgnoreCase);

    public static SiteField? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>The fields a site of the programme has, in the catalogue's order.</summary>
    public static IEnumerable<SiteField> For(Programme programme) => All.Where(f => f.AppliesTo(programme));

    /// <summary>
    /// Copies the fields of <paramref name="from"/> onto <paramref name="to"/> (same programme): all of them, or only
    /// <paramref name="only"/> — what a re-imported row gives, so a column the file lacks leaves the field as it was.
    /// </summary>
    public static void Copy(Site from, Site to, IReadOnlySet<string>? only = null)
    {
        if (from.Programme != to.Programme) throw new ArgumentException($"a {from.Programme} site's fields cannot go to a {to.Programme} site", nameof(to));
        foreach (var field in For(to.Programme))
            if (only is null || only.Contains(field.Key)) field.Set(to, field.Get(from));
    }

    static SiteField Text(string key, string column, string zh, string en, Func<Site, object?> get, Action<Site, object?> set, string[] aliases) =>
        Field(key, column, SiteFieldKind.Text, zh, en, get, set, aliases);

    static SiteField Field(string key, string column, SiteFieldKind kind, string zh, string en, Func<Site, object?> get, Action<Site, object?> set, string[] aliases) =>
        new() { Key = key, Column = column, Kind = kind, Chinese = zh, English = en, Get = get, Set = set, Aliases = [key, column, .. aliases] };

    static SiteField Road(SiteField f) => With(f, Sites.Programme.Road);
    static SiteField Compound(SiteField f) => With(f, Sites.Programme.Compound);
    static SiteField Fringe(SiteField f) => With(f, Sites.Programme.Fringe);

    static SiteField With(SiteField f, Programme programme) =>
        new() { Key = f.Key, Column = f.Column, Kind = f.Kind, Chinese = f.Chinese, English = f.English, Get = f.Get, Set = f.Set, Aliases = f.Aliases, Programme = programme };
}
