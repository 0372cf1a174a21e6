using RLArena.Core.Errors;
using RLArena.Core.Statistics;
using RLArena.Sweeps.Planning;

namespace RLArena.Sweeps.Reporting;

/// <summary>One configuration's statistics over its seeds.</summary>
/// <param name="ConfigurationId">The configuration's id in the plan.</param>
/// <param name="Settings">The config keys the sweep set for it.</param>
/// <param name="Rank">1 for the best (by IQM, then mean, then planning order: <see cref="SweepRanking"/>); 0 when it has no finished trial.</param>
/// <param name="Trials">Its trials, in seed order.</param>
/// <param name="Scores">The scores of its finished trials, in seed order.</param>
/// <param name="Mean">The mean over seeds with its confidence interval; null without a finished trial.</param>
/// <param name="Median">The median over seeds with its interval.</param>
/// <param name="Iqm">The interquartile mean over seeds with its interval.</param>
/// <param name="OptimalityGap">rliable's optimality gap to the target score with its interval; null without a target.</param>
/// <param name="MeanSteps">The mean steps of its finished trials (0 without one).</param>
/// <param name="MeanWallSeconds">The mean wall time of its finished trials in seconds (0 without one).</param>
/// <param name="TotalWallSeconds">The wall time of all its trials together, in seconds.</param>
public sealed record ConfigurationSummary(string ConfigurationId, IReadOnlyDictionary<string, string> Settings, int Rank,
    IReadOnlyList<TrialOutcome> Trials, IReadOnlyList<double> Scores, IntervalEstimate? Mean, IntervalEstimate? Median,
    IntervalEstimate? Iqm, IntervalEstimate? OptimalityGap, double MeanSteps, double MeanWallSeconds, double TotalWallSeconds)
{
    /// <summary>How many of its trials finished with a score.</summary>
    public int Finished => Scores.Count;

    /// <summary>How many of its trials failed or were cancelled.</summary>
    public int Failed => Trials.Count(t => t.Status is "failed" or "cancelled");

    /// <summary>How many of its trials successive halving stopped at an earlier rung (status "stopped").</summary>
    public int Stopped => Trials.Count(t => t.Status == "stopped");

    /// <summary>The settings as "key=value, key=value" in key order.</summary>
    public string SettingsText => string.Join(", ", Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}

/// <summary>Groups a sweep's trials by configuration and computes rliable's estimators over seeds for each.</summary>
public static class ConfigurationStatistics
{
    /// <summary>The configurations, best first (unfinished ones last, in plan order).</summary>
    /// <param name="input">The sweep and its trials.</param>
    public static IReadOnlyList<ConfigurationSummary> Compute(SweepReportInput input)
    {
        Validate(input);
        var bootstrap = new StratifiedBootstrap(input.BootstrapRepetitions, input.Confidence, input.BootstrapSeed);
        var unranked = new List<ConfigurationSummary>();
        foreach (var group in input.Trials.GroupBy(t => t.ConfigurationId, StringComparer.Ordinal))
        {
            // A trial listed more than once (one entry per successive-halving rung) counts once, with its longest run.
            var trials = group.GroupBy(t => t.Seed).Select(s => s.OrderByDescending(t => t.Steps).First())
                .OrderBy(t => t.Seed).ToList();
            var finished = trials.Where(t => t.IsScored).ToList();
            var scores = finished.Select(t => t.Score!.Value).ToList();
            IntervalEstimate? mean = null, median = null, iqm = null, gap = null;
            if (scores.Count > 0)
            {
                var matrix = ScoreMatrix.FromRuns(scores);
                // One bootstrap, three statistics: the intervals come from the same resamples.
                var estimates = bootstrap.Estimate(matrix, m =>
                    [Aggregates.Mean(m), Aggregates.RunMedian(m), Aggregates.InterquartileMean(m)]);
                (mean, median, iqm) = (estimates[0], estimates[1], estimates[2]);
                if (input.TargetScore is { } target && input.HigherIsBetter)
                    gap = bootstrap.Estimate(matrix, m => Aggregates.OptimalityGap(m, target));
            }
            unranked.Add(new ConfigurationSummary(group.Key, trials[0].Settings, 0, trials, scores, mean, median, iqm, gap,
                finished.Count > 0 ? finished.Average(t => (double)t.Steps) : 0,
                finished.Count > 0 ? finished.Average(t => t.WallSeconds) : 0,
                trials.Sum(t => t.WallSeconds)));
        }

        // The sweep's one ranking (sweep status and successive halving use it too); the input lists trials in planning order.
        // The bootstrap's point estimates are the statistics of the scores themselves, i.e. SweepRanking.Standing's values.
        var ranked = SweepRanking.BestFirst(unranked.Where(c => c.Iqm is not null), c => (c.Iqm!.Value.Value, c.Mean!.Value.Value), input.HigherIsBetter)
            .Select((c, i) => c with { Rank = i + 1 });
        return ranked.Concat(unranked.Where(c => c.Iqm is null)).ToList();
    }

    /// <summary>
    /// rliable's probability of improvement in the metric's direction: the chance that a seed of <paramref name="x"/>
    /// scores better than a seed of <paramref name="y"/>, ties counting one half (0.5: no difference).
    /// </summary>
    /// <param name="input">The sweep (for the metric's direction).</param>
    /// <param name="x">A configuration with at least one finished trial.</param>
    /// <param name="y">Another configuration with at least one finished trial.</param>
    public static double ProbabilityOfImprovement(SweepReportInput input, ConfigurationSummary x, ConfigurationSummary y)
    {
        ArgumentNullException.ThrowIfNull(input);
        var sign = input.HigherIsBetter ? 1.0 : -1.0;
        return Aggregates.ProbabilityOfImprovement(ScoreMatrix.FromRuns(x.Scores.Select(s => sign * s).ToArray()),
            ScoreMatrix.FromRuns(y.Scores.Select(s => sign * s).ToArray()));
    }

    private static void Validate(SweepReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Direction is not ("max" or "min"))
            throw new UsageException($"The metric direction must be \"max\" or \"min\", not \"{input.Direction}\".");
        if (input.Trials.Count == 0)
            throw new UserFacingException($"Sweep {input.SweepName} has no trials to report: plan it with rlarena sweep start.");
        if (!input.Trials.Any(t => t.IsScored))
            throw new UserFacingException(
                $"No trial of sweep {input.SweepName} has finished with a score yet: see rlarena sweep status, then report again.");
        if (input.BootstrapRepetitions < StratifiedBootstrap.MinRepetitions || input.BootstrapRepetitions > StratifiedBootstrap.MaxRepetitions
            || input.BandRepetitions < StratifiedBootstrap.MinRepetitions || input.BandRepetitions > StratifiedBootstrap.MaxRepetitions)
            throw new UsageException(
                $"Bootstrap repetitions must be between {StratifiedBootstrap.MinRepetitions} and {StratifiedBootstrap.MaxRepetitions}.");
        if (!(input.Confidence > 0 && input.Confidence < 1))
            throw new UsageException($"The confidence level must be between 0 and 1 (e.g. 0.95), not {input.Confidence}.");
    }
}
