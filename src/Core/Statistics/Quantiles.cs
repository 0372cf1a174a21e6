namespace RLArena.Core.Statistics;

/// <summary>Percentiles with linear interpolation between order statistics (numpy's default method).</summary>
public static class Quantiles
{
    /// <summary>The q-th percentile (0-100) of the values: position q/100·(n−1) in the sorted values, interpolated linearly.</summary>
    /// <param name="values">At least one value.</param>
    /// <param name="percent">The percentile, in [0, 100].</param>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("The percentile of no values is undefined.", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return PercentileOfSorted(sorted, percent);
    }

    /// <summary>The median: the 50th percentile.</summary>
    /// <param name="values">At least one value.</param>
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>As <see cref="Percentile"/>, for values already sorted ascending (no copy is made).</summary>
    /// <param name="sorted">At least one value, sorted ascending.</param>
    /// <param name="percent">The percentile, in [0, 100].</param>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.Length == 0) throw new ArgumentException("The percentile of no values is undefined.", nameof(sorted));
        if (!(percent >= 0 && percent <= 100)) throw new ArgumentOutOfRangeException(nameof(percent), "must be in [0, 100]");
        var position = percent / 100.0 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var fraction = position - below;
        return sorted[below] + (sorted[above] - sorted[below]) * fraction;
    }
}
