using Planner.Localization;

namespace Planner.Field;

public static class ReportStateExtensions
{
    public static string Code(this ReportState state) => state switch
    {
        ReportState.Pending => "pending",
        ReportState.Accepted => "accepted",
        ReportState.Returned => "returned",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static ReportState Parse(string code) => code switch
    {
        "pending" => ReportState.Pending,
        "accepted" => ReportState.Accepted,
        "returned" => ReportState.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    public static string Label(this ReportState state) => state switch
    {
        ReportState.Pending => L10n.T("待审核", "waiting for review"),
        ReportState.Accepted => L10n.T("已采纳", "accepted"),
        ReportState.Returned => L10n.T("已退回", "returned"),
        _ => state.ToString(),
    };
}
