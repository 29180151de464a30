namespace Planner.Field;

/// <summary>
/// A kind of problem (部件 such as 窨井盖, or 事件 such as 占道经营) and the working time each step may take:
/// hours for the command centre to accept, to dispatch, days for the unit to handle, hours to verify.
/// </summary>
public sealed class CaseCategory
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>部件 (a facility) or 事件 (an event).</summary>
    public string Kind { get; set; } = "事件";
    public double AcceptHours { get; set; } = 4;
    public double DispatchHours { get; set; } = 4;
    public double HandleDays { get; set; } = 3;
    public double VerifyHours { get; set; } = 24;

    /// <summary>The time the step that begins in <paramref name="state"/> may take, in working hours.</summary>
    public double StepHours(CaseState state) => state switch
    {
        CaseState.Reported => AcceptHours,
        CaseState.Accepted => DispatchHours,
        CaseState.Dispatched => HandleDays * 24,
        CaseState.Handled => VerifyHours,
        _ => 0,
    };

    /// <summary>The categories of refined urban management a district starts with (Planner:Field:Categories replaces them).</summary>
    public static IReadOnlyList<CaseCategory> Defaults { get; } =
    [
        new() { Code = "manhole", Name = "窨井盖缺损", Kind = "部件", AcceptHours = 1, DispatchHours = 1, HandleDays = 1, VerifyHours = 12 },
        new() { Code = "street-vending", Name = "占道经营", HandleDays = 1 },
        new() { Code = "piled-rubbish", Name = "乱堆乱放", HandleDays = 2 },
        new() { Code = "black-water", Name = "黑臭水体", HandleDays = 15, VerifyHours = 72 },
        new() { Code = "garbage-sorting", Name = "垃圾分类不规范", HandleDays = 3 },
        new() { Code = "dust", Name = "工地扬尘", HandleDays = 1 },
        new() { Code = "illegal-parking", Name = "违章停车", HandleDays = 1 },
        new() { Code = "illegal-building", Name = "私搭乱建", HandleDays = 10 },
    ];
}
