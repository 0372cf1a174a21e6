namespace RLArena.Core.Statistics;

/// <summary>One point of a performance profile: the share of runs that beat a threshold, with its interval.</summary>
/// <param name="Threshold">The threshold tau.</param>
/// <param name="Fraction">The share of runs (of all tasks) that beat tau, in [0, 1].</param>
/// <param name="Lower">The lower end of its confidence interval.</param>
/// <param name="Upper">The upper end of its confidence interval.</param>
public readonly record struct ProfilePoint(double Threshold, double Fraction, double Lower, double Upper);

/// <summary>
/// Performance profiles as rliable draws them (the "score distribution"): for each threshold tau, the fraction of
/// all runs whose score is above tau (below it when lower scores are better), with stratified-bootstrap bands.
/// </summary>
public static class PerformanceProfile
{
    /// <summary>The fraction of runs strictly better than tau.</summary>
    /// <param name="scores">The runs × tasks scores.</param>
    /// <param name="tau">The threshold.</param>
    /// <param name="higherIsBetter">True when a run beats tau by scoring above it; false when by scoring below it.</param>
    public static double FractionAbove(ScoreMatrix scores, double tau, bool higherIsBetter = true)
    {
        var all = scores.Flatten();
        var count = 0;
        foreach (var s in all)
            if (higherIsBetter ? s > tau : s < tau) count++;
        return count / (double)all.Length;
    }

    /// <summary>The profile at each threshold, with percentile intervals from <paramref name="bootstrap"/>.</summary>
    /// <param name="scores">The runs × tasks scores.</param>
    /// <param name="thresholds">The values of tau, e.g. from <see cref="Thresholds"/>.</param>
    /// <param name="bootstrap">The resampling (rliable uses <see cref="StratifiedBootstrap.DefaultProfileRepetitions"/> resamples here).</param>
    /// <param name="higherIsBetter">True when a run beats tau by scoring above it.</param>
    public static ProfilePoint[] Compute(ScoreMatrix scores, IReadOnlyList<double> thresholds,
        StratifiedBootstrap bootstrap, bool higherIsBetter = true)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(bootstrap);
        var taus = thresholds.ToArray();
        var estimates = bootstrap.Estimate(scores, m =>
        {
            var values = new double[taus.Length];
            for (var i = 0; i < taus.Length; i++) values[i] = FractionAbove(m, taus[i], higherIsBetter);
            return values;
        });
        var points = new ProfilePoint[taus.Length];
        for (var i = 0; i < taus.Length; i++)
            points[i] = new ProfilePoint(taus[i], estimates[i].Value, estimates[i].Lower, estimates[i].Upper);
        return points;
    }

    /// <summary>Evenly spaced thresholds from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    /// <param name="from">The first threshold.</param>
    /// <param name="to">The last threshold (may equal <paramref name="from"/>: then one threshold).</param>
    /// <param name="count">How many, at least 2 unless from equals to.</param>
    public static double[] Thresholds(double from, double to, int count)
    {
        if (!double.IsFinite(from) || !double.IsFinite(to)) throw new ArgumentOutOfRangeException(nameof(from), "thresholds must be finite");
        if (from == to) return [from];
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "at least 2 thresholds");
        var taus = new double[count];
        for (var i = 0; i < count; i++) taus[i] = from + (to - from) * i / (count - 1);
        return taus;
    }
}
