using System.Globalization;
using RLArena.Core.Errors;

namespace RLArena.Environments.Authoring;

/// <summary>
/// What a game's observation looks like: a flat vector (<see cref="Vector"/>) or an image of channels × height ×
/// width (<see cref="Pixels"/>, written channel by channel, each row by row from the top). Every value must lie in
/// [<see cref="Low"/>, <see cref="High"/>]; <see cref="AgentEnvironment"/> checks that on every observation.
/// </summary>
public sealed record ObservationShape
{
    /// <summary>The largest number of values one observation may have (64 Mi floats).</summary>
    public const int MaxSize = 1 << 26;

    private ObservationShape(int[] dimensions, float low, float high, bool isPixels)
    {
        Dimensions = dimensions;
        Low = low;
        High = high;
        IsPixels = isPixels;
        var size = dimensions.Aggregate(1L, (a, b) => a * b);
        if (size > MaxSize) throw new UserFacingException($"ObservationShape {this} has {size} values; at most {MaxSize} are allowed.");
        Size = (int)size;
    }

    /// <summary>The dimensions: [size] for a vector, [channels, height, width] for pixels.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The smallest value an observation may hold.</summary>
    public float Low { get; }

    /// <summary>The largest value an observation may hold.</summary>
    public float High { get; }

    /// <summary>True for channels × height × width observations (which convolutional networks take).</summary>
    public bool IsPixels { get; }

    /// <summary>How many values one observation has.</summary>
    public int Size { get; }

    /// <summary>A vector of <paramref name="size"/> values in [<paramref name="low"/>, <paramref name="high"/>] (unbounded by default).</summary>
    public static ObservationShape Vector(int size, float low = float.NegativeInfinity, float high = float.PositiveInfinity)
    {
        Check(size >= 1, $"ObservationShape.Vector({size}): the size must be at least 1.");
        CheckBounds(low, high);
        return new ObservationShape([size], low, high, isPixels: false);
    }

    /// <summary>An image of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/> values in [<paramref name="low"/>, <paramref name="high"/>] (0 to 1 by default).</summary>
    public static ObservationShape Pixels(int channels, int height, int width, float low = 0f, float high = 1f)
    {
        Check(channels >= 1 && height >= 1 && width >= 1,
            $"ObservationShape.Pixels({channels}, {height}, {width}): channels, height and width must each be at least 1.");
        CheckBounds(low, high);
        return new ObservationShape([channels, height, width], low, high, isPixels: true);
    }

    /// <summary>"vector of 8" or "pixels 1x10x5".</summary>
    public override string ToString() =>
        IsPixels ? $"pixels {string.Join("x", Dimensions)}" : $"vector of {Dimensions[0]}";

    /// <summary>The bounds as text, e.g. "[0, 1]".</summary>
    internal string BoundsText => $"[{Low.ToString(CultureInfo.InvariantCulture)}, {High.ToString(CultureInfo.InvariantCulture)}]";

    private static void CheckBounds(float low, float high) =>
        Check(!float.IsNaN(low) && !float.IsNaN(high) && low <= high && low != float.PositiveInfinity && high != float.NegativeInfinity,
            $"observation bounds [{low}, {high}] are not an interval; give low <= high.");

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new UserFacingException(message);
    }
}
