using System.Globalization;
using NetTopologySuite.Geometries;
using Planner.Sites;

namespace Planner.Localization;

/// <summary>Messages that several readers and checks share, each written once in both languages.</summary>
public static class Messages
{
    public static string RingNotClosed(Coordinate first, int lastIndex, Coordinate last) => string.Create(CultureInfo.InvariantCulture,
        $"{L10n.T("环未闭合：首个顶点", "ring is not closed: first vertex")} ({first.X}, {first.Y}) {L10n.T("与最后一个顶点", "differs from last vertex")} {lastIndex} ({last.X}, {last.Y}){L10n.T(" 不同", "")}");

    public static string RingTooShort(int found) =>
        L10n.T($"环至少需要 4 个坐标（3 个角点加闭合点），实际只有 {found} 个", $"a ring needs at least 4 positions (3 corners and the closing one), found {found}");

    public static string LineTooShort(int found) =>
        L10n.T($"线至少需要 2 个坐标，实际只有 {found} 个", $"a line needs at least 2 positions, found {found}");

    /// <summary>Of the sites an import matched by code, how many the file left (or, in a preview, will leave) as they were.</summary>
    public static string ImportUnchanged(int count, bool committed) => committed
        ? L10n.T($"其中 {count} 个已有项目与文件一致，保持原样（未记修订，版本不变）。",
            $"{count} of the existing sites already matched the file and were left as they were (no revision, same version).")
        : L10n.T($"其中 {count} 个已有项目与文件一致，导入时将保持原样（不记修订，版本不变）。",
            $"{count} of the existing sites already match the file and will be left as they are (no revision, same version).");

    public static string NoGeometry => L10n.T("没有几何图形", "has no geometry");

    public static string IsMissing => L10n.T("缺失", "is missing");

    public static string IsEmpty => L10n.T("为空", "is empty");

    public static string IsRequired => L10n.T("必填", "is required");

    public static string OutsideEveryTownship => L10n.T("不在本区任何乡/街道范围内", "lies outside every township of the district");

    public static string NoTownships => L10n.T("数据库中还没有乡/街道：请先运行 planner seed（示例区）或导入乡/街道边界，或用 --db 指向正确的数据库",
        "the database has no townships yet: run `planner seed` (the sample district) or load the township boundaries first, or point --db at the right database");

    public static string NoTownshipNamed(string name) => L10n.T($"没有名为 {name} 的乡/街道", $"no township is named {name}");

    public static string NotANumber(string text) => L10n.T($"“{text}”不是数字", $"\"{text}\" is not a number");

    public static string NotAWholeNumber(string text) => L10n.T($"{text} 不是整数", $"{text} is not a whole number");

    public static string NotADate(string text) => L10n.T($"“{text}”不是日期（格式 yyyy-MM-dd，如 2026-06-30）", $"\"{text}\" is not a date (yyyy-MM-dd, e.g. 2026-06-30)");

    public static string NotAProgramme(string? text) => L10n.T($"“{text}”不是工程类别（road 道路、compound 老旧小区、fringe 城乡接合部）", $"\"{text}\" is not road, compound or fringe");

    public static string NotAStatus(string? text) =>
        L10n.T($"“{text}”不是项目状态（{string.Join("、", Enum.GetValues<SiteStatus>().Select(s => $"{s.Code()} {s.ChineseName()}"))}）",
            $"\"{text}\" is not a status ({string.Join(", ", Enum.GetValues<SiteStatus>().Select(s => s.Code()))})");

    public static string NotAWorksClass(string text) => L10n.T($"“{text}”不是改造类别（基础类、完善类、提升类）", $"\"{text}\" is not basic, improvement or enhancement (基础类, 完善类, 提升类)");

    public static string CannotBeNegative => L10n.T("不能为负数", "cannot be negative");

    public static string NotText(string kind) => L10n.T($"应为文本，实际是{kind}", $"must be text, not {kind}");

    public static string TooLong(int length, int limit) =>
        L10n.T($"长度 {length} 个字符，超过上限 {limit} 个字符", $"is {length} characters long, more than the limit of {limit}");
}
