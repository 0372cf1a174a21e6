using RLArena.Core.Reproducibility;

namespace RLArena.Core.Statistics;

/// <summary>A point estimate with its confidence interval.</summary>
/// <param name="Value">The statistic computed on the scores as they are.</param>
/// <param name="Lower">The lower end of the confidence interval.</param>
/// <param name="Upper">The upper end of the confidence interval.</param>
public readonly record struct IntervalEstimate(double Value, double Lower, double Upper);

/// <summary>
/// Percentile confidence intervals by the stratified bootstrap that rliable uses: each resample draws, for every
/// task separately, as many runs as there are with replacement from that task's runs (the tasks stay fixed), so
/// the interval says how much the statistic would move with other seeds on the same tasks. Seeded: the same
/// scores, statistic, repetitions and seed always give the same interval.
/// </summary>
public sealed class StratifiedBootstrap
{
    /// <summary>rliable's default number of resamples for interval estimates (get_interval_estimates).</summary>
    public const int DefaultRepetitions = 50_000;

    /// <summary>rliable's default number of resamples for performance profiles (create_performance_profile).</summary>
    public const int DefaultProfileRepetitions = 2_000;

    /// <summary>The smallest and largest number of resamples accepted.</summary>
    public const int MinRepetitions = 100, MaxRepetitions = 1_000_000;

    /// <summary>Sets up the bootstrap.</summary>
    /// <param name="repetitions">How many resamples, in [<see cref="MinRepetitions"/>, <see cref="MaxRepetitions"/>].</param>
    /// <param name="confidence">The interval's coverage, in (0, 1); 0.95 for 95%.</param>
    /// <param name="seed">The seed of the resampling.</param>
    public StratifiedBootstrap(int repetitions = DefaultRepetitions, double confidence = 0.95, long seed = 0)
    {
        if (repetitions < MinRepetitions || repetitions > MaxRepetitions)
            throw new ArgumentOutOfRangeException(nameof(repetitions), repetitions,
                $"The bootstrap needs between {MinRepetitions} and {MaxRepetitions} repetitions.");
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level must be in (0, 1), e.g. 0.95.");
        Repetitions = repetitions;
        Confidence = confidence;
        Seed = seed;
    }

    /// <summary>How many resamples each interval uses.</summary>
    public int Repetitions { get; }

    /// <summary>The intervals' coverage, e.g. 0.95.</summary>
    public double Confidence { get; }

    /// <summary>The seed of the resampling.</summary>
    public long Seed { get; }

    /// <summary>The statistic on the scores and its percentile confidence interval.</summary>
    /// <param name="scores">The runs × tasks scores.</param>
    /// <param name="statistic">The aggregate, e.g. <see cref="Aggregates.InterquartileMean"/>.</param>
    public IntervalEstimate Estimate(ScoreMatrix scores, Func<ScoreMatrix, double> statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return Estimate(scores, m => [statistic(m)])[0];
    }

    /// <summary>
    /// A statistic with several values (a performance profile at several thresholds), each with its own percentile
    /// interval from the same resamples.
    /// </summary>
    /// <param name="scores">The runs × tasks scores.</param>
    /// <param name="statistic">Returns the same number of values for every matrix.</param>
    public IntervalEstimate[] Estimate(ScoreMatrix scores, Func<ScoreMatrix, double[]> statistic)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(statistic);
        var point = statistic(scores);
        var width = point.Length;
        var samples = new double[width][];
        for (var k = 0; k < width; k++) samples[k] = new double[Repetitions];

        var rng = new Rng(Seed);
        var runs = scores.Runs;
        var tasks = scores.Tasks;
        var resample = new double[runs, tasks];  // reused: the statistic only reads it during its call
        var view = ScoreMatrix.Wrap(resample);
        for (var rep = 0; rep < Repetitions; rep++)
        {
            for (var t = 0; t < tasks; t++)
                for (var r = 0; r < runs; r++)
                    resample[r, t] = scores[rng.NextInt(runs), t];
            var values = statistic(view);
            if (values.Length != width)
                throw new InvalidOperationException($"The statistic returned {values.Length} values for a resample and {width} for the scores.");
            for (var k = 0; k < width; k++) samples[k][rep] = values[k];
        }

        var tail = (1 - Confidence) / 2 * 100;
        var result = new IntervalEstimate[width];
        for (var k = 0; k < width; k++)
        {
            Array.Sort(samples[k]);
            result[k] = new IntervalEstimate(point[k],
                Quantiles.PercentileOfSorted(samples[k], tail), Quantiles.PercentileOfSorted(samples[k], 100 - tail));
        }
        return result;
    }
}
