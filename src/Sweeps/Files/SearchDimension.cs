using System.Globalization;
using RLArena.Core.Reproducibility;

namespace RLArena.Sweeps.Files;

/// <summary>How one setting of a search space takes its values.</summary>
public enum SearchKind
{
    /// <summary>A list of values, each taken by grid sampling (<c>key: [a, b]</c> or <c>key: {grid: [a, b]}</c>).</summary>
    Grid,

    /// <summary>A list of values; random sampling picks one uniformly, grid sampling takes each (<c>{choice: [a, b]}</c>).</summary>
    Choice,

    /// <summary>A real number drawn uniformly from [low, high] (<c>{uniform: [low, high]}</c>).</summary>
    Uniform,

    /// <summary>A positive real number whose logarithm is uniform in [log low, log high] (<c>{log_uniform: [low, high]}</c>).</summary>
    LogUniform,

    /// <summary>A whole number from low to high, both included (<c>{int: [low, high]}</c>).</summary>
    IntRange,
}

/// <summary>
/// One setting of a search space: its config key, how it varies and its values or bounds. Values are kept as the
/// text a config file would hold ("0.001", "64,64"), so they bind exactly like any other setting.
/// </summary>
public sealed class SearchDimension
{
    /// <summary>The most values a grid may take from one <see cref="SearchKind.IntRange"/>.</summary>
    public const int MaxIntGridValues = 1000;

    /// <summary>Makes a dimension.</summary>
    /// <param name="key">The config key (snake_case, e.g. learning_rate).</param>
    /// <param name="kind">How the values vary.</param>
    /// <param name="values">The listed values (grid and choice); empty otherwise.</param>
    /// <param name="low">The lower bound (uniform, log-uniform, int); 0 otherwise.</param>
    /// <param name="high">The upper bound (uniform, log-uniform, int); 0 otherwise.</param>
    /// <param name="wholeNumbers">Whether the setting is a whole number (int or long): uniform draws are rounded.</param>
    public SearchDimension(string key, SearchKind kind, IReadOnlyList<string> values, double low, double high, bool wholeNumbers)
    {
        Key = key;
        Kind = kind;
        Values = values;
        Low = low;
        High = high;
        WholeNumbers = wholeNumbers;
    }

    /// <summary>The config key.</summary>
    public string Key { get; }

    /// <summary>How the values vary.</summary>
    public SearchKind Kind { get; }

    /// <summary>The listed values of a grid or choice.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The lower bound of a uniform, log-uniform or int range.</summary>
    public double Low { get; }

    /// <summary>The upper bound of a uniform, log-uniform or int range.</summary>
    public double High { get; }

    /// <summary>Whether the setting holds whole numbers (a uniform draw is rounded to the nearest one).</summary>
    public bool WholeNumbers { get; }

    /// <summary>Whether grid sampling can enumerate this dimension (lists and int ranges; not real-valued ranges).</summary>
    public bool IsDiscrete => Kind is SearchKind.Grid or SearchKind.Choice or SearchKind.IntRange;

    /// <summary>Every value in order (grid sampling); only for <see cref="IsDiscrete"/> dimensions.</summary>
    public IReadOnlyList<string> Enumerate()
    {
        if (Kind == SearchKind.IntRange)
        {
            var values = new List<string>();
            for (var v = (long)Low; v <= (long)High; v++) values.Add(v.ToString(CultureInfo.InvariantCulture));
            return values;
        }
        if (!IsDiscrete) throw new InvalidOperationException($"{Key}: a {Kind} range has no finite list of values.");
        return Values;
    }

    /// <summary>One value drawn with <paramref name="rng"/> (random sampling).</summary>
    /// <param name="rng">The sweep's sampling generator.</param>
    public string Sample(Rng rng)
    {
        switch (Kind)
        {
            case SearchKind.Grid or SearchKind.Choice:
                return Values[rng.NextInt(Values.Count)];
            case SearchKind.IntRange:
                var count = (long)High - (long)Low + 1;
                var offset = (long)(rng.NextDouble() * count);
                return ((long)Low + Math.Min(offset, count - 1)).ToString(CultureInfo.InvariantCulture);
            case SearchKind.Uniform:
                return Format(Low + rng.NextDouble() * (High - Low));
            default:
                return Format(Math.Exp(Math.Log(Low) + rng.NextDouble() * (Math.Log(High) - Math.Log(Low))));
        }
    }

    private string Format(double value) => WholeNumbers
        ? Math.Round(value, MidpointRounding.AwayFromZero).ToString("F0", CultureInfo.InvariantCulture)
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>How the file wrote it, for messages and the plan: "log_uniform [0.0001, 0.01]", "grid [1, 2, 4]".</summary>
    public override string ToString() => Kind switch
    {
        SearchKind.Grid => $"grid [{string.Join(", ", Values)}]",
        SearchKind.Choice => $"choice [{string.Join(", ", Values)}]",
        SearchKind.Uniform => $"uniform [{Low.ToString("R", CultureInfo.InvariantCulture)}, {High.ToString("R", CultureInfo.InvariantCulture)}]",
        SearchKind.LogUniform => $"log_uniform [{Low.ToString("R", CultureInfo.InvariantCulture)}, {High.ToString("R", CultureInfo.InvariantCulture)}]",
        _ => $"int [{Low.ToString("R", CultureInfo.InvariantCulture)}, {High.ToString("R", CultureInfo.InvariantCulture)}]",
    };
}
