using Planner.Sites;

namespace Planner.Import;

/// <summary>
/// Which source attribute feeds which site field. Explicit choices win; otherwise common names in
/// Chinese and English are recognised (编号/code, 名称/name, 乡镇/township …).
/// </summary>
public sealed class FieldMapping
{
    /// <summary>
    /// Names recognised per target: every site field's (<see cref="SiteFields"/>: its key, column and common names),
    /// and what an import reads besides fields: the programme, township, status and progress.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>
    {
        ["programme"] = ["programme", "program", "类别", "工程类别", "项目类别"],
        ["township"] = ["township", "乡镇", "街道", "乡/街道", "乡镇街道", "所属街道", "town"],
        ["status"] = ["status", "状态", "进展"],
        ["progress"] = ["progress", "进度", "完成比例"],
    }.Concat(SiteFields.All.Select(f => KeyValuePair.Create(f.Key, f.Aliases.ToArray()))).ToDictionary(StringComparer.OrdinalIgnoreCase);

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
