namespace RLArena.Core.Statistics;

/// <summary>
/// The aggregate estimators of rliable (Agarwal et al. 2021, "Deep RL at the Edge of the Statistical Precipice"),
/// computed on a runs × tasks <see cref="ScoreMatrix"/>.
/// </summary>
public static class Aggregates
{
    /// <summary>The mean over tasks of each task's mean over runs (rliable's aggregate_mean).</summary>
    /// <param name="scores">The runs × tasks scores.</param>
    public static double Mean(ScoreMatrix scores) => Mean(TaskMeans(scores));

    /// <summary>
    /// The median over tasks of each task's mean over runs (rliable's aggregate_median). With one task this is
    /// that task's mean; <see cref="RunMedian"/> is the median of the runs themselves.
    /// </summary>
    /// <param name="scores">The runs × tasks scores.</param>
    public static double Median(ScoreMatrix scores) => Quantiles.Median(TaskMeans(scores));

    /// <summary>The median of every score (all runs of all tasks together): for one task, the median over seeds.</summary>
    /// <param name="scores">The runs × tasks scores.</param>
    public static double RunMedian(ScoreMatrix scores) => Quantiles.Median(scores.Flatten());

    /// <summary>
    /// The interquartile mean (rliable's aggregate_iqm, scipy's trim_mean with 25%): all scores sorted, then
    /// floor(n/4) dropped from each end, the rest averaged. For 4 scores that keeps the middle 2, for 5 the middle 3.
    /// </summary>
    /// <param name="scores">The runs × tasks scores.</param>
    public static double InterquartileMean(ScoreMatrix scores) => TrimmedMean(scores.Flatten(), 0.25);

    /// <summary>
    /// The optimality gap (rliable's aggregate_optimality_gap): how far the scores fall short of a target on
    /// average, with scores above the target counted as the target: gamma − mean(min(score, gamma)). Lower is better.
    /// </summary>
    /// <param name="scores">The runs × tasks scores.</param>
    /// <param name="gamma">The target score (1 for normalised scores; e.g. 500 for CartPole-v1 returns).</param>
    public static double OptimalityGap(ScoreMatrix scores, double gamma)
    {
        if (!double.IsFinite(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), "must be a finite number");
        var all = scores.Flatten();
        var sum = 0.0;
        foreach (var s in all) sum += Math.Min(s, gamma);
        return gamma - sum / all.Length;
    }

    /// <summary>
    /// The probability that a run of X scores higher than a run of Y on the same task, ties counting one half
    /// (the Mann-Whitney U statistic over n_x·n_y), averaged over tasks (rliable's probability_of_improvement).
    /// </summary>
    /// <param name="x">X's runs × tasks scores.</param>
    /// <param name="y">Y's runs × tasks scores, with as many tasks as X.</param>
    public static double ProbabilityOfImprovement(ScoreMatrix x, ScoreMatrix y)
    {
        if (x.Tasks != y.Tasks)
            throw new ArgumentException($"Both score matrices need the same tasks ({x.Tasks} and {y.Tasks} given).", nameof(y));
        var total = 0.0;
        for (var t = 0; t < x.Tasks; t++)
        {
            var wins = 0.0;
            for (var i = 0; i < x.Runs; i++)
                for (var j = 0; j < y.Runs; j++)
                    wins += x[i, t] > y[j, t] ? 1.0 : x[i, t] == y[j, t] ? 0.5 : 0.0;
            total += wins / (x.Runs * (double)y.Runs);
        }
        return total / x.Tasks;
    }

    /// <summary>The mean of the values left after sorting and dropping floor(proportion·n) from each end (scipy's trim_mean).</summary>
    /// <param name="values">At least one value.</param>
    /// <param name="proportionToCut">The share cut from each end, in [0, 0.5).</param>
    public static double TrimmedMean(IReadOnlyList<double> values, double proportionToCut)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("The trimmed mean of no values is undefined.", nameof(values));
        if (!(proportionToCut >= 0 && proportionToCut < 0.5))
            throw new ArgumentOutOfRangeException(nameof(proportionToCut), "must be in [0, 0.5)");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var cut = (int)(proportionToCut * sorted.Length);
        var sum = 0.0;
        for (var i = cut; i < sorted.Length - cut; i++) sum += sorted[i];
        return sum / (sorted.Length - 2 * cut);
    }

    private static double[] TaskMeans(ScoreMatrix scores)
    {
        var means = new double[scores.Tasks];
        for (var t = 0; t < scores.Tasks; t++) means[t] = Mean(scores.Column(t));
        return means;
    }

    private static double Mean(IReadOnlyList<double> values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum / values.Count;
    }
}
