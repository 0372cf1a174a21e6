namespace RLArena.Environments.Spaces;

/// <summary>
/// A box of float32 values with a shape and per-element bounds (Gymnasium's Box). Observations are written flat,
/// in row-major order of <see cref="Shape"/>.
/// </summary>
public sealed class BoxSpace
{
    /// <summary>A box of <paramref name="shape"/> with per-value bounds.</summary>
    /// <param name="shape">The dimensions ([n], or [C, H, W] for images).</param>
    /// <param name="low">The lower bound of each value (one per value, row-major).</param>
    /// <param name="high">The upper bound of each value.</param>
    public BoxSpace(int[] shape, float[] low, float[] high)
    {
        Shape = shape;
        Size = shape.Aggregate(1, (a, b) => a * b);
        if (low.Length != Size || high.Length != Size)
            throw new ArgumentException($"bounds must have {Size} values for shape ({string.Join(", ", shape)}).");
        Low = low;
        High = high;
    }

    /// <summary>A box with the same bounds for every element.</summary>
    public static BoxSpace Uniform(int[] shape, float low, float high)
    {
        var size = shape.Aggregate(1, (a, b) => a * b);
        return new BoxSpace(shape, Enumerable.Repeat(low, size).ToArray(), Enumerable.Repeat(high, size).ToArray());
    }

    /// <summary>The dimensions.</summary>
    public int[] Shape { get; }
    /// <summary>The number of values: the product of the dimensions.</summary>
    public int Size { get; }
    /// <summary>The lower bound of each value.</summary>
    public float[] Low { get; }
    /// <summary>The upper bound of each value.</summary>
    public float[] High { get; }

    /// <summary>Whether every value lies within its bounds (and none is NaN).</summary>
    /// <param name="values">An observation.</param>
    public bool Contains(ReadOnlySpan<float> values)
    {
        if (values.Length != Size) return false;
        for (var i = 0; i < Size; i++)
        {
            if (float.IsNaN(values[i]) || values[i] < Low[i] || values[i] > High[i]) return false;
        }
        return true;
    }

    /// <summary>"Box(shape=(...))".</summary>
    public override string ToString() => $"Box(shape=({string.Join(", ", Shape)}))";
}
