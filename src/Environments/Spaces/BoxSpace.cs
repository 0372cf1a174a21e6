namespace RLArena.Environments.Spaces;

/// <summary>
/// A box of float32 values with a shape and per-element bounds (Gymnasium's Box). Observations are written flat,
/// in row-major order of <see cref="Shape"/>.
/// </summary>
public sealed class BoxSpace
{
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

    public int[] Shape { get; }
    public int Size { get; }
    public float[] Low { get; }
    public float[] High { get; }

    public bool Contains(ReadOnlySpan<float> values)
    {
        if (values.Length != Size) return false;
        for (var i = 0; i < Size; i++)
        {
            if (float.IsNaN(values[i]) || values[i] < Low[i] || values[i] > High[i]) return false;
        }
        return true;
    }

    public override string ToString() => $"Box(shape=({string.Join(", ", Shape)}))";
}
