namespace RLArena.Sweeps.Planning;

/// <summary>A configuration's standing at one budget: its mean score over the seeds that finished there.</summary>
/// <param name="ConfigurationId">The configuration.</param>
/// <param name="Budget">The step budget the scores were taken at.</param>
/// <param name="MeanScore">The mean of its seeds' scores.</param>
/// <param name="Seeds">How many seeds have a score at this budget.</param>
public sealed record ConfigurationScore(string ConfigurationId, long Budget, double MeanScore, int Seeds);

/// <summary>
/// Ranks configurations by their mean score over seeds at one budget (best first, by the sweep's direction; ties
/// keep planning order) and picks the ones successive halving promotes.
/// </summary>
public static class SweepRanking
{
    /// <summary>The configurations among <paramref name="candidates"/> with at least one score at <paramref name="budget"/>, best first.</summary>
    /// <param name="plan">The plan (direction, trials).</param>
    /// <param name="statuses">Every trial's status, by task number.</param>
    /// <param name="budget">The budget to compare at.</param>
    /// <param name="candidates">The configuration ids to rank; all when null.</param>
    public static IReadOnlyList<ConfigurationScore> Rank(SweepPlan plan, IReadOnlyList<TrialStatus> statuses, long budget, IEnumerable<string>? candidates = null)
    {
        var order = plan.Configurations.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var scored = new List<ConfigurationScore>();
        foreach (var id in candidates ?? plan.Configurations.Select(c => c.Id))
        {
            var scores = plan.TrialsOf(id).Select(t => statuses[t.Index].ScoreAt(budget)).Where(s => s is not null).Select(s => s!.Score).ToList();
            if (scores.Count > 0) scored.Add(new ConfigurationScore(id, budget, scores.Average(), scores.Count));
        }
        var sign = plan.Maximize ? -1.0 : 1.0;
        return scored.OrderBy(s => sign * s.MeanScore).ThenBy(s => order[s.ConfigurationId]).ToList();
    }

    /// <summary>
    /// The configurations promoted from a rung of <paramref name="contenders"/> configurations: the best
    /// ⌊n/η⌋ (at least one) of those with a score; a configuration whose every seed failed is never promoted.
    /// </summary>
    /// <param name="plan">The plan (η, direction).</param>
    /// <param name="statuses">Every trial's status, by task number.</param>
    /// <param name="budget">The budget of the rung just finished.</param>
    /// <param name="contenders">The configurations that ran in that rung.</param>
    public static IReadOnlyList<string> Promote(SweepPlan plan, IReadOnlyList<TrialStatus> statuses, long budget, IReadOnlyList<string> contenders)
    {
        var eta = plan.Halving?.Eta ?? throw new InvalidOperationException("this sweep has no successive halving.");
        var keep = Math.Max(1, contenders.Count / eta);
        return Rank(plan, statuses, budget, contenders).Take(keep).Select(s => s.ConfigurationId).ToList();
    }

    /// <summary>
    /// The best configuration so far: ranked at the largest budget any trial has a score at (a configuration that
    /// got further in successive halving beats one that stopped earlier); null before any trial is done.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="statuses">Every trial's status, by task number.</param>
    public static ConfigurationScore? Best(SweepPlan plan, IReadOnlyList<TrialStatus> statuses)
    {
        var budgets = statuses.SelectMany(s => s.Scores).Select(s => s.Budget).Distinct().OrderDescending();
        foreach (var budget in budgets)
        {
            var ranked = Rank(plan, statuses, budget);
            if (ranked.Count > 0) return ranked[0];
        }
        return null;
    }
}
