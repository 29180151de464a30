namespace Planner.Sites;

public static class WorksClassExtensions
{
    public static string Code(this WorksClass c) => c.ToString().ToLowerInvariant();

    public static string ChineseName(this WorksClass c) => c switch
    {
        WorksClass.Basic => "基础类",
        WorksClass.Improvement => "完善类",
        WorksClass.Enhancement => "提升类",
        _ => c.ToString(),
    };

    /// <summary>The code (basic …), the Chinese name (基础类 …) or the name without 类, as planners write it.</summary>
    public static bool TryParse(string? text, out WorksClass worksClass) =>
        CodedEnum.TryParse(text, Code, ChineseName, out worksClass) || CodedEnum.TryParse(text, Code, c => c.ChineseName().TrimEnd('类'), out worksClass);
}
