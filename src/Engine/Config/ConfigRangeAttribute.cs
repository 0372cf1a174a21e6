using System.Globalization;

namespace RLArena.Engine.Config;

/// <summary>
/// The valid range of a numeric setting (for an <c>int[]</c> setting: of each element, and at least one element),
/// declared next to the property and checked in one place, <see cref="ConfigBinder.Validate"/>.
/// <c>[ConfigRange(0, 1, MinExclusive = true)]</c> reads "in (0, 1]".
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigRangeAttribute(double min, double max = double.PositiveInfinity) : Attribute
{
    /// <summary>The smallest valid value (or the bound it must exceed, with <see cref="MinExclusive"/>).</summary>
    public double Min { get; } = min;

    /// <summary>The largest valid value (or the bound it must stay below, with <see cref="MaxExclusive"/>).</summary>
    public double Max { get; } = max;

    /// <summary>The value must be greater than <see cref="Min"/>, not equal to it.</summary>
    public bool MinExclusive { get; init; }

    /// <summary>The value must be less than <see cref="Max"/>, not equal to it.</summary>
    public bool MaxExclusive { get; init; }

    /// <summary>Whether <paramref name="value"/> lies in the range (NaN never does).</summary>
    public bool Contains(double value) =>
        (MinExclusive ? value > Min : value >= Min) && (MaxExclusive ? value < Max : value <= Max);

    /// <summary>"(0, 1]", "[1, ∞)", "[0, 1]".</summary>
    public override string ToString() =>
        (MinExclusive ? "(" : "[") + Bound(Min) + ", " + Bound(Max) + (MaxExclusive || Max >= long.MaxValue ? ")" : "]");

    // long.MaxValue as a bound means "no upper limit" for a long setting (a value above it cannot even be parsed).
    private static string Bound(double value) =>
        double.IsPositiveInfinity(value) || value >= long.MaxValue ? "∞" : double.IsNegativeInfinity(value) ? "-∞" : value.ToString("R", CultureInfo.InvariantCulture);
}
