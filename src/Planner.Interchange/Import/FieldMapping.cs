namespace Planner.Import;

/// <summary>
/// Which source attribute feeds which site field. Explicit choices win; otherwise common names in
/// Chinese and English are recognised (编号/code, 名称/name, 乡镇/township …).
/// </summary>
public sealed class FieldMapping
{
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>
    {
        ["code"] = ["code", "编号", "项目编号", "site_code", "adcode"],
        ["name"] = ["name", "名称", "项目名称", "site_name", "小区名称", "道路名称"],
        ["programme"] = ["programme", "program", "类别", "工程类别", "项目类别"],
        ["township"] = ["township", "乡镇", "街道", "乡/街道", "乡镇街道", "所属街道", "town"],
        ["community"] = ["community", "社区", "村", "社区/村"],
        ["responsibleUnit"] = ["responsible_unit", "responsibleunit", "责任单位"],
        ["responsiblePerson"] = ["responsible_person", "responsibleperson", "责任人"],
        ["responsiblePhone"] = ["phone", "responsible_phone", "联系电话", "电话"],
        ["leadOfficial"] = ["lead_official", "leadofficial", "包联领导", "分包领导"],
        ["plannedStart"] = ["planned_start", "plannedstart", "计划开工", "开工时间"],
        ["plannedEnd"] = ["planned_end", "plannedend", "计划完工", "完工时间", "整改时限"],
        ["budget"] = ["budget", "投资", "总投资", "投资（万元）", "投资(万元)"],
        ["pilot"] = ["pilot", "试点"],
        ["showcase"] = ["showcase", "示范点", "亮点"],
        ["notes"] = ["notes", "备注", "description"],
        ["status"] = ["status", "状态", "进展"],
        ["progress"] = ["progress", "进度", "完成比例"],
        ["buildYear"] = ["build_year", "buildyear", "建成年代", "建成年份"],
        ["buildings"] = ["buildings", "楼栋数", "栋数"],
        ["households"] = ["households", "户数"],
        ["floorArea"] = ["floor_area", "floorarea", "建筑面积"],
        ["propertyManagement"] = ["property_management", "物业", "有无物业"],
        ["worksClass"] = ["works_class", "workclass", "改造类别"],
        ["roadName"] = ["road_name", "roadname", "路名"],
        ["from"] = ["from", "起点"],
        ["to"] = ["to", "终点"],
        ["width"] = ["width", "路宽", "宽度"],
        ["grade"] = ["grade", "道路等级", "等级"],
        ["villages"] = ["villages", "涉及村", "村庄"],
        ["householdsToRelocate"] = ["households_to_relocate", "拆迁户数"],
        ["illegalStructureArea"] = ["illegal_structure_area", "违建面积", "拆违面积"],
    };

    readonly Dictionary<string, string> explicitFields;

    public FieldMapping(IReadOnlyDictionary<string, string>? explicitFields = null)
    {
        this.explicitFields = new Dictionary<string, string>(explicitFields ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var target in this.explicitFields.Keys)
            if (!Aliases.ContainsKey(target))
                throw new Validation.ValidationFailedException("field", Localization.L10n.T($"“{target}”不是项目字段：可用 {string.Join(", ", Aliases.Keys)}", $"\"{target}\" is not a site field: use one of {string.Join(", ", Aliases.Keys)}"));
    }

    public IReadOnlyDictionary<string, string> Explicit => explicitFields;

    /// <summary>Explicit choices over remembered ones.</summary>
    public FieldMapping Over(IReadOnlyDictionary<string, string> remembered)
    {
        var merged = new Dictionary<string, string>(remembered, StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in explicitFields) merged[k] = v;
        return new FieldMapping(merged);
    }

    public string? Value(IReadOnlyDictionary<string, string?> attributes, string target)
    {
        if (explicitFields.TryGetValue(target, out var source))
            return attributes.TryGetValue(source, out var v) ? Clean(v) : null;
        foreach (var alias in Aliases[target])
            if (attributes.TryGetValue(alias, out var v) && Clean(v) is { } value) return value;
        return null;
    }

    static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
}
