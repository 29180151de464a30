using Planner.Localization;
using Planner.Validation;

namespace Planner.Field;

/// <summary>Limits on what the field sends (Planner:Field in configuration); each is named in the message that refuses it.</summary>
public sealed class FieldLimits
{
    public static FieldLimits Default { get; } = new();

    /// <summary>Planner:Field:MaxPhotoBytes — one photo's file.</summary>
    public long MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Planner:Field:MaxPhotoPixels — width × height as decoded: a small file that unpacks to gigabytes is refused before it is.</summary>
    public long MaxPhotoPixels { get; set; } = 50_000_000;
    public int MinPhotosPerReport { get; set; } = 1;
    public int MaxPhotosPerReport { get; set; } = 9;
    /// <summary>Planner:Field:EvidenceDistanceMetres — a photo taken farther than this from its site is flagged.</summary>
    public double EvidenceDistanceMetres { get; set; } = 200;
    /// <summary>Planner:Field:ClockToleranceMinutes — how far a camera's clock may be behind before a photo counts as taken before its step.</summary>
    public int ClockToleranceMinutes { get; set; } = 10;
    public int DisplayEdge { get; set; } = 1600;
    public int ThumbnailEdge { get; set; } = 320;
    public int MaxReasonLength { get; set; } = 500;
    /// <summary>Planner:Field:DuplicateRadiusMetres — a new problem this close to an open case of its category is offered that case instead.</summary>
    public double DuplicateRadiusMetres { get; set; } = 50;
    /// <summary>Planner:Field:Holidays and WorkingWeekends (调休): the calendar case deadlines count working time in.</summary>
    public List<DateOnly> Holidays { get; set; } = [];
    public List<DateOnly> WorkingWeekends { get; set; } = [];
    /// <summary>Planner:Field:Categories — the problem categories and their steps' times; the defaults when none are configured.</summary>
    public List<CaseCategory> Categories { get; set; } = [];

    /// <summary>Planner:Field:SupervisionLevels — the levels an unanswered 督办 escalates through, in order.</summary>
    public List<string> SupervisionLevels { get; set; } = [];
    /// <summary>Planner:Field:SupervisionEscalationDays — the days an escalated 督办 gets before it escalates again.</summary>
    public int SupervisionEscalationDays { get; set; } = 3;
    /// <summary>Planner:Field:FollowUpDays — the days after its closing a case is due for 回访 (FixMyStreet asks after four weeks).</summary>
    public int FollowUpDays { get; set; } = 28;

    public IReadOnlyList<string> Levels => SupervisionLevels.Count > 0 ? SupervisionLevels : ["提醒", "督办", "通报"];

    /// <summary>A 督办 level's name; an order escalated past the last level keeps the last one's.</summary>
    public string LevelName(int level) => Levels[Math.Min(level, Levels.Count - 1)];

    public IReadOnlyList<CaseCategory> CaseCategories => Categories.Count > 0 ? Categories : CaseCategory.Defaults;
    public WorkCalendar Calendar => new(Holidays, WorkingWeekends);

    /// <summary>The request body a report may need: every photo at its limit, and room for the form's fields.</summary>
    public long MaxReportBytes => MaxPhotoBytes * MaxPhotosPerReport + 1024 * 1024;

    public FieldLimits Validate()
    {
        var problems = new List<Problem>();
        if (MaxPhotoBytes < 1024) problems.Add(new Problem("Planner:Field:MaxPhotoBytes", L10n.T("至少 1024", "must be at least 1024")));
        if (MaxPhotoPixels < 1) problems.Add(new Problem("Planner:Field:MaxPhotoPixels", L10n.T("必须为正数", "must be positive")));
        if (MinPhotosPerReport < 0 || MaxPhotosPerReport < Math.Max(1, MinPhotosPerReport))
            problems.Add(new Problem("Planner:Field:MaxPhotosPerReport", L10n.T("必须不小于 MinPhotosPerReport 且至少为 1", "must be at least MinPhotosPerReport and at least 1")));
        if (!(EvidenceDistanceMetres > 0)) problems.Add(new Problem("Planner:Field:EvidenceDistanceMetres", L10n.T("必须为正数", "must be positive")));
        if (ThumbnailEdge < 16 || DisplayEdge < ThumbnailEdge) problems.Add(new Problem("Planner:Field:DisplayEdge", L10n.T("缩略图至少 16 像素，且不大于展示图", "thumbnails at least 16 px and no larger than the display size")));
        if (SupervisionEscalationDays < 1) problems.Add(new Problem("Planner:Field:SupervisionEscalationDays", L10n.T("至少 1 天", "at least 1 day")));
        if (FollowUpDays < 1) problems.Add(new Problem("Planner:Field:FollowUpDays", L10n.T("至少 1 天", "at least 1 day")));
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        return this;
    }
}
