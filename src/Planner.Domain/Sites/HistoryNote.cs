using System.Globalization;
using Planner.Localization;

namespace Planner.Sites;

/// <summary>
/// Notes the product writes into a site's history and timeline ("created", "split from …"). They are
/// stored language-neutral ("sys:split-from|GC-XQ-001") and rendered in the reader's language, so the
/// same history reads in Chinese and in English. A user's own note is stored and shown as written.
/// </summary>
public static class HistoryNote
{
    const string Prefix = "sys:";

    public static string Created => Of("created");
    public static string Deleted => Of("deleted");
    public static string Imported => Of("imported");
    public static string UpdatedByImport => Of("updated-by-import");
    public static string ImportedFrom(string source) => Of("imported-from", source);
    public static string Changed(IEnumerable<string> fields) => Of("changed", string.Join(", ", fields));
    public static string Restored(int version, bool undeleted) => Of("restored", version.ToString(CultureInfo.InvariantCulture), undeleted ? "undeleted" : "");
    public static string Progress(SiteStatus from, SiteStatus to, int percent) =>
        from == to ? Of("progress", percent.ToString(CultureInfo.InvariantCulture)) : Of("moved", from.Code(), to.Code(), percent.ToString(CultureInfo.InvariantCulture));
    public static string TaskAdded(string measure) => Of("task-added", measure);
    public static string TaskDone(DateOnly on, string measure) => Of("task-done", on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), measure);
    public static string SplitInto(string code) => Of("split-into", code);
    public static string SplitFrom(string code) => Of("split-from", code);
    public static string MergedWith(string code) => Of("merged-with", code);
    public static string MergedInto(string code) => Of("merged-into", code);
    public static string FieldReport(long reportId) => Of("field-report", reportId.ToString(CultureInfo.InvariantCulture));
    /// <summary>A field report accepted: who reported, which report, and where it moved the site.</summary>
    public static string ReportAccepted(string reporter, long reportId, SiteStatus from, SiteStatus to, int percent) =>
        Of("report-accepted", reportId.ToString(CultureInfo.InvariantCulture), from.Code(), to.Code(), percent.ToString(CultureInfo.InvariantCulture), reporter);

    /// <summary>The last argument takes the rest of the text, so a measure or file name may hold "|".</summary>
    static string Of(string key, params string[] args) => Prefix + key + string.Concat(args.Select(a => "|" + a));

    /// <summary>The note in the current language; a user's note (or an older plain one) as it is.</summary>
    public static string? Render(string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal)) return stored;
        var parts = stored[Prefix.Length..].Split('|');
        string Arg(int i) => i < parts.Length ? (i == ArgCount(parts[0]) ? string.Join("|", parts[i..]) : parts[i]) : "";
        return parts[0] switch
        {
            "created" => L10n.T("新建", "created"),
            "deleted" => L10n.T("删除", "deleted"),
            "imported" => L10n.T("导入", "imported"),
            "updated-by-import" => L10n.T("由导入更新", "updated by import"),
            "imported-from" => L10n.T($"从 {Arg(1)} 导入", $"imported from {Arg(1)}"),
            "changed" => L10n.T($"修改了 {Arg(1)}", $"changed {Arg(1)}"),
            "restored" => L10n.T($"恢复到第 {Arg(1)} 版{(Arg(2) == "undeleted" ? "，并取消删除" : "")}", $"restored version {Arg(1)}{(Arg(2) == "undeleted" ? ", undeleted" : "")}"),
            "progress" => L10n.T($"进度 {Arg(1)}%", $"progress {Arg(1)}%"),
            "moved" => L10n.T($"{StatusName(Arg(1))} → {StatusName(Arg(2))}，{Arg(3)}%", $"{Arg(1)} → {Arg(2)}, {Arg(3)}%"),
            "task-added" => L10n.T($"新增整改事项：{Arg(1)}", $"task added: {Arg(1)}"),
            "task-done" => L10n.T($"{Arg(1)} 完成整改事项：{Arg(2)}", $"task done {Arg(1)}: {Arg(2)}"),
            "split-into" => L10n.T($"拆分：部分划给 {Arg(1)}", $"split: part given to {Arg(1)}"),
            "split-from" => L10n.T($"由 {Arg(1)} 拆分而来", $"split from {Arg(1)}"),
            "merged-with" => L10n.T($"与 {Arg(1)} 合并", $"merged with {Arg(1)}"),
            "merged-into" => L10n.T($"并入 {Arg(1)}", $"merged into {Arg(1)}"),
            "field-report" => L10n.T($"现场填报 #{Arg(1)}", $"field report #{Arg(1)}"),
            "report-accepted" => Arg(2) == Arg(3)
                ? L10n.T($"采纳 {Arg(5)} 的现场填报 #{Arg(1)}：进度 {Arg(4)}%", $"accepted field report #{Arg(1)} by {Arg(5)}: progress {Arg(4)}%")
                : L10n.T($"采纳 {Arg(5)} 的现场填报 #{Arg(1)}：{StatusName(Arg(2))} → {StatusName(Arg(3))}，{Arg(4)}%", $"accepted field report #{Arg(1)} by {Arg(5)}: {Arg(2)} → {Arg(3)}, {Arg(4)}%"),
            _ => stored,
        };
    }

    static int ArgCount(string key) => key switch
    {
        "restored" or "task-done" => 2,
        "moved" => 3,
        "report-accepted" => 5,
        "created" or "deleted" or "imported" or "updated-by-import" => 0,
        _ => 1,
    };

    static string StatusName(string code) => SiteStatusExtensions.TryParse(code, out var s) ? s.ChineseName() : code;
}
