using System.Globalization;

namespace RLArena.Environments.Spaces;

/// <summary>
/// A box of float32 values with a shape and per-element bounds (Gymnasium's Box). Observations and continuous
/// actions are written flat, in row-major order of <see cref="Shape"/>.
/// </summary>
public sealed class BoxSpace
{
    /// <summary>A box of the given shape with per-element bounds.</summary>
    /// <param name="shape">The dimensions; the element count is their product.</param>
    /// <param name="low">The lower bound of every element (may be −∞).</param>
    /// <param name="high">The upper bound of every element (may be +∞).</param>
    public BoxSpace(int[] shape, float[] low, float[] high)
    {
        Shape = shape;
        Size = shape.Aggregate(1, (a, b) => a * b);
        if (low.Length != Size || high.Length != Size)
            throw new ArgumentException($"bounds must have {Size} values for shape ({string.Join(", ", shape)}).");
        for (var i = 0; i < Size; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"bound {i} is [{low[i]}, {high[i]}]; a lower bound must be a number not above its upper bound.");
        }
        Low = low;
        High = high;
    }

    /// <summary>A box with the same bounds for every element.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <param name="low">The lower bound of every element.</param>
    /// <param name="high">The upper bound of every element.</param>
    public static BoxSpace Uniform(int[] shape, float low, float high)
    {
        var size = shape.Aggregate(1, (a, b) => a * b);
        return new BoxSpace(shape, Enumerable.Repeat(low, size).ToArray(), Enumerable.Repeat(high, size).ToArray());
    }

    /// <summary>The dimensions.</summary>
    public int[] Shape { get; }

    /// <summary>How many float32 values one element of the box has (the product of <see cref="Shape"/>).</summary>
    public int Size { get; }

    /// <summary>The lower bound of each value.</summary>
    public float[] Low { get; }

    /// <summary>The upper bound of each value.</summary>
    public float[] High { get; }

    /// <summary>Whether every value is finite-bounded (no infinite bound), as a continuous action space must be to sample it.</summary>
    public bool IsBounded
    {
        get
        {
            for (var i = 0; i < Size; i++)
            {
                if (float.IsInfinity(Low[i]) || float.IsInfinity(High[i])) return false;
            }
            return true;
        }
    }

    /// <summary>Whether <paramref name="values"/> has <see cref="Size"/> values, none NaN, each within its bounds.</summary>
    /// <param name="values">The values to test.</param>
    public bool Contains(ReadOnlySpan<float> values)
    {
        if (values.Length != Size) return false;
        for (var i = 0; i < Size; i++)
        {
            if (float.IsNaN(values[i]) || values[i] < Low[i] || values[i] > High[i]) return false;
        }
        return true;
    }

    /// <summary>Writes <paramref name="values"/> clipped to the bounds into <paramref name="clipped"/> (NumPy's <c>np.clip</c>; the two may be the same span).</summary>
    /// <param name="values">The values (<see cref="Size"/> of them).</param>
    /// <param name="clipped">Receives the clipped values (<see cref="Size"/> of them).</param>
    public void Clip(ReadOnlySpan<float> values, Span<float> clipped)
    {
        if (values.Length != Size || clipped.Length != Size)
            throw new ArgumentException($"clipping needs {Size} values in and out, got {values.Length} and {clipped.Length}.");
        for (var i = 0; i < Size; i++) clipped[i] = Math.Min(Math.Max(values[i], Low[i]), High[i]);
    }

    /// <summary>Whether the two boxes have the same shape and bounds.</summary>
    /// <param name="other">The other box.</param>
    public bool SameAs(BoxSpace? other) =>
        other is not null
        && Shape.AsSpan().SequenceEqual(other.Shape)
        && Low.AsSpan().SequenceEqual(other.Low)
        && High.AsSpan().SequenceEqual(other.High);

    /// <summary>The shape with its bounds, as Gymnasium prints a box: "Box(-2, 2, (1,))", or per-element bounds "Box([-1, -0.07], [0.6, 0.07], (2,))".</summary>
    public string Describe()
    {
        var shape = Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
        var uniform = Low.All(l => l.Equals(Low[0])) && High.All(h => h.Equals(High[0]));
        return uniform && Size > 0
            ? $"Box({Format(Low[0])}, {Format(High[0])}, {shape})"
            : $"Box([{string.Join(", ", Low.Select(Format))}], [{string.Join(", ", High.Select(Format))}], {shape})";
    }

    /// <inheritdoc/>
    public override string ToString() => $"Box(shape=({string.Join(", ", Shape)}))";

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
