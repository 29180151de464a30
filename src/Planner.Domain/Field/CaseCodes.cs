using Planner.Localization;

namespace Planner.Field;

/// <summary>Codes (stored, and in the API) and names (shown) of case states and actions.</summary>
public static class CaseCodes
{
    public static string Code(this CaseState state) => state.ToString().ToLowerInvariant();

    public static CaseState ParseState(string code) =>
        Enum.TryParse<CaseState>(code, ignoreCase: true, out var s) && !int.TryParse(code, out _) ? s : throw new ArgumentOutOfRangeException(nameof(code), code, null);

    public static string Code(this CaseAction action) => action.ToString().ToLowerInvariant();

    public static bool TryParseAction(string? code, out CaseAction action) =>
        Enum.TryParse(code, ignoreCase: true, out action) && code is not null && !int.TryParse(code, out _);

    public static string Label(this CaseState state) => state switch
    {
        CaseState.Reported => L10n.T("已上报", "reported"),
        CaseState.Accepted => L10n.T("已立案", "accepted"),
        CaseState.Voided => L10n.T("已作废", "voided"),
        CaseState.Dispatched => L10n.T("已派遣", "dispatched"),
        CaseState.Handled => L10n.T("已处置", "handled"),
        CaseState.Closed => L10n.T("已结案", "closed"),
        _ => state.ToString(),
    };

    public static string Label(this CaseAction action) => action switch
    {
        CaseAction.Accept => L10n.T("立案", "accept"),
        CaseAction.Void => L10n.T("作废", "void"),
        CaseAction.Dispatch => L10n.T("派遣", "dispatch"),
        CaseAction.Handle => L10n.T("处置", "handle"),
        CaseAction.Pass => L10n.T("核查通过", "verify: pass"),
        CaseAction.Fail => L10n.T("核查不通过（返工）", "verify: fail (rework)"),
        CaseAction.Hold => L10n.T("回访：整改保持", "follow-up: the fix held"),
        CaseAction.Recur => L10n.T("回访：问题复发", "follow-up: it came back"),
        _ => action.ToString(),
    };
}
