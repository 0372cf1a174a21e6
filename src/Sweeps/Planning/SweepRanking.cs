using RLArena.Core.Statistics;

namespace RLArena.Sweeps.Planning;

/// <summary>A configuration's standing at one budget: the interquartile mean and the mean over the seeds that finished there.</summary>
/// <param name="ConfigurationId">The configuration.</param>
/// <param name="Budget">The step budget the scores were taken at.</param>
/// <param name="Iqm">The interquartile mean of its seeds' scores (what it is ranked by).</param>
/// <param name="MeanScore">The mean of its seeds' scores (the tie-break).</param>
/// <param name="Seeds">How many seeds have a score at this budget.</param>
public sealed record ConfigurationScore(string ConfigurationId, long Budget, double Iqm, double MeanScore, int Seeds);

/// <summary>
/// The one ranking of a sweep's configurations, used by <c>sweep status</c> (the best so far), successive halving
/// (who is promoted) and <c>sweep report</c>: by the interquartile mean over seeds in the sweep's direction, then by
/// the mean, then in planning order. Only finite scores count.
/// </summary>
public static class SweepRanking
{
    /// <summary>The name of the statistic configurations are ranked by, as the status line and the report show it.</summary>
    public const string StatisticName = "IQM";

    /// <summary>
    /// The ranking key of one configuration: the interquartile mean and the mean of its seeds' scores, computed exactly
    /// as the report's point estimates are (give the scores in seed order, as the report does).
    /// </summary>
    /// <param name="scores">Its finite scores, at least one, in seed order.</param>
    public static (double Iqm, double Mean) Standing(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0) throw new ArgumentException("a configuration needs at least one score to be ranked.", nameof(scores));
        var matrix = ScoreMatrix.FromRuns(scores);
        return (Aggregates.InterquartileMean(matrix), Aggregates.Mean(matrix));
    }

    /// <summary>
    /// <paramref name="items"/> best first: by IQM, then mean, in the metric's direction; items that tie on both keep
    /// the order they came in (give them in planning order).
    /// </summary>
    /// <typeparam name="T">Whatever describes a configuration.</typeparam>
    /// <param name="items">The configurations, in planning order.</param>
    /// <param name="standing">Each one's (IQM, mean), from <see cref="Standing"/>.</param>
    /// <param name="maximize">True when higher scores are better.</param>
    public static IReadOnlyList<T> BestFirst<T>(IEnumerable<T> items, Func<T, (double Iqm, double Mean)> standing, bool maximize)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(standing);
        var sign = maximize ? -1.0 : 1.0;
        // OrderBy is stable, so equal keys keep the order of items.
        return items.Select(item => (item, key: standing(item)))
            .OrderBy(x => sign * x.key.Iqm).ThenBy(x => sign * x.key.Mean)
            .Select(x => x.item).ToList();
    }

    /// <summary>The configurations among <paramref name="candidates"/> with at least one finite score at <paramref name="budget"/>, best first.</summary>
    /// <param name="plan">The plan (direction, trials).</param>
    /// <param name="statuses">Every trial's status, by task number.</param>
    /// <param name="budget">The budget to compare at.</param>
    /// <param name="candidates">The configuration ids to rank; all when null.</param>
    public static IReadOnlyList<ConfigurationScore> Rank(SweepPlan plan, IReadOnlyList<TrialStatus> statuses, long budget, IEnumerable<string>? candidates = null)
    {
        var wanted = (candidates ?? plan.Configurations.Select(c => c.Id)).ToHashSet(StringComparer.Ordinal);
        var scored = new List<ConfigurationScore>();
        foreach (var configuration in plan.Configurations.Where(c => wanted.Contains(c.Id)))
        {
            var scores = plan.TrialsOf(configuration.Id).OrderBy(t => t.Seed)
                .Select(t => statuses[t.Index].ScoreAt(budget)?.Score).OfType<double>().Where(double.IsFinite).ToList();
            if (scores.Count == 0) continue;
            var (iqm, mean) = Standing(scores);
            scored.Add(new ConfigurationScore(configuration.Id, budget, iqm, mean, scores.Count));
        }
        return BestFirst(scored, s => (s.Iqm, s.MeanScore), plan.Maximize);
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
    /// got further in successive halving beats one that stopped earlier); null before any trial is done. Once every
    /// trial is done this is the report's best configuration.
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
