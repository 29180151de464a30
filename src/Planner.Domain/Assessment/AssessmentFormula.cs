using Planner.Validation;

namespace Planner.Assessment;

/// <summary>
/// The monthly township score, kept in configuration (<c>Planner:Assessment</c>) and versioned: each component's
/// weight (summing to 100), the least number of counted items for a township to be ranked, how many townships each
/// list names, and the tolerance of the progress check. <see cref="Validate"/> names what is wrong.
/// </summary>
public sealed class AssessmentFormula
{
    /// <summary>Stored with every frozen month: a ranking says which formula made it.</summary>
    public string Version { get; set; } = "2026.1";

    public Dictionary<string, double> Weights { get; set; } = new()
    {
        [ScoreComponent.OnTimeCompletion] = 20,
        [ScoreComponent.OnPlan] = 10,
        [ScoreComponent.NotOverdue] = 10,
        [ScoreComponent.Handled] = 15,
        [ScoreComponent.HandledOnTime] = 15,
        [ScoreComponent.NoRework] = 10,
        [ScoreComponent.NoOverdueOpen] = 10,
        [ScoreComponent.SupervisionOnTime] = 10,
    };

    /// <summary>Fewer counted sites and cases than this: "样本不足", shown but not ranked (small samples must not top a table).</summary>
    public int MinimumItems { get; set; } = 5;

    /// <summary>How many townships the red list and the black list each name.</summary>
    public int ListSize { get; set; } = 3;

    /// <summary>A site is on plan when its progress is at most this many points below the share of its time elapsed.</summary>
    public int OnPlanTolerancePoints { get; set; } = 10;

    public static AssessmentFormula Default { get; } = new();

    /// <summary>The formula, or the problems that make it unusable (each naming the setting).</summary>
    public AssessmentFormula Validate()
    {
        var problems = new List<Problem>();
        foreach (var (code, weight) in Weights)
        {
            if (ScoreComponent.Find(code) is null)
                problems.Add(new Problem($"Planner:Assessment:Weights:{code}", $"未知的考核项（可用：{string.Join("、", ScoreComponent.All.Select(c => c.Code))}）"));
            if (weight <= 0 || !double.IsFinite(weight))
                problems.Add(new Problem($"Planner:Assessment:Weights:{code}", $"权重必须大于 0，现为 {weight}"));
        }
        var total = Weights.Values.Sum();
        if (Weights.Count == 0 || Math.Abs(total - 100) > 1e-9)
            problems.Add(new Problem("Planner:Assessment:Weights", $"权重之和必须为 100，现为 {total:0.##}"));
        if (MinimumItems < 1) problems.Add(new Problem("Planner:Assessment:MinimumItems", "至少为 1"));
        if (ListSize < 1) problems.Add(new Problem("Planner:Assessment:ListSize", "至少为 1"));
        if (OnPlanTolerancePoints is < 0 or > 100) problems.Add(new Problem("Planner:Assessment:OnPlanTolerancePoints", "必须在 0–100 之间"));
        if (string.IsNullOrWhiteSpace(Version)) problems.Add(new Problem("Planner:Assessment:Version", "不能为空"));
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        return this;
    }

    /// <summary>The formula in symbols, as the page shows it: 得分 = 20×按期完工率 + 15×进度达标率 + …</summary>
    public string InSymbols() =>
        "得分 = " + string.Join(" + ", ScoreComponent.All.Where(c => Weights.ContainsKey(c.Code)).Select(c => $"{Weights[c.Code]:0.##}×{(c.Name.Contains(' ') ? $"({c.Name})" : c.Name)}"));
}
