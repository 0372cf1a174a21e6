namespace RLArena.Core.Statistics;

/// <summary>One point of a learning curve aggregated over runs: the mean and its confidence band.</summary>
/// <param name="X">The step (or any x value).</param>
/// <param name="Mean">The mean over runs at X.</param>
/// <param name="Lower">The lower end of the band.</param>
/// <param name="Upper">The upper end of the band.</param>
/// <param name="Runs">How many runs reach X.</param>
public readonly record struct BandPoint(double X, double Mean, double Lower, double Upper, int Runs);

/// <summary>
/// Learning curves of several runs (seeds) summarised as a mean with a bootstrap band at each step, as rliable's
/// sample-efficiency curves do. The runs may log at different steps: each is interpolated linearly onto a common
/// grid, and a step is kept only while every run has reached it.
/// </summary>
public static class CurveBands
{
    /// <summary>The mean curve with percentile bands of the mean over runs.</summary>
    /// <param name="runs">Each run's curve as (x, y) points in increasing x; runs with no points are ignored.</param>
    /// <param name="bootstrap">The resampling for the bands.</param>
    /// <param name="maxPoints">At most this many grid points (at least 2).</param>
    public static BandPoint[] Compute(IReadOnlyList<IReadOnlyList<(double X, double Y)>> runs,
        StratifiedBootstrap bootstrap, int maxPoints = 100)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(bootstrap);
        if (maxPoints < 2) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "at least 2 points");
        var curves = runs.Where(r => r.Count > 0).Select(r => r.OrderBy(p => p.X).ToArray()).ToArray();
        if (curves.Length == 0) return [];
        var start = curves.Max(c => c[0].X);
        var end = curves.Min(c => c[^1].X);
        if (end < start) return [];

        // The grid: the first curve's own steps inside the common range, thinned to maxPoints.
        var grid = curves[0].Select(p => p.X).Where(x => x >= start && x <= end).Distinct().ToList();
        if (grid.Count == 0) grid.Add(start);
        if (grid.Count > maxPoints)
            grid = Enumerable.Range(0, maxPoints).Select(i => grid[(int)Math.Round(i * (grid.Count - 1) / (double)(maxPoints - 1))]).Distinct().ToList();

        var result = new BandPoint[grid.Count];
        for (var g = 0; g < grid.Count; g++)
        {
            var values = curves.Select(c => Interpolate(c, grid[g])).ToArray();
            var estimate = bootstrap.Estimate(ScoreMatrix.FromRuns(values), Aggregates.Mean);
            result[g] = new BandPoint(grid[g], estimate.Value, estimate.Lower, estimate.Upper, values.Length);
        }
        return result;
    }

    private static double Interpolate((double X, double Y)[] curve, double x)
    {
        if (x <= curve[0].X) return curve[0].Y;
        for (var i = 1; i < curve.Length; i++)
        {
            if (x > curve[i].X) continue;
            var (x0, y0) = curve[i - 1];
            var (x1, y1) = curve[i];
            return x1 == x0 ? y1 : y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
        return curve[^1].Y;
    }
}
