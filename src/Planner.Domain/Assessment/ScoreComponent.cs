namespace Planner.Assessment;

/// <summary>
/// One part of a township's monthly score: a rate with its numerator and denominator, worth its weight in points.
/// Codes are what the formula in configuration names; the words say how each is counted (shown on the page).
/// </summary>
public sealed record ScoreComponent(string Code, string Part, string Name, string Rule)
{
    public const string OnTimeCompletion = "onTimeCompletion";
    public const string OnPlan = "onPlan";
    public const string NotOverdue = "notOverdue";
    public const string Handled = "handled";
    public const string HandledOnTime = "handledOnTime";
    public const string NoRework = "noRework";
    public const string NoOverdueOpen = "noOverdueOpen";
    public const string SupervisionOnTime = "supervisionOnTime";

    /// <summary>What can be scored, learnt from published 数字城管 schemes (Chengdu Jinniu, Jinhua, Fuzhou; docs in DESIGN.md).</summary>
    public static IReadOnlyList<ScoreComponent> All { get; } =
    [
        new(OnTimeCompletion, "项目", "按期完工率", "计划完工日在月末以前的项目中，按计划完工（实际完工日不晚于计划完工日）的比例"),
        new(OnPlan, "项目", "进度达标率", "月末在建项目中，进度不低于按已用工期折算的应有进度（容差见公式）的比例"),
        new(NotOverdue, "项目", "1 − 逾期率", "计划完工日在月末以前的项目中，月末仍未完工的比例，取其补数"),
        new(Handled, "案件", "处置率", "本月派遣到该乡镇（街道）的案件中，月末前已处置的比例"),
        new(HandledOnTime, "案件", "按期处置率", "本月派遣的案件中，在处置时限内处置的比例"),
        new(NoRework, "案件", "1 − 返工率", "本月处置的次数中，核查不通过被退回返工的比例，取其补数"),
        new(NoOverdueOpen, "案件", "1 − 超期待处置率", "本月派遣的案件中，月末仍未处置且已超过时限的比例，取其补数"),
        new(SupervisionOnTime, "督办", "督办按期答复率", "首次答复时限在本月（截至月末）的督办中，在时限内答复的比例"),
    ];

    public static ScoreComponent? Find(string code) => All.FirstOrDefault(c => c.Code == code);
}
