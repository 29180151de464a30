using Planner.Assessment;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Tests.Assessment;

/// <summary>The monthly township score on hand-made months: weights, small samples, empty months, ties, the two lists, the counting rules.</summary>
public sealed class TownshipScoringTests
{
    static TownshipInputs Township(int id, string name, params (string Code, int Met, int Of)[] counts) =>
        new(id, $"41010{id}", name, id, counts.Select(c => new ComponentCount(c.Code,
            Enumerable.Range(0, c.Of).Select(i => new AssessedItem(AssessedItem.Site, id * 1000 + i, $"s{i}", i < c.Met)).ToList())).ToList());

    static readonly AssessmentFormula TwoParts = new()
    {
        Weights = new() { [ScoreComponent.OnTimeCompletion] = 60, [ScoreComponent.Handled] = 40 },
        MinimumItems = 3, ListSize = 1,
    };

    [Fact]
    public void A_score_is_the_weighted_rates_over_the_components_that_apply_scaled_to_100()
    {
        var scores = TownshipScoring.Score([
            Township(1, "甲", (ScoreComponent.OnTimeCompletion, 3, 4), (ScoreComponent.Handled, 1, 2)),
            Township(2, "乙", (ScoreComponent.OnTimeCompletion, 4, 4)), // no cases this month: the case part neither helps nor hurts
        ], TwoParts);
        var a = scores.Single(s => s.Name == "甲");
        Assert.Equal(65.0, a.Score); // (60 × 0.75 + 40 × 0.5) / 100 × 100
        Assert.Equal([45.0, 20.0], a.Components.Select(c => c.Points!.Value));
        var b = scores.Single(s => s.Name == "乙");
        Assert.Equal(100.0, b.Score);
        Assert.Null(b.Components.Single(c => c.Code == ScoreComponent.Handled).Points);
        Assert.Equal([1, 2], scores.Select(s => s.Rank!.Value));
        Assert.Equal(["乙", "甲"], scores.Select(s => s.Name));
    }

    [Fact]
    public void A_township_with_too_few_items_is_shown_but_not_ranked_and_one_with_nothing_has_no_score()
    {
        var scores = TownshipScoring.Score([
            Township(1, "一个", (ScoreComponent.OnTimeCompletion, 1, 1)), // 100 points on one site: must not top the table
            Township(2, "多个", (ScoreComponent.OnTimeCompletion, 2, 4)),
            Township(3, "空的"),
        ], TwoParts);
        var one = scores.Single(s => s.Name == "一个");
        Assert.Equal((100.0, false, (int?)null, (string?)null), (one.Score!.Value, one.Ranked, one.Rank, one.List));
        Assert.Equal((1, 1), (scores.Single(s => s.Name == "多个").Rank!.Value, scores.Count(s => s.Ranked)));
        var empty = scores.Single(s => s.Name == "空的");
        Assert.Equal(((double?)null, 0, false), (empty.Score, empty.Sample, empty.Ranked));
        Assert.Equal("多个", scores[0].Name); // ranked first, then the others in the district's order
    }

    [Fact]
    public void A_month_with_no_data_ranks_nobody()
    {
        var scores = TownshipScoring.Score([Township(1, "甲"), Township(2, "乙")], AssessmentFormula.Default);
        Assert.All(scores, s => Assert.Equal(((double?)null, (int?)null, (string?)null), (s.Score, s.Rank, s.List)));
        Assert.Empty(TownshipScoring.Score([], AssessmentFormula.Default));
    }

    [Fact]
    public void Ties_share_a_rank_and_a_list_and_no_township_is_on_both_lists()
    {
        var formula = new AssessmentFormula { Weights = new() { [ScoreComponent.OnTimeCompletion] = 100 }, MinimumItems = 1, ListSize = 1 };
        var scores = TownshipScoring.Score([
            Township(1, "甲", (ScoreComponent.OnTimeCompletion, 3, 4)),
            Township(2, "乙", (ScoreComponent.OnTimeCompletion, 3, 4)),
            Township(3, "丙", (ScoreComponent.OnTimeCompletion, 1, 4)),
            Township(4, "丁", (ScoreComponent.OnTimeCompletion, 2, 4)),
        ], formula);
        Assert.Equal([("甲", 1), ("乙", 1), ("丁", 3), ("丙", 4)], scores.Select(s => (s.Name, s.Rank!.Value)));
        Assert.Equal(["甲", "乙"], scores.Where(s => s.List == TownshipScore.Red).Select(s => s.Name));
        Assert.Equal(["丙"], scores.Where(s => s.List == TownshipScore.Black).Select(s => s.Name));

        // Two townships and lists of three: each is on one list only.
        var two = TownshipScoring.Score([Township(1, "甲", (ScoreComponent.OnTimeCompletion, 3, 4)), Township(2, "乙", (ScoreComponent.OnTimeCompletion, 1, 4))],
            new AssessmentFormula { Weights = formula.Weights, MinimumItems = 1, ListSize = 3 });
        Assert.All(two, s => Assert.Equal(TownshipScore.Red, s.List));
    }

    [Theory]
    [InlineData("onTimeCompletion=60,handled=30", "Planner:Assessment:Weights", "100")]
    [InlineData("onTimeCompletion=60,handled=40,bribes=0", "Planner:Assessment:Weights:bribes", "未知")]
    [InlineData("onTimeCompletion=110,handled=-10", "Planner:Assessment:Weights:handled", "大于 0")]
    public void A_formula_that_cannot_score_is_refused_naming_the_setting(string weights, string where, string what)
    {
        var formula = new AssessmentFormula { Weights = weights.Split(',').Select(w => w.Split('=')).ToDictionary(w => w[0], w => double.Parse(w[1], System.Globalization.CultureInfo.InvariantCulture)) };
        var e = Assert.Throws<ValidationFailedException>(() => formula.Validate());
        Assert.Contains(e.Problems, p => p.Where == where && p.What.Contains(what, StringComparison.Ordinal));
        Assert.Same(AssessmentFormula.Default, AssessmentFormula.Default.Validate());
        Assert.Equal("得分 = 20×按期完工率 + 10×进度达标率 + 10×(1 − 逾期率) + 15×处置率 + 15×按期处置率 + 10×(1 − 返工率) + 10×(1 − 超期待处置率) + 10×督办按期答复率", AssessmentFormula.Default.InSymbols());
    }

    static readonly DateOnly November = new(2026, 11, 1);
    static readonly DateOnly EndOfNovember = new(2026, 11, 30);

    [Fact]
    public void Sites_count_on_the_year_to_date_by_their_planned_end_and_on_plan_by_the_time_elapsed()
    {
        SiteFact Site(long id, SiteStatus status, int progress, string start, string end, string? actualEnd = null) =>
            new(id, $"s{id}", 1, status, progress, DateOnly.Parse(start), DateOnly.Parse(end), actualEnd is null ? null : DateOnly.Parse(actualEnd));
        var sites = new[]
        {
            Site(1, SiteStatus.Completed, 100, "2026-03-01", "2026-09-30", "2026-09-20"), // due, finished on time
            Site(2, SiteStatus.Accepted, 100, "2026-03-01", "2026-10-31", "2026-11-10"),  // due, finished late
            Site(3, SiteStatus.Construction, 70, "2026-03-01", "2026-11-15"),              // due, overdue
            Site(4, SiteStatus.Construction, 50, "2026-09-01", "2026-12-31"),              // running: 91 of 121 days → 75 %, 50 < 65: behind
            Site(5, SiteStatus.Construction, 70, "2026-09-01", "2026-12-31"),              // running, on plan within 10 points
            Site(6, SiteStatus.Completed, 100, "2025-03-01", "2025-09-30", "2025-09-01"), // last year's: not counted
        };
        var t = MonthCounts.Count(November, EndOfNovember, [(1, "410101", "甲")], sites, [], AssessmentFormula.Default).Single();
        ComponentCount C(string code) => t.Counts.Single(c => c.Code == code);
        Assert.Equal((1, 3), (C(ScoreComponent.OnTimeCompletion).Numerator, C(ScoreComponent.OnTimeCompletion).Denominator));
        Assert.Equal((2, 3), (C(ScoreComponent.NotOverdue).Numerator, C(ScoreComponent.NotOverdue).Denominator));
        Assert.Equal([5L], C(ScoreComponent.OnPlan).Items.Where(i => i.Met).Select(i => i.Id));
        Assert.Equal(2, C(ScoreComponent.OnPlan).Denominator);
        Assert.Equal(5, t.Sample);
    }

    [Fact]
    public void Cases_count_by_their_dispatch_in_the_month_their_handling_its_lateness_and_rework()
    {
        CaseFact Case(long id, string deadline, params (string Action, string On, bool Late)[] steps) =>
            new(id, $"#{id}", 1, DateOnly.Parse(deadline), steps.Select(s => new CaseStepFact(s.Action, DateOnly.Parse(s.On), s.Late)).ToList());
        var cases = new[]
        {
            Case(1, "2026-11-05", ("dispatch", "2026-11-03", false), ("handle", "2026-11-04", false)),                                     // on time
            Case(2, "2026-11-10", ("dispatch", "2026-11-08", false), ("handle", "2026-11-12", true)),                                      // late
            Case(3, "2026-11-20", ("dispatch", "2026-11-18", false)),                                                                      // open, overdue at the month's end
            Case(4, "2026-11-25", ("dispatch", "2026-11-20", false), ("handle", "2026-11-21", false), ("fail", "2026-11-22", false), ("handle", "2026-11-23", false)), // rework
            Case(5, "2026-10-05", ("dispatch", "2026-10-01", false), ("handle", "2026-11-02", true)),                                      // October's dispatch, handled in November
            Case(6, "2026-12-05", ("dispatch", "2026-12-01", false)),                                                                      // December's
        };
        var t = MonthCounts.Count(November, EndOfNovember, [(1, "410101", "甲")], [], cases, AssessmentFormula.Default).Single();
        (int, int) C(string code) { var c = t.Counts.Single(c => c.Code == code); return (c.Numerator, c.Denominator); }
        Assert.Equal((3, 4), C(ScoreComponent.Handled));
        Assert.Equal((2, 4), C(ScoreComponent.HandledOnTime));
        Assert.Equal((3, 4), C(ScoreComponent.NoRework));       // handled in November: 1, 2, 4, 5; 4 was sent back
        Assert.Equal((3, 4), C(ScoreComponent.NoOverdueOpen)); // 3 is open past its deadline
    }
}
