using Planner.Localization;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>Imports bring sites already under way: they start at any state, with one record saying so.</summary>
public static class SiteImport
{
    /// <param name="matchesExisting">The row updates a site already stored: it may say that site is suspended (the
    /// workflow then checks the change from the stored state); a new site must start at its working state.</param>
    public static ProgressRecord StartAt(this Site site, SiteStatus status, int percent, string by, DateTimeOffset at, string note, bool matchesExisting = false)
    {
        if (site.ProgressRecords.Count > 0) throw new InvalidOperationException("only a new site starts at a state");
        if (status == SiteStatus.Suspended && !matchesExisting) throw new ValidationFailedException("status", L10n.T("导入的项目不能以“暂停”状态开始：请按其实际工作状态导入", "an imported site cannot start suspended: import it at its working state"));
        if (SiteWorkflow.CheckProgress(status, percent) is { } problem) throw new ValidationFailedException([problem]);
        return site.RecordInitial(status, percent, by, at, note);
    }
}
