namespace Planner.Assessment;

/// <summary>
/// Scores a month's townships by a formula: each township's score is Σ weight × rate over the components that applied,
/// scaled to 100 (a component with nothing to count neither helps nor hurts); rounded to 0.01 before ranking, so ties
/// are ties as shown. Townships with fewer items than the formula's minimum are shown with "样本不足" and not ranked.
/// Ranks are shared by ties (1, 1, 3); the red list is the top <see cref="AssessmentFormula.ListSize"/> places, the
/// black list the bottom ones, never the same township on both.
/// </summary>
public static class TownshipScoring
{
    public static IReadOnlyList<TownshipScore> Score(IReadOnlyList<TownshipInputs> townships, AssessmentFormula formula)
    {
        formula.Validate();
        var scored = townships.Select(t => ScoreOne(t, formula)).ToList();
        var ranked = scored.Where(s => s.Ranked).ToList();
        var rankOf = new Dictionary<int, int>();
        var fromBottom = new Dictionary<int, int>();
        foreach (var s in ranked)
        {
            rankOf[s.TownshipId] = 1 + ranked.Count(o => o.Score > s.Score);
            fromBottom[s.TownshipId] = 1 + ranked.Count(o => o.Score < s.Score);
        }
        return scored
            .Select(s =>
            {
                if (!s.Ranked) return s;
                var rank = rankOf[s.TownshipId];
                var list = rank <= formula.ListSize ? TownshipScore.Red
                    : fromBottom[s.TownshipId] <= formula.ListSize ? TownshipScore.Black
                    : null;
                return s with { Rank = rank, List = list };
            })
            .OrderBy(s => s.Rank ?? int.MaxValue).ThenBy(s => s.Order).ThenBy(s => s.Code, StringComparer.Ordinal)
            .ToList();
    }

    static TownshipScore ScoreOne(TownshipInputs township, AssessmentFormula formula)
    {
        var components = new List<ComponentScore>();
        double weights = 0, points = 0;
        foreach (var definition in ScoreComponent.All)
        {
            if (!formula.Weights.TryGetValue(definition.Code, out var weight)) continue;
            var count = township.Counts.FirstOrDefault(c => c.Code == definition.Code) ?? new ComponentCount(definition.Code, []);
            double? got = count.Rate is { } rate ? weight * rate : null;
            if (got is { } g)
            {
                weights += weight;
                points += g;
            }
            components.Add(new ComponentScore(definition.Code, definition.Name, count.Numerator, count.Denominator, count.Rate, weight, got is { } p ? Math.Round(p, 2) : null));
        }
        double? score = weights > 0 ? Math.Round(points / weights * 100, 2, MidpointRounding.AwayFromZero) : null;
        var sample = township.Sample;
        return new TownshipScore(township.TownshipId, township.Code, township.Name, township.Order, sample, sample >= formula.MinimumItems && score is not null,
            score, null, null, components);
    }
}
